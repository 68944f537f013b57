"""Plan pages: ambitions → goals → actions, the status workflow and the national actions template.

Views are thin: fetch the coalition through the access selector (404 for outsiders) → validate a form →
call a service (which checks permission again and audits) → redirect, or the form again with 422.
The form helpers shared by every workspace page live in `coalitions.pages` and `core.form_helpers`.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kansrijk.coalitions.forms.plan import ActionForm, AdoptForm, AmbitionForm, GoalForm, StatusForm
from kansrijk.coalitions.models import Action, Ambition, Coalition, Goal
from kansrijk.coalitions.pages import confirm_page, editable_coalition, form_page
from kansrijk.coalitions.selectors.access import coalition_get_for_user
from kansrijk.coalitions.selectors.plan import (
    indicator_figures,
    national_actions_overview,
    national_source,
    plan_rights,
    plan_tree,
)
from kansrijk.coalitions.services import plan as services
from kansrijk.coalitions.templates_data import national_action
from kansrijk.coalitions.workflow import next_statuses, transition_label
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit


def _plan_url(coalition: Coalition, anchor: str = "") -> str:
    return reverse("coalitions:plan", args=[coalition.slug]) + (f"#{anchor}" if anchor else "")


# --- the plan page ------------------------------------------------------------------------------------


def _plan_context(request: HttpRequest, coalition: Coalition) -> dict[str, Any]:
    tree = plan_tree(coalition=coalition)
    rights = plan_rights(request.user, coalition)
    today = timezone.localdate()
    transitions = {
        a.pk: [(to, transition_label(a.status, to)) for to in next_statuses(a.status)]
        if rights.may_change_status(a)
        else []
        for a in tree.all_actions
    }
    indicators = [i for g in tree.all_goals for i in g.indicators.all()]
    return {
        "coalition": coalition,
        "tree": tree,
        "may_edit": rights.may_edit(),
        "transitions": transitions,
        "figures": indicator_figures(coalition=coalition, indicators=indicators),
        "today": today,
    }


@require_GET
@login_required
def plan(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    return render(request, "coalitions/plan/plan.html", _plan_context(request, coalition))


@require_POST
@login_required
def action_status(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    action = get_object_or_404(Action, coalition=coalition, public_id=public_id)
    form = StatusForm(request.POST)
    done = submit(
        request,
        form,
        save=lambda data: services.action_change_status(
            action=action, to=data["to"], actor=signed_in_user(request)
        ),
        success=lambda changed: (
            _("De status van “%(t)s” is nu: %(s)s.") % {"t": changed.title, "s": changed.get_status_display()}
        ),
        next_url=lambda changed: _plan_url(coalition, f"actie-{changed.public_id}"),
    )
    if done:
        return done
    context = _plan_context(request, coalition)
    context["status_errors"] = [e for errors in form.errors.values() for e in errors]
    return render(request, "coalitions/plan/plan.html", context, status=422)


# --- ambitions ----------------------------------------------------------------------------------------


@require_http_methods(GET_POST)
@login_required
def ambition_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    form = AmbitionForm(posted(request))
    done = submit(
        request,
        form,
        save=lambda data: services.ambition_create(
            coalition=coalition, actor=signed_in_user(request), **data
        ),
        success=_("De ambitie is toegevoegd."),
        next_url=lambda ambition: _plan_url(coalition, f"ambitie-{ambition.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Ambitie toevoegen"),
        submit=_("Ambitie opslaan"),
        cancel_url=_plan_url(coalition),
    )


@require_http_methods(GET_POST)
@login_required
def ambition_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    ambition = get_object_or_404(Ambition, coalition=coalition, public_id=public_id)
    initial = {"title": ambition.title, "description": ambition.description}
    form = AmbitionForm(posted(request), initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.ambition_update(ambition=ambition, actor=signed_in_user(request), **data),
        success=_("De ambitie is bijgewerkt."),
        next_url=_plan_url(coalition, f"ambitie-{ambition.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Ambitie bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=_plan_url(coalition),
    )


@require_http_methods(GET_POST)
@login_required
def ambition_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    ambition = get_object_or_404(Ambition, coalition=coalition, public_id=public_id)
    done = confirm(
        request,
        do=lambda: services.ambition_delete(ambition=ambition, actor=signed_in_user(request)),
        success=_("De ambitie “%(t)s” is verwijderd.") % {"t": ambition.title},
        next_url=_plan_url(coalition),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Ambitie verwijderen"),
        question=_(
            "Wilt u de ambitie “%(t)s” met haar doelen verwijderen? De acties blijven in het plan, "
            "als acties zonder doel."
        )
        % {"t": ambition.title},
        submit=_("Ambitie verwijderen"),
        cancel_url=_plan_url(coalition),
    )


# --- goals --------------------------------------------------------------------------------------------


@require_http_methods(GET_POST)
@login_required
def goal_new(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    ambition = get_object_or_404(Ambition, coalition=coalition, public_id=public_id)
    form = GoalForm(posted(request))
    done = submit(
        request,
        form,
        save=lambda data: services.goal_create(ambition=ambition, actor=signed_in_user(request), **data),
        success=_("Het doel is toegevoegd."),
        next_url=lambda goal: _plan_url(coalition, f"doel-{goal.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Doel toevoegen"),
        intro=_("Bij de ambitie “%(t)s”.") % {"t": ambition.title},
        submit=_("Doel opslaan"),
        cancel_url=_plan_url(coalition, f"ambitie-{ambition.public_id}"),
    )


def _goal(coalition: Coalition, public_id: UUID) -> Goal:
    return get_object_or_404(
        Goal.objects.select_related("ambition"), ambition__coalition=coalition, public_id=public_id
    )


@require_http_methods(GET_POST)
@login_required
def goal_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    goal = _goal(coalition, public_id)
    initial = {
        "title": goal.title,
        "description": goal.description,
        "indicators": list(goal.indicators.all()),
    }
    form = GoalForm(posted(request), initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.goal_update(goal=goal, actor=signed_in_user(request), **data),
        success=_("Het doel is bijgewerkt."),
        next_url=_plan_url(coalition, f"doel-{goal.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Doel bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=_plan_url(coalition, f"doel-{goal.public_id}"),
    )


@require_http_methods(GET_POST)
@login_required
def goal_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    goal = _goal(coalition, public_id)
    done = confirm(
        request,
        do=lambda: services.goal_delete(goal=goal, actor=signed_in_user(request)),
        success=_("Het doel “%(t)s” is verwijderd.") % {"t": goal.title},
        next_url=_plan_url(coalition),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Doel verwijderen"),
        question=_(
            "Wilt u het doel “%(t)s” verwijderen? De acties blijven in het plan, als acties zonder doel."
        )
        % {"t": goal.title},
        submit=_("Doel verwijderen"),
        cancel_url=_plan_url(coalition, f"doel-{goal.public_id}"),
    )


# --- actions ------------------------------------------------------------------------------------------


@require_http_methods(GET_POST)
@login_required
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    initial = {"goal": request.GET.get("doel") or None}
    form = ActionForm(posted(request), coalition=coalition, initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.action_create(coalition=coalition, actor=signed_in_user(request), **data),
        success=_("De actie is toegevoegd."),
        next_url=lambda action: _plan_url(coalition, f"actie-{action.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Actie toevoegen"),
        submit=_("Actie opslaan"),
        cancel_url=_plan_url(coalition),
    )


@require_http_methods(GET_POST)
@login_required
def action_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    action = get_object_or_404(
        Action.objects.select_related("goal", "owner"), coalition=coalition, public_id=public_id
    )
    initial = {
        "title": action.title,
        "description": action.description,
        "goal": action.goal,
        "owner": action.owner,
        "due_date": action.due_date,
    }
    form = ActionForm(posted(request), coalition=coalition, initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.action_update(action=action, actor=signed_in_user(request), **data),
        success=_("De actie is bijgewerkt."),
        next_url=_plan_url(coalition, f"actie-{action.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Actie bewerken"),
        intro=_("De status wijzigt u met de knoppen bij de actie in het plan."),
        submit=_("Wijzigingen opslaan"),
        cancel_url=_plan_url(coalition, f"actie-{action.public_id}"),
    )


@require_http_methods(GET_POST)
@login_required
def action_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    action = get_object_or_404(Action, coalition=coalition, public_id=public_id)
    done = confirm(
        request,
        do=lambda: services.action_delete(action=action, actor=signed_in_user(request)),
        success=_("De actie “%(t)s” is verwijderd.") % {"t": action.title},
        next_url=_plan_url(coalition),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Actie verwijderen"),
        question=_("Wilt u de actie “%(t)s” verwijderen?") % {"t": action.title},
        submit=_("Actie verwijderen"),
        cancel_url=_plan_url(coalition, f"actie-{action.public_id}"),
    )


# --- national actions ---------------------------------------------------------------------------------


def _national_context(coalition: Coalition, request: HttpRequest) -> dict[str, Any]:
    return {
        "coalition": coalition,
        "rows": national_actions_overview(coalition=coalition),
        "source": national_source(),
        "may_edit": plan_rights(request.user, coalition).may_edit(),
    }


@require_GET
@login_required
def national_actions(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    return render(request, "coalitions/plan/landelijke_acties.html", _national_context(coalition, request))


@require_GET
@login_required
def national_action_form(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """The adapt-and-adopt form, prefilled with the national action."""
    coalition = editable_coalition(request, slug)
    template = national_action(number)
    if template is None:
        raise Http404(str(services.UNKNOWN_NATIONAL_ACTION).format(number=number))
    initial = {"number": number, "title": template["titel"], "description": template["lijn"]}
    form = AdoptForm(coalition=coalition, initial=initial)
    return _adopt_page(request, coalition, form, number)


def _adopt_page(
    request: HttpRequest, coalition: Coalition, form: AdoptForm, number: int | None
) -> HttpResponse:
    return form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Landelijke actie %(n)s aanpassen en overnemen") % {"n": number or ""},
        intro=national_source(),
        submit=_("Overnemen in het plan"),
        cancel_url=reverse("coalitions:landelijke_acties", args=[coalition.slug]),
        extra={"form_action": reverse("coalitions:landelijke_actie_overnemen", args=[coalition.slug])},
    )


@require_POST
@login_required
def national_action_adopt(request: HttpRequest, slug: str) -> HttpResponse:
    """Adopt as is (only `number` posted) or adapted (the form's other fields)."""
    coalition = editable_coalition(request, slug)
    form = AdoptForm(request.POST, coalition=coalition)
    adapted = "description" in request.POST
    done = submit(
        request,
        form,
        save=lambda data: services.national_action_adopt(
            coalition=coalition,
            number=data["number"],
            title=data["title"],
            description=data["description"] if adapted else None,
            goal=data["goal"],
            owner=data["owner"],
            due_date=data["due_date"],
            actor=signed_in_user(request),
        ),
        success=lambda action: (
            _("Landelijke actie %(n)s staat nu in het plan.") % {"n": action.national_action}
        ),
        next_url=lambda action: _plan_url(coalition, f"actie-{action.public_id}"),
    )
    if done:
        return done
    if not adapted:
        # Adopted as is from the list: show the list again, with the reason it did not work.
        context = _national_context(coalition, request)
        context["adopt_errors"] = [e for errors in form.errors.values() for e in errors]
        return render(request, "coalitions/plan/landelijke_acties.html", context, status=422)
    return _adopt_page(request, coalition, form, form.cleaned_data.get("number"))
