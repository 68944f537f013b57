"""The partners page: partner organisations, the kartrekker, coordinators and invitations.

Everyone in the coalition (and the national programme) reads it; only a coordinator changes it. A partner
a coordinator adds is a proposal until the organisation accepts it (views/partnerships.py); coordinators
see proposals separately, with their state.
Outside the coalition: 404. Visible but not a coordinator: 403. Bad input: the page again, 422.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from kansrijk.coalitions.forms.workspace import (
    CoordinatorAddForm,
    InvitationForm,
    PartnerAddForm,
    PartnerEditForm,
)
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.coalitions.selectors.access import (
    coalition_get_for_user,
    coalitions_visible_to,
    coordinators_of,
    user_coordinates,
)
from kansrijk.coalitions.selectors.workspace import (
    coordinator_candidates,
    invitation_is_expired,
    invitations_open,
    partner_get,
    partner_rows,
    partners_of,
    partners_pending,
)
from kansrijk.coalitions.services import NOT_COORDINATOR
from kansrijk.coalitions.services.coalition import (
    coordinator_add,
    coordinator_remove,
    lead_set,
    partner_add,
    partner_remove,
    partner_update,
)
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import submit

if TYPE_CHECKING:
    from kansrijk.accounts.models import User

PARTNER_ADDED = _(
    "{name} is voorgesteld als partner. De beheerder van {name} beslist; tot dan telt de organisatie nog "
    "niet mee."
)
PARTNER_CHANGED = _("De gegevens van {name} zijn opgeslagen.")
PARTNER_REMOVED = _("{name} is geen partner meer van deze coalitie.")
LEAD_CHANGED = _("{name} is nu de kartrekker.")
COORDINATOR_ADDED = _("{name} is nu coördinator.")
COORDINATOR_REMOVED = _("{name} is geen coördinator meer.")
PARTNER_NOT_FOUND = _("Deze partner hoort niet bij deze coalitie.")


def coordinator_coalition(request: HttpRequest, slug: str) -> Coalition:
    """The coalition, for a change: 404 when the user may not see it, 403 when only reading."""
    coalition = coalition_get_for_user(request.user, slug)
    if not user_coordinates(request.user, coalition):
        raise PermissionDenied(NOT_COORDINATOR)
    return coalition


def _person(user: User) -> str:
    return user.get_full_name() or user.email


def partners_url(coalition: Coalition, anchor: str = "") -> str:
    url = reverse("coalitions:partners", args=[coalition.slug])
    return f"{url}#{anchor}" if anchor else url


def render_partners(
    request: HttpRequest,
    coalition: Coalition,
    *,
    status: int = 200,
    error: str = "",
    **bound: forms.Form,
) -> HttpResponse:
    """The partners page; a coordinator also gets the forms (a failed one bound, with its errors)."""
    partners = list(partners_of(coalition))
    is_coordinator = user_coordinates(request.user, coalition)
    context: dict[str, Any] = {
        "coalition": coalition,
        "rows": partner_rows(partners, lead_id=coalition.lead_id),
        "lead_name": next(
            (p.organisation.name for p in partners if p.organisation_id == coalition.lead_id), None
        ),
        "coordinators": list(coordinators_of(coalition)),
        "is_coordinator": is_coordinator,
        "error": error,
    }
    if is_coordinator:
        invitations = list(invitations_open(coalition))
        pending = list(partners_pending(coalition))
        context.update(
            pending=pending,
            partner_form=bound.get("partner_form")
            or PartnerAddForm(
                prefix="partner",
                partner_org_ids=frozenset(p.organisation_id for p in [*partners, *pending]),
            ),
            coordinator_form=bound.get("coordinator_form")
            or CoordinatorAddForm(prefix="coord", candidates=coordinator_candidates(coalition)),
            invitation_form=bound.get("invitation_form")
            or InvitationForm(prefix="invite", coalition=coalition),
            invitations=[(i, invitation_is_expired(i)) for i in invitations],
        )
    return render(request, "coalitions/workspace/partners.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def partners_page(request: HttpRequest, slug: str) -> HttpResponse:
    return render_partners(request, coalition_get_for_user(request.user, slug))


@require_POST
@login_required
def partner_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    partner_org_ids = frozenset(
        [
            *partners_of(coalition).values_list("organisation_id", flat=True),
            *partners_pending(coalition).values_list("organisation_id", flat=True),
        ]
    )
    form = PartnerAddForm(request.POST, prefix="partner", partner_org_ids=partner_org_ids)
    done = submit(
        request,
        form,
        save=lambda data: partner_add(
            coalition=coalition,
            organisation=data["organisation_value"],
            actor=signed_in_user(request),
            **form.partner_fields(),
        ),
        success=lambda partner: str(PARTNER_ADDED).format(name=partner.organisation.name),
        next_url=partners_url(coalition, "partners"),
    )
    return done or render_partners(request, coalition, status=422, partner_form=form)


_EDIT_FIELDS = ("level", "role", "contact_name", "contact_email", "contact_phone")


def _partner_or_404(coalition: Coalition, public_id: UUID) -> CoalitionPartner:
    partner = partner_get(coalition, public_id)
    if partner is None:
        raise Http404(PARTNER_NOT_FOUND)
    return partner


@require_http_methods(["GET", "POST"])
@login_required
def partner_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    partner = _partner_or_404(coalition, public_id)
    form = PartnerEditForm(request.POST or None, initial={f: getattr(partner, f) for f in _EDIT_FIELDS})
    status = 200
    if request.method == "POST":
        done = submit(
            request,
            form,
            save=lambda data: partner_update(partner=partner, actor=signed_in_user(request), **data),
            success=str(PARTNER_CHANGED).format(name=partner.organisation.name),
            next_url=partners_url(coalition, "partners"),
        )
        if done:
            return done
        status = 422
    return render_partner_edit(request, coalition, partner, form, status=status)


def render_partner_edit(
    request: HttpRequest,
    coalition: Coalition,
    partner: CoalitionPartner,
    form: PartnerEditForm | None = None,
    *,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    if form is None:
        form = PartnerEditForm(initial={f: getattr(partner, f) for f in _EDIT_FIELDS})
    context = {
        "coalition": coalition,
        "partner": partner,
        "form": form,
        "is_lead": partner.organisation_id == coalition.lead_id,
        "error": error,
    }
    return render(request, "coalitions/workspace/partner_edit.html", context, status=status)


@require_POST
@login_required
def partner_remove_view(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    partner = _partner_or_404(coalition, public_id)
    name = partner.organisation.name
    try:
        partner_remove(partner=partner, actor=signed_in_user(request))
    except ValidationError as exc:
        return render_partner_edit(request, coalition, partner, status=422, error=exc.messages[0])
    messages.success(request, str(PARTNER_REMOVED).format(name=name))
    return redirect(partners_url(coalition, "partners"))


@require_POST
@login_required
def partner_lead(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    partner = _partner_or_404(coalition, public_id)
    try:
        lead_set(coalition=coalition, partner=partner, actor=signed_in_user(request))
    except ValidationError as exc:
        return render_partner_edit(request, coalition, partner, status=422, error=exc.messages[0])
    messages.success(request, str(LEAD_CHANGED).format(name=partner.organisation.name))
    return redirect(partners_url(coalition, "partners"))


@require_POST
@login_required
def coordinator_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    form = CoordinatorAddForm(request.POST, prefix="coord", candidates=coordinator_candidates(coalition))
    done = submit(
        request,
        form,
        save=lambda data: coordinator_add(
            coalition=coalition, user=data["user"], actor=signed_in_user(request)
        ),
        success=lambda _added: str(COORDINATOR_ADDED).format(name=_person(form.cleaned_data["user"])),
        next_url=partners_url(coalition, "coordinatoren"),
    )
    return done or render_partners(request, coalition, status=422, coordinator_form=form)


@require_POST
@login_required
def coordinator_remove_view(request: HttpRequest, slug: str, user_id: UUID) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    user = coordinators_of(coalition).filter(public_id=user_id).first()
    if user is None:
        raise Http404
    try:
        coordinator_remove(coalition=coalition, user=user, actor=signed_in_user(request))
    except ValidationError as exc:
        return render_partners(request, coalition, status=422, error=exc.messages[0])
    messages.success(request, str(COORDINATOR_REMOVED).format(name=_person(user)))
    # Someone who stops coordinating keeps taking part; the check stays for a participation that ended meanwhile.
    if coalitions_visible_to(request.user).filter(pk=coalition.pk).exists():
        return redirect(partners_url(coalition, "coordinatoren"))
    return redirect("coalitions:list")
