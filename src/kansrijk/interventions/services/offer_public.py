"""Writes of what the Wegwijzer may show of a local offer: chosen, not leaked.

A coordinator fills in the public contact, cost and referral and may switch "toon op de Wegwijzer" on: a
proposal. Only the partner organisation itself (its admin or a member, see
`selectors.wegwijzer.user_may_confirm_offer`) confirms; who and when is stored and audited. Any later
change of the public content, or another partner, clears the confirmation, so nothing the partner did not
see goes public.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.types import Actor
from kansrijk.audit.services import record
from kansrijk.interventions.models import LocalOffer, OfferCost, ReferralNeeded
from kansrijk.interventions.selectors.wegwijzer import user_may_confirm_offer

# The fields a coordinator proposes; `public_values` of an offer has exactly these keys.
PUBLIC_FIELDS = (
    "public_description",
    "public_phone",
    "public_address",
    "public_website",
    "cost",
    "referral_needed",
    "public_translations",
    "show_on_wegwijzer",
)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{1,38}$")

BAD_PHONE = _("Vul een telefoonnummer in met alleen cijfers, spaties, + en -.")
BAD_WEBSITE = _("Vul een volledig webadres in, dat begint met https://.")
UNKNOWN_LANGUAGE = _("Onbekende taalcode: {code}. Gebruik een code als en, ar, tr of pl.")
TOO_LONG = _("Maximaal {n} tekens.")
NOT_PARTNER = _("Alleen de partnerorganisatie zelf bevestigt wat op de Wegwijzer komt.")
NOT_PROPOSED = _(
    "Dit aanbod staat niet aan voor de Wegwijzer. Vraag de coördinator het eerst voor te stellen."
)
NO_CONTACT = _("Vul minstens één openbaar contact in: telefoon, adres of website.")


def public_values(offer: LocalOffer) -> dict[str, Any]:
    return {name: getattr(offer, name) for name in PUBLIC_FIELDS}


def public_validate(values: dict[str, Any]) -> dict[str, str]:
    """The errors of proposed public values, by field (empty: fine)."""
    errors: dict[str, str] = {}
    phone = values.get("public_phone") or ""
    if phone and not _PHONE.match(phone):
        errors["public_phone"] = str(BAD_PHONE)
    website = values.get("public_website") or ""
    if website:
        try:
            URLValidator(schemes=["https", "http"])(website)
        except ValidationError:
            errors["public_website"] = str(BAD_WEBSITE)
    if values.get("cost", OfferCost.ONBEKEND) not in OfferCost.values:
        errors["cost"] = str(_("Kies een van de mogelijkheden."))
    if values.get("referral_needed", ReferralNeeded.ONBEKEND) not in ReferralNeeded.values:
        errors["referral_needed"] = str(_("Kies een van de mogelijkheden."))
    for code, text in (values.get("public_translations") or {}).items():
        try:
            get_language_info(code)
        except KeyError:
            errors["public_translations"] = str(UNKNOWN_LANGUAGE).format(code=code)
            break
        if len(str(text.get("description", ""))) > 400:
            errors["public_translations"] = str(TOO_LONG).format(n=400)
    if values.get("show_on_wegwijzer") and not (phone or website or values.get("public_address")):
        errors["show_on_wegwijzer"] = str(NO_CONTACT)
    return errors


def public_apply(offer: LocalOffer, values: dict[str, Any], *, partner_changed: bool) -> bool:
    """Set the public fields (not saved). Clears the partner's confirmation when what it confirmed
    changes; returns whether it did."""
    before = public_values(offer)
    for name in PUBLIC_FIELDS:
        if name in values:
            value = values[name]
            setattr(offer, name, value.strip() if isinstance(value, str) else value)
    changed = partner_changed or public_values(offer) != before
    cleared = changed and offer.public_confirmed_at is not None
    if changed or not offer.show_on_wegwijzer:
        offer.public_confirmed_at, offer.public_confirmed_by = None, None
    return cleared


def public_snapshot(offer: LocalOffer) -> dict[str, Any]:
    """For audit events: the public content and who confirmed it when."""
    return {
        **public_values(offer),
        "public_confirmed_at": offer.public_confirmed_at.isoformat() if offer.public_confirmed_at else None,
    }


@transaction.atomic
def offer_public_confirm(*, offer: LocalOffer, actor: Actor) -> LocalOffer:
    """The partner organisation confirms that the offer, as it reads now, goes on the Wegwijzer.
    A `SystemActor` is the system (the demo)."""
    offer = LocalOffer.objects.select_for_update().select_related("partner__organisation").get(pk=offer.pk)
    if isinstance(actor, User) and not user_may_confirm_offer(actor, offer):
        raise PermissionDenied(NOT_PARTNER)
    if not offer.show_on_wegwijzer:
        raise ValidationError(str(NOT_PROPOSED))
    offer.public_confirmed_at = timezone.now()
    offer.public_confirmed_by = actor if isinstance(actor, User) else None
    offer.save(update_fields=["public_confirmed_at", "public_confirmed_by", "updated_at"])
    record(
        actor=actor,
        action="aanbod.wegwijzer_confirmed",
        obj=offer,
        changes={
            "coalition": offer.coalition.slug,
            "partner": offer.partner.organisation.name,
            **public_snapshot(offer),
        },
    )
    return offer


@transaction.atomic
def offer_public_withdraw(*, offer: LocalOffer, actor: Actor) -> LocalOffer:
    """The partner organisation takes its confirmation back: the offer leaves the Wegwijzer at once."""
    offer = LocalOffer.objects.select_for_update().select_related("partner__organisation").get(pk=offer.pk)
    if isinstance(actor, User) and not user_may_confirm_offer(actor, offer):
        raise PermissionDenied(NOT_PARTNER)
    offer.public_confirmed_at, offer.public_confirmed_by = None, None
    offer.save(update_fields=["public_confirmed_at", "public_confirmed_by", "updated_at"])
    record(
        actor=actor,
        action="aanbod.wegwijzer_withdrawn",
        obj=offer,
        changes={"coalition": offer.coalition.slug, "partner": offer.partner.organisation.name},
    )
    return offer
