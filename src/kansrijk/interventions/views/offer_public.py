"""The partner organisation confirms what the public Wegwijzer shows of its offers.

Only the partner organisation itself (its admin or a member) sees these pages; everyone else gets 404, so
the pages do not tell whether an offer exists. The coordinator proposes on the offer form.
"""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST
from kansrijk.interventions.selectors.wegwijzer import offer_for_confirmation, offers_to_confirm
from kansrijk.interventions.services.offer_public import offer_public_confirm, offer_public_withdraw


@require_GET
@login_required
def confirm_list(request: HttpRequest) -> HttpResponse:
    offers = list(offers_to_confirm(request.user))
    return render(request, "interventions/offer/wegwijzer_list.html", {"offers": offers})


@require_http_methods(GET_POST)
@login_required
def confirm_offer(request: HttpRequest, public_id: UUID) -> HttpResponse:
    offer = offer_for_confirmation(request.user, public_id)
    if offer is None:
        raise Http404(_("Dit aanbod bestaat niet, of u bevestigt niet voor deze organisatie."))
    if request.method == "POST":
        actor = signed_in_user(request)
        if request.POST.get("besluit") == "intrekken":
            offer_public_withdraw(offer=offer, actor=actor)
            messages.success(request, _("Het aanbod staat niet meer op de Wegwijzer."))
        else:
            try:
                offer_public_confirm(offer=offer, actor=actor)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(request.path)
            messages.success(request, _("Bevestigd. Het aanbod staat nu op de Wegwijzer."))
        return redirect(reverse("interventions:aanbod_wegwijzer_lijst"))
    return render(request, "interventions/offer/wegwijzer_confirm.html", {"offer": offer})
