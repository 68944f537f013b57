"""Sharing a family's data with another organisation's team: consent (with the information text shown),
or another recorded legal basis; withdrawing consent and ending a basis. The services refuse without a
valid basis (e.g. a team that itself came in through consent cannot pass the data on); the refusal is
shown on the form."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from kansrijk.care.categories import DataCategory
from kansrijk.care.context import AccessContext
from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.sharing import ConsentForm, LegalBasisForm
from kansrijk.care.models import ConsentText, Episode, RelationBasis
from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.families import consent_get, family_read, legal_basis_get
from kansrijk.care.selectors.family_choices import sharing_teams
from kansrijk.care.services.consent import (
    consent_record,
    consent_withdraw,
    legal_basis_end,
    legal_basis_invoke,
)
from kansrijk.care.views._common import care_context

_T = "care/families/"
TEXT_CHANGED = gettext_lazy(
    "De informatietekst is intussen veranderd. Lees de nieuwe tekst met de ouder en probeer opnieuw."
)


def _forms(
    ctx: AccessContext, episode: Episode, data: Any = None, which: str = ""
) -> tuple[ConsentForm, LegalBasisForm]:
    teams = sharing_teams(ctx, episode)
    consent = ConsentForm(data if which == "consent" else None, teams=teams, persons=episode.persons.all())
    basis = LegalBasisForm(data if which == "basis" else None, teams=teams)
    return consent, basis


def _render(
    request: HttpRequest,
    ctx: AccessContext,
    public_id: UUID,
    forms: tuple[ConsentForm, LegalBasisForm] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    """The sharing page shows the family's names (who gave consent): logged as a read."""
    access = family_read(ctx, public_id, action="delen.bekijken", categories=[DataCategory.IDENTIFICATION])
    consent_form, basis_form = forms or _forms(ctx, access.episode)
    text = ConsentText.objects.order_by("-version").first()
    if text is not None and not consent_form.is_bound:
        consent_form.initial["text_version"] = text.version
    context = {
        "ctx": ctx,
        "episode": access.episode,
        "access": access,
        "consent_form": consent_form,
        "basis_form": basis_form,
        "consent_text": text,
        "may_share": access.relation is not None and access.relation.basis == RelationBasis.OWN,
    }
    return render(request, _T + "share.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def share_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """GET: the sharing page. POST: record consent."""
    ctx = care_context(request)
    if request.method == "GET":
        return _render(request, ctx, public_id)
    episode = episode_access(ctx, public_id).episode
    forms = _forms(ctx, episode, request.POST, "consent")
    form = forms[0]
    if form.is_valid():
        data = form.cleaned_data
        text = ConsentText.objects.filter(version=data["text_version"]).first()
        latest = ConsentText.objects.order_by("-version").first()
        if text is None or latest is None or text.pk != latest.pk:
            form.add_error(None, TEXT_CHANGED)
        else:
            try:
                consent_record(
                    ctx,
                    episode_id=public_id,
                    subject=data["subject"],
                    given_by=data["given_by"],
                    receiving_team=data["receiving_team"],
                    categories=data["categories"],
                    purpose=data["purpose"],
                    given_on=data["given_on"],
                    method=data["method"],
                    text=text,
                )
            except (ValidationError, PermissionDenied) as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("De toestemming is vastgelegd. Het andere team kan het gezin nu zien.")
                )
                return redirect("care:family", public_id)
    return _render(request, ctx, public_id, forms, status=422)


@require_POST
@login_required
def legal_basis_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    episode = episode_access(ctx, public_id).episode
    forms = _forms(ctx, episode, request.POST, "basis")
    form = forms[1]
    if form.is_valid():
        try:
            legal_basis_invoke(ctx, episode_id=public_id, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("De grondslag is vastgelegd. Het andere team kan het gezin nu zien."))
            return redirect("care:family", public_id)
    return _render(request, ctx, public_id, forms, status=422)


@require_POST
@login_required
def consent_withdraw_view(request: HttpRequest, public_id: UUID, consent_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    consent = consent_get(episode_access(ctx, public_id), consent_id)
    try:
        consent_withdraw(ctx, consent=consent)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
    else:
        messages.success(
            request, _("De toestemming is ingetrokken. Het andere team kan het gezin niet meer zien.")
        )
    return redirect("care:family", public_id)


@require_POST
@login_required
def legal_basis_end_view(request: HttpRequest, public_id: UUID, basis_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    basis = legal_basis_get(episode_access(ctx, public_id), basis_id)
    try:
        legal_basis_end(ctx, basis=basis)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("De grondslag is beëindigd. Het andere team kan het gezin niet meer zien.")
        )
    return redirect("care:family", public_id)
