"""The organisation side of partnerships: an organisation's admin accepts or declines a coalition's proposal.

Only who administers the organisation (its org admin; the platform admin for an organisation without one)
sees the page and decides; anyone else gets 404. The rule itself is checked again in the services.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from kansrijk.accounts.organisation_selectors import user_administers_any
from kansrijk.coalitions.forms.workspace import PartnershipDeclineForm
from kansrijk.coalitions.models import PartnerStatus
from kansrijk.coalitions.selectors.partnerships import (
    partnership_get_to_decide,
    partnerships_of_administered,
)
from kansrijk.coalitions.services.participation import partner_accept, partner_decline
from kansrijk.core.auth import signed_in_user

PARTNERSHIP_ACCEPTED = _(
    "{organisation} doet nu mee met {coalition}. Een coördinator kan medewerkers uitnodigen."
)
PARTNERSHIP_DECLINED = _("U heeft het voorstel van {coalition} voor {organisation} afgewezen.")


def _render(
    request: HttpRequest, *, status: int = 200, error: str = "", form: PartnershipDeclineForm | None = None
) -> HttpResponse:
    partnerships = list(partnerships_of_administered(request.user))
    context = {
        "proposed": [p for p in partnerships if p.status == PartnerStatus.PROPOSED],
        "decided": [p for p in partnerships if p.status != PartnerStatus.PROPOSED],
        "decline_form": form or PartnershipDeclineForm(),
        "error": error,
    }
    return render(request, "coalitions/partnerships.html", context, status=status)


def _ensure_admin(request: HttpRequest) -> None:
    if not user_administers_any(request.user):
        raise Http404


@require_GET
@login_required
def partnerships_page(request: HttpRequest) -> HttpResponse:
    _ensure_admin(request)
    return _render(request)


@require_POST
@login_required
def partnership_accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    partner = partnership_get_to_decide(request.user, public_id)
    try:
        partner = partner_accept(partner=partner, actor=signed_in_user(request))
    except ValidationError as exc:
        return _render(request, status=422, error=exc.messages[0])
    messages.success(
        request,
        str(PARTNERSHIP_ACCEPTED).format(
            organisation=partner.organisation.name, coalition=partner.coalition.name
        ),
    )
    return redirect("coalitions:partnerships")


@require_POST
@login_required
def partnership_decline(request: HttpRequest, public_id: UUID) -> HttpResponse:
    partner = partnership_get_to_decide(request.user, public_id)
    form = PartnershipDeclineForm(request.POST)
    if not form.is_valid():
        return _render(request, status=422, form=form)
    try:
        partner = partner_decline(
            partner=partner, actor=signed_in_user(request), reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return _render(request, status=422, error=exc.messages[0])
    messages.success(
        request,
        str(PARTNERSHIP_DECLINED).format(
            organisation=partner.organisation.name, coalition=partner.coalition.name
        ),
    )
    return redirect("coalitions:partnerships")
