"""Writes of a coalition's local offer: which partner provides which intervention, where, how much.

Only a coordinator of the coalition writes. Every rule is checked here (the form only parses), so the page,
the CLI and the API give the same clear message and nothing is saved when one fails.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.accounts.types import Actor
from kansrijk.areas.models import Area, AreaLevel, Phase
from kansrijk.audit.services import diff as audit_diff
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, CoalitionPartner, PartnerStatus
from kansrijk.coalitions.services import ensure_coordinator
from kansrijk.interventions.models import Intervention, LocalOffer
from kansrijk.interventions.services.menukaart import MENU_PHASES
from kansrijk.interventions.services.offer_public import (
    PUBLIC_FIELDS,
    public_apply,
    public_snapshot,
    public_validate,
    public_values,
)

PHASE_NOT_SERVED = _("“{intervention}” is niet bedoeld voor de fase {phase}.")
NO_OFFER_PHASE = _("Kies minstens één fase waarin de partner dit aanbiedt.")
PARTNER_NOT_IN_COALITION = _("Kies een partner van deze coalitie.")
NO_MUNICIPALITY = _("Kies minstens één gemeente.")
MUNICIPALITY_NOT_IN_COALITION = _("{names} hoort niet bij deze coalitie. Kies gemeenten van de coalitie.")
WIJK_OUTSIDE_MUNICIPALITIES = _("{names} ligt niet in de gekozen gemeenten. Kies wijken in die gemeenten.")
NEGATIVE_CAPACITY = _("De capaciteit per jaar kan niet kleiner zijn dan 0.")
NEGATIVE_WAITING = _("De wachttijd kan niet kleiner zijn dan 0 dagen.")
DUPLICATE_OFFER = _("{partner} biedt “{intervention}” al aan in deze coalitie. Pas dat aanbod aan.")
INTERVENTION_INACTIVE = _("“{intervention}” staat niet meer op de menukaart. Kies een andere interventie.")
OFFER_NOT_IN_COALITION = _("Dit aanbod hoort niet bij deze coalitie.")


def _only_public(public: dict[str, Any]) -> None:
    unknown = set(public) - set(PUBLIC_FIELDS)
    if unknown:
        raise TypeError(f"unexpected arguments: {sorted(unknown)}")


def _phase_label(code: str) -> str:
    return str(Phase(code).label) if code in Phase.values else code


def _validate(
    *,
    coalition: Coalition,
    intervention: Intervention,
    partner: CoalitionPartner,
    phases: list[str],
    municipalities: list[Area],
    wijken: list[Area],
    capacity_per_year: int | None,
    waiting_days: int | None,
    offer: LocalOffer | None,
    public: dict[str, Any] | None = None,
) -> None:
    errors: dict[str, str] = public_validate(public or {})
    # Only an accepted partner counts (docs/adr/0007): a proposed one has not agreed to take part.
    if partner.coalition_id != coalition.pk or partner.status != PartnerStatus.ACCEPTED:
        errors["partner"] = str(PARTNER_NOT_IN_COALITION)
    # An existing offer keeps an intervention that has since left the menukaart.
    keeps = offer is not None and offer.intervention_id == intervention.pk
    if not keeps and not intervention.is_active:
        errors["intervention"] = str(INTERVENTION_INACTIVE).format(intervention=intervention.name)
    served = set(intervention.phase_rows.values_list("phase", flat=True))
    if not phases:
        errors["phases"] = str(NO_OFFER_PHASE)
    else:
        wrong = [p for p in phases if p not in served or p not in MENU_PHASES]
        if wrong:
            errors["phases"] = str(PHASE_NOT_SERVED).format(
                intervention=intervention.name, phase=", ".join(_phase_label(p) for p in wrong)
            )
    own = set(coalition.municipalities.values_list("pk", flat=True))
    if not municipalities:
        errors["municipalities"] = str(NO_MUNICIPALITY)
    else:
        foreign = [m.name for m in municipalities if m.pk not in own or m.level != AreaLevel.MUNICIPALITY]
        if foreign:
            errors["municipalities"] = str(MUNICIPALITY_NOT_IN_COALITION).format(names=", ".join(foreign))
    chosen = {m.pk for m in municipalities}
    outside = [w.name for w in wijken if w.level != AreaLevel.WIJK or w.parent_id not in chosen]
    if outside:
        errors["wijken"] = str(WIJK_OUTSIDE_MUNICIPALITIES).format(names=", ".join(outside))
    if capacity_per_year is not None and capacity_per_year < 0:
        errors["capacity_per_year"] = str(NEGATIVE_CAPACITY)
    if waiting_days is not None and waiting_days < 0:
        errors["waiting_days"] = str(NEGATIVE_WAITING)
    duplicate = LocalOffer.objects.filter(coalition=coalition, partner=partner, intervention=intervention)
    if offer is not None:
        duplicate = duplicate.exclude(pk=offer.pk)
    if "partner" not in errors and duplicate.exists():
        errors["intervention"] = str(DUPLICATE_OFFER).format(
            partner=partner.organisation.name, intervention=intervention.name
        )
    if errors:
        raise ValidationError(errors)


def _snapshot(offer: LocalOffer) -> dict[str, object]:
    return {
        "intervention": offer.intervention.slug,
        "partner": offer.partner.organisation.name,
        "phases": list(offer.phases),
        "municipalities": sorted(offer.municipalities.values_list("code", flat=True)),
        "wijken": sorted(offer.wijken.values_list("code", flat=True)),
        "capacity_per_year": offer.capacity_per_year,
        "waiting_days": offer.waiting_days,
        "contact": offer.contact,
        "since": offer.since.isoformat() if offer.since else None,
        **public_snapshot(offer),
    }


def _save(
    offer: LocalOffer,
    *,
    intervention: Intervention,
    partner: CoalitionPartner,
    phases: list[str],
    municipalities: list[Area],
    wijken: list[Area],
    capacity_per_year: int | None,
    waiting_days: int | None,
    contact: str,
    since: datetime.date | None,
    public: dict[str, Any],
) -> None:
    # Before the partner changes: another partner has not confirmed anything yet.
    public_apply(offer, public, partner_changed=offer.partner_id not in (None, partner.pk))
    offer.intervention, offer.partner = intervention, partner
    # Stored in the order of the first 1000 days, whatever order they came in.
    offer.phases = [p for p in MENU_PHASES if p in phases]
    offer.capacity_per_year, offer.waiting_days = capacity_per_year, waiting_days
    offer.contact, offer.since = contact.strip(), since
    try:
        # A savepoint: a lost race on the unique constraint must not break the caller's transaction.
        with transaction.atomic():
            offer.save()
    except IntegrityError as exc:
        raise ValidationError(
            {
                "intervention": str(DUPLICATE_OFFER).format(
                    partner=partner.organisation.name, intervention=intervention.name
                )
            }
        ) from exc
    offer.municipalities.set(municipalities)
    offer.wijken.set(wijken)


@transaction.atomic
def offer_create(
    *,
    coalition: Coalition,
    actor: Actor,
    intervention: Intervention,
    partner: CoalitionPartner,
    phases: Iterable[str],
    municipalities: Iterable[Area],
    wijken: Iterable[Area] = (),
    capacity_per_year: int | None = None,
    waiting_days: int | None = None,
    contact: str = "",
    since: datetime.date | None = None,
    **public: Any,
) -> LocalOffer:
    """A partner of this coalition offers an intervention of the menukaart in some of its municipalities
    (and, optionally, only some wijken of them). a `SystemActor` is the system (demo).

    `public`: the Wegwijzer fields (`offer_public.PUBLIC_FIELDS`), a proposal until the partner confirms."""
    _only_public(public)
    if isinstance(actor, User):
        ensure_coordinator(actor, coalition)
    phases, municipalities, wijken = list(phases), list(municipalities), list(wijken)
    _validate(
        coalition=coalition,
        intervention=intervention,
        partner=partner,
        phases=phases,
        municipalities=municipalities,
        wijken=wijken,
        capacity_per_year=capacity_per_year,
        waiting_days=waiting_days,
        offer=None,
        public=public,
    )
    offer = LocalOffer(coalition=coalition)
    _save(
        offer,
        intervention=intervention,
        partner=partner,
        phases=phases,
        municipalities=municipalities,
        wijken=wijken,
        capacity_per_year=capacity_per_year,
        waiting_days=waiting_days,
        contact=contact,
        since=since,
        public=public,
    )
    record(
        actor=actor,
        action="aanbod.offer_created",
        obj=offer,
        changes={"coalition": coalition.slug, **_snapshot(offer)},
    )
    return offer


@transaction.atomic
def offer_update(
    *,
    offer: LocalOffer,
    actor: Actor,
    intervention: Intervention,
    partner: CoalitionPartner,
    phases: Iterable[str],
    municipalities: Iterable[Area],
    wijken: Iterable[Area] = (),
    capacity_per_year: int | None = None,
    waiting_days: int | None = None,
    contact: str = "",
    since: datetime.date | None = None,
    **public: Any,
) -> LocalOffer:
    """Change every field of a local offer, with the same rules as offer_create. Public fields that are not
    passed keep their value; a change of the public content clears the partner's confirmation."""
    _only_public(public)
    coalition = offer.coalition
    if isinstance(actor, User):
        ensure_coordinator(actor, coalition)
    phases, municipalities, wijken = list(phases), list(municipalities), list(wijken)
    _validate(
        coalition=coalition,
        intervention=intervention,
        partner=partner,
        phases=phases,
        municipalities=municipalities,
        wijken=wijken,
        capacity_per_year=capacity_per_year,
        waiting_days=waiting_days,
        offer=offer,
        public={**public_values(offer), **public},
    )
    before = _snapshot(offer)
    _save(
        offer,
        intervention=intervention,
        partner=partner,
        phases=phases,
        municipalities=municipalities,
        wijken=wijken,
        capacity_per_year=capacity_per_year,
        waiting_days=waiting_days,
        contact=contact,
        since=since,
        public=public,
    )
    after = _snapshot(offer)
    diff = audit_diff(before, after)
    record(actor=actor, action="aanbod.offer_changed", obj=offer, changes=diff)
    return offer


@transaction.atomic
def offer_delete(*, offer: LocalOffer, actor: Actor) -> None:
    if isinstance(actor, User):
        ensure_coordinator(actor, offer.coalition)
    record(
        actor=actor,
        action="aanbod.offer_deleted",
        obj=offer,
        changes={"coalition": offer.coalition.slug, **_snapshot(offer)},
    )
    offer.delete()
