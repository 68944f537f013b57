"""Ketenafspraken pages: the list by level (with reviews due), create/edit/delete, drafts from the checklist."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.coalitions.forms.agreements import AgreementForm, ChecklistForm
from kansrijk.coalitions.models import Agreement, Coalition
from kansrijk.coalitions.models.agreements import REVIEW_NOTICE_DAYS
from kansrijk.coalitions.pages import confirm_page, editable_coalition, form_page
from kansrijk.coalitions.selectors.access import coalition_get_for_user, user_coordinates
from kansrijk.coalitions.selectors.agreements import (
    agreements_by_level,
    agreements_due_for_review,
    checklist_explanation,
    checklist_points,
    checklist_title,
)
from kansrijk.coalitions.services import agreements as services
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit


def _list_url(coalition: Coalition, anchor: str = "") -> str:
    return reverse("coalitions:afspraken", args=[coalition.slug]) + (f"#{anchor}" if anchor else "")


@require_GET
@login_required
def agreements(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    today = timezone.localdate()
    context = {
        "coalition": coalition,
        "groups": agreements_by_level(coalition=coalition),
        "due": agreements_due_for_review(coalition=coalition, today=today),
        "today": today,
        "notice_days": REVIEW_NOTICE_DAYS,
        "may_edit": user_coordinates(request.user, coalition),
    }
    return render(request, "coalitions/plan/afspraken.html", context)


@require_http_methods(GET_POST)
@login_required
def agreement_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    form = AgreementForm(posted(request), coalition=coalition)
    done = submit(
        request,
        form,
        save=lambda data: services.agreement_create(
            coalition=coalition, actor=signed_in_user(request), **data
        ),
        success=lambda agreement: _("De afspraak “%(t)s” is opgeslagen.") % {"t": agreement.topic},
        next_url=lambda agreement: _list_url(coalition, f"afspraak-{agreement.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Afspraak toevoegen"),
        submit=_("Afspraak opslaan"),
        cancel_url=_list_url(coalition),
    )


def _agreement(coalition: Coalition, public_id: UUID) -> Agreement:
    return get_object_or_404(Agreement, coalition=coalition, public_id=public_id)


@require_http_methods(GET_POST)
@login_required
def agreement_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    agreement = _agreement(coalition, public_id)
    initial = {
        "level": agreement.level,
        "topic": agreement.topic,
        "text": agreement.text,
        "partners": list(agreement.partners.all()),
        "start_date": agreement.start_date,
        "review_date": agreement.review_date,
        "status": agreement.status,
    }
    form = AgreementForm(posted(request), coalition=coalition, initial=initial)
    done = submit(
        request,
        form,
        save=lambda data: services.agreement_update(
            agreement=agreement, actor=signed_in_user(request), **data
        ),
        # After the write: the message names the topic as saved.
        success=lambda _saved: _("De afspraak “%(t)s” is bijgewerkt.") % {"t": agreement.topic},
        next_url=_list_url(coalition, f"afspraak-{agreement.public_id}"),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Afspraak bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=_list_url(coalition, f"afspraak-{agreement.public_id}"),
    )


@require_http_methods(GET_POST)
@login_required
def agreement_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    agreement = _agreement(coalition, public_id)
    done = confirm(
        request,
        do=lambda: services.agreement_delete(agreement=agreement, actor=signed_in_user(request)),
        success=_("De afspraak “%(t)s” is verwijderd.") % {"t": agreement.topic},
        next_url=_list_url(coalition),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Afspraak verwijderen"),
        question=_("Wilt u de afspraak “%(t)s” verwijderen?") % {"t": agreement.topic},
        submit=_("Afspraak verwijderen"),
        cancel_url=_list_url(coalition, f"afspraak-{agreement.public_id}"),
    )


@require_http_methods(GET_POST)
@login_required
def checklist(request: HttpRequest, slug: str) -> HttpResponse:
    """Kansrijk's own regional checklist: chosen points become concept agreements."""
    coalition = coalition_get_for_user(request.user, slug)
    if request.method == "POST":
        ensure_coordinator(signed_in_user(request), coalition)
    # Readers see the checklist itself; only coordinators get the form that turns points into concepts.
    may_edit = user_coordinates(request.user, coalition)
    form = ChecklistForm(posted(request), coalition=coalition) if may_edit else None
    if form is not None:
        done = submit(
            request,
            form,
            save=lambda data: services.agreements_from_checklist(
                coalition=coalition, actor=signed_in_user(request), **data
            ),
            success=lambda created: (
                _("%(n)d conceptafspraken gemaakt uit de checklist. Werk ze uit en stel ze vast.")
                % {"n": len(created)}
            ),
            next_url=_list_url(coalition),
        )
        if done:
            return done
    context = {
        "coalition": coalition,
        "form": form,
        "title": checklist_title(),
        "explanation": checklist_explanation(),
        "points": checklist_points(coalition=coalition),
    }
    status = 422 if form is not None and form.is_bound else 200
    return render(request, "coalitions/plan/checklist.html", context, status=status)
