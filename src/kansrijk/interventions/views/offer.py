"""Local-offer pages of a coalition: the table by phase (members and the national programme read, others
404) and add/edit/remove (coordinators; other members 403)."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.pages import confirm_page, editable_coalition, form_page
from kansrijk.coalitions.selectors.access import coalition_get_for_user, user_coordinates
from kansrijk.core.auth import signed_in_user
from kansrijk.core.form_helpers import GET_POST, confirm, posted, submit
from kansrijk.interventions.forms.offer import OfferForm, offer_initial
from kansrijk.interventions.models import LocalOffer
from kansrijk.interventions.selectors.offer import offers_by_phase, offers_for
from kansrijk.interventions.services import offer as services


def _list_url(coalition: Coalition, anchor: str = "") -> str:
    return reverse("interventions:aanbod", args=[coalition.slug]) + (f"#{anchor}" if anchor else "")


@require_GET
@login_required
def offer_list(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coalition_get_for_user(request.user, slug)
    offers = offers_for(coalition)
    context = {
        "coalition": coalition,
        "offers": offers,
        "groups": offers_by_phase(offers),
        "may_edit": user_coordinates(request.user, coalition),
    }
    return render(request, "interventions/offer/list.html", context)


@require_http_methods(GET_POST)
@login_required
def offer_new(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    form = OfferForm(posted(request), coalition=coalition)
    done = submit(
        request,
        form,
        save=lambda data: services.offer_create(coalition=coalition, actor=signed_in_user(request), **data),
        success=lambda offer: _("“%(i)s” staat in het lokale aanbod.") % {"i": offer.intervention.name},
        next_url=_list_url(coalition),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Aanbod toevoegen"),
        submit=_("Aanbod opslaan"),
        cancel_url=_list_url(coalition),
        intro=_("Welke partner biedt welke interventie van de menukaart aan, waar, en hoeveel?"),
    )


def _offer(coalition: Coalition, public_id: UUID) -> LocalOffer:
    return get_object_or_404(
        LocalOffer.objects.select_related("intervention", "partner__organisation", "coalition"),
        coalition=coalition,
        public_id=public_id,
    )


@require_http_methods(GET_POST)
@login_required
def offer_edit(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    offer = _offer(coalition, public_id)
    form = OfferForm(posted(request), coalition=coalition, offer=offer, initial=offer_initial(offer))
    done = submit(
        request,
        form,
        save=lambda data: services.offer_update(offer=offer, actor=signed_in_user(request), **data),
        # After the write: the message names the intervention as saved.
        success=lambda _saved: _("Het aanbod “%(i)s” is bijgewerkt.") % {"i": offer.intervention.name},
        next_url=_list_url(coalition),
    )
    return done or form_page(
        request,
        coalition=coalition,
        form=form,
        title=_("Aanbod bewerken"),
        submit=_("Wijzigingen opslaan"),
        cancel_url=_list_url(coalition),
    )


@require_http_methods(GET_POST)
@login_required
def offer_delete(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = editable_coalition(request, slug)
    offer = _offer(coalition, public_id)
    label = f"{offer.intervention.name} ({offer.partner.organisation.name})"
    done = confirm(
        request,
        do=lambda: services.offer_delete(offer=offer, actor=signed_in_user(request)),
        success=_("Het aanbod “%(i)s” is verwijderd.") % {"i": label},
        next_url=_list_url(coalition),
    )
    return done or confirm_page(
        request,
        coalition=coalition,
        title=_("Aanbod verwijderen"),
        question=_("Wilt u het aanbod “%(i)s” verwijderen?") % {"i": label},
        submit=_("Aanbod verwijderen"),
        cancel_url=_list_url(coalition),
    )
