"""The professional's family pages: the worklist, registering a family, the family page, and keeping the
episode (a person's details, the child after birth, closing).

Every view gets its context from `care_context` (404 for anyone without a care team) and the family
through the selectors (404 when not visible). Reads are logged by the selectors, writes by the services.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext, professional_context_among, teams_of
from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.families import (
    ChildForm,
    CloseForm,
    CorrectionAnswerForm,
    PersonForm,
    RegisterForm,
    WorklistFilterForm,
)
from kansrijk.care.models import Episode, EpisodeStage, Person, PersonRole
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.families import (
    family_page,
    family_read,
    person_get,
    worklist,
)
from kansrijk.care.selectors.family_choices import coalitions_for_registering
from kansrijk.care.services.episodes import (
    PersonData,
    child_add,
    episode_close,
    family_register,
    person_update,
)
from kansrijk.care.views._common import acting_team, care_context
from kansrijk.core.auth import signed_in_user

_T = "care/families/"
IDENT = DataCategory.IDENTIFICATION


def _optional_url(name: str, *args: Any) -> str:
    """A link to a part another helper builds; empty while that part has no URL yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def worklist_view(request: HttpRequest) -> HttpResponse:
    # The context as `care_context` makes it, keeping the teams for the team switch (one query, not two).
    user = signed_in_user(request)
    teams = teams_of(user)
    ctx = professional_context_among(user, team=acting_team(request, teams), teams=teams)
    form = WorklistFilterForm(request.GET or None)
    stage = query = ""
    if form.is_valid():
        stage, query = form.cleaned_data["fase"], form.cleaned_data["zoek"]
    result = worklist(ctx, stage=stage, query=query, page_number=request.GET.get("pagina", 1))
    context = {
        "ctx": ctx,
        "teams": teams,
        "form": form if form.is_bound else WorklistFilterForm(),
        "page": result.page,
        "rows": result.rows,
        "filter_query": _filter_query(stage, query),
    }
    return render(request, _T + "worklist.html", context)


def _filter_query(stage: str, query: str) -> str:
    return urlencode({k: v for k, v in (("fase", stage), ("zoek", query)) if v})


@require_http_methods(["GET", "POST"])
@login_required
def register_view(request: HttpRequest) -> HttpResponse:
    ctx = care_context(request)
    coalitions = coalitions_for_registering(ctx)
    form = RegisterForm(request.POST or None, coalitions=coalitions)
    if request.method == "POST":
        if form.is_valid():
            try:
                episode = _register(ctx, form.cleaned_data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Het gezin is aangemeld."))
                return redirect("care:family", episode.public_id)
        return render(request, _T + "register.html", {"form": form, "ctx": ctx}, status=422)
    return render(request, _T + "register.html", {"form": form, "ctx": ctx, "no_coalition": not coalitions})


def _register(ctx: AccessContext, data: dict[str, Any]) -> Any:
    persons = [
        PersonData(
            role=PersonRole.PARENT,
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=data["birth_date"],
            postcode=data["postcode"],
            phone=data["phone"],
            email=data["email"],
            bsn=data["bsn"],
        )
    ]
    if data["partner_given_name"]:
        persons.append(
            PersonData(
                role=PersonRole.PARTNER,
                given_name=data["partner_given_name"],
                family_name=data["partner_family_name"],
                birth_date=data["partner_birth_date"],
            )
        )
    return family_register(
        ctx,
        coalition=data["coalition"],
        municipality=data["municipality"],
        wijk=data["wijk"],
        stage=data["stage"],
        due_date=data["due_date"],
        persons=persons,
    )


def render_family(
    request: HttpRequest,
    ctx: AccessContext,
    public_id: UUID,
    *,
    answer_form: CorrectionAnswerForm | None = None,
    answer_for: UUID | None = None,
    status: int = 200,
) -> HttpResponse:
    """The family page (also re-shown by the correction answer when the answer was not accepted)."""
    page = family_page(ctx, public_id)
    context = {
        "ctx": ctx,
        "page": page,
        "episode": page.episode,
        "access": page.access,
        "screening_url": _optional_url("care:screening_start", public_id),
        "answer_form": answer_form or CorrectionAnswerForm(),
        "answer_for": answer_for,
        "may_add_child": page.episode.stage == EpisodeStage.PREGNANT and page.access.may_see(IDENT),
    }
    return render(request, _T + "detail.html", context, status=status)


@require_GET
@login_required
def family_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return render_family(request, care_context(request), public_id)


@require_http_methods(["GET", "POST"])
@login_required
def person_edit_view(request: HttpRequest, public_id: UUID, person_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    form = PersonForm(request.POST or None)
    if request.method == "POST":
        person = person_get(episode_access(ctx, public_id), person_id)
        if form.is_valid():
            data = PersonData(role=person.role, **form.cleaned_data)
            try:
                person_update(ctx, episode_id=public_id, person=person, data=data)
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("De gegevens zijn opgeslagen."))
                return redirect("care:family", public_id)
    # The page shows the person's details: logged as a read (also when a POST is shown again).
    access = family_read(ctx, public_id, action="persoon.bekijken", categories=[IDENT])
    person = person_get(access, person_id)
    if not form.is_bound:
        form = PersonForm(initial=_person_initial(person))
    context = {"ctx": ctx, "episode": access.episode, "person": person, "form": form}
    return render(request, _T + "person_edit.html", context, status=422 if form.errors else 200)


def _person_initial(person: Person) -> dict[str, Any]:
    fields = ("given_name", "family_name", "birth_date", "postcode", "phone", "email")
    return {name: getattr(person, name) for name in fields}


@require_http_methods(["GET", "POST"])
@login_required
def child_add_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    form = ChildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            child_add(ctx, episode_id=public_id, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Het kind is toegevoegd. Het gezin staat nu in de fase 'Kind geboren'.")
            )
            return redirect("care:family", public_id)
    access = family_read(ctx, public_id, action="gezin.bekijken", categories=[IDENT])
    if not form.is_bound:
        form = ChildForm(initial={"family_name": _family_name(access.episode)})
    context = {"ctx": ctx, "episode": access.episode, "form": form}
    return render(request, _T + "child_add.html", context, status=422 if form.errors else 200)


def _family_name(episode: Episode) -> str:
    parent = episode.persons.filter(role=PersonRole.PARENT).first()
    return parent.family_name if parent else ""


@require_http_methods(["GET", "POST"])
@login_required
def close_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            episode_close(ctx, episode_id=public_id, reason=form.cleaned_data["reason"])
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Het gezin is afgesloten."))
            return redirect("care:family", public_id)
    access = family_read(ctx, public_id, action="gezin.bekijken", categories=[IDENT])
    context = {"ctx": ctx, "episode": access.episode, "form": form}
    return render(request, _T + "close.html", context, status=422 if form.errors else 200)
