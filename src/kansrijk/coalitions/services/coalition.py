"""Writes for coalitions and their partner organisations."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from kansrijk.accounts.models import Organisation, User
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, CoalitionPartner, PartnerLevel
from kansrijk.coalitions.services._common import ensure_coordinator

NO_MUNICIPALITIES = "Kies minstens één gemeente."
ONLY_MUNICIPALITIES = "Een coalitie bestaat uit gemeenten"
DUPLICATE_PARTNER = "Deze organisatie is al partner van deze coalitie."
LAST_COORDINATOR_ORG = "De kartrekker kan niet worden verwijderd; kies eerst een andere kartrekker."


@transaction.atomic
def coalition_create(
    *,
    name: str,
    slug: str,
    municipalities: Iterable[Area],
    coordinators: Iterable[User],
    actor: User | None,
    is_demo: bool = False,
    lead: Organisation | None = None,
) -> Coalition:
    """A new coalition. With a `lead` (kartrekker) that organisation becomes its first, bestuurlijk partner."""
    municipalities = list(municipalities)
    if any(area.level != AreaLevel.MUNICIPALITY for area in municipalities):
        # ValueError (not ValidationError) kept: callers outside this app rely on it.
        raise ValueError(ONLY_MUNICIPALITIES)
    if lead is not None and not municipalities:
        # The page always passes a lead; the old programmatic callers may create an empty shell.
        raise ValidationError({"municipalities": NO_MUNICIPALITIES})
    coalition = Coalition(name=name, slug=slug, is_demo=is_demo, lead=lead)
    coalition.full_clean()
    coalition.save()
    coalition.municipalities.set(municipalities)
    coalition.coordinators.set(list(coordinators))
    if lead is not None:
        CoalitionPartner.objects.create(
            coalition=coalition, organisation=lead, role="Kartrekker", level=PartnerLevel.BESTUURLIJK
        )
    record(
        actor=actor,
        action="coalition.created",
        obj=coalition,
        changes={
            "name": name,
            "municipalities": [a.code for a in municipalities],
            "lead": lead.name if lead else None,
        },
    )
    return coalition


@transaction.atomic
def partner_add(
    *,
    coalition: Coalition,
    organisation: Organisation,
    actor: User | None,
    role: str = "",
    level: str = PartnerLevel.UITVOEREND,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    check_permission: bool = True,
) -> CoalitionPartner:
    """Add an organisation as partner. `check_permission=False` only for an accepted invitation
    (the coordinator decided when inviting) and the demo."""
    if check_permission:
        ensure_coordinator(actor, coalition)  # type: ignore[arg-type]
    if CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).exists():
        raise ValidationError({"organisation": DUPLICATE_PARTNER})
    partner = CoalitionPartner(
        coalition=coalition,
        organisation=organisation,
        role=role,
        level=level,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    partner.full_clean(validate_unique=False)
    partner.save()
    record(
        actor=actor,
        action="coalition.partner_added",
        obj=partner,
        changes={
            "coalition": coalition.slug,
            "organisation": organisation.name,
            "level": level,
            "role": role,
        },
    )
    return partner


_PARTNER_FIELDS = ("role", "level", "contact_name", "contact_email", "contact_phone")


@transaction.atomic
def partner_update(*, partner: CoalitionPartner, actor: User, **changes: str) -> CoalitionPartner:
    """Change level, role text or contact details (keyword arguments named after the fields)."""
    ensure_coordinator(actor, partner.coalition)
    unknown = set(changes) - set(_PARTNER_FIELDS)
    if unknown:
        raise TypeError(f"Onbekende velden: {sorted(unknown)}")
    before = {field: getattr(partner, field) for field in changes}
    for field, value in changes.items():
        setattr(partner, field, value)
    partner.full_clean(validate_unique=False)
    partner.save()
    diff = {f: [before[f], v] for f, v in changes.items() if before[f] != v}
    record(actor=actor, action="coalition.partner_changed", obj=partner, changes=diff)
    return partner


@transaction.atomic
def partner_remove(*, partner: CoalitionPartner, actor: User) -> None:
    coalition = partner.coalition
    ensure_coordinator(actor, coalition)
    if coalition.lead_id == partner.organisation_id:
        raise ValidationError(LAST_COORDINATOR_ORG)
    record(
        actor=actor,
        action="coalition.partner_removed",
        obj=partner,
        changes={"coalition": coalition.slug, "organisation": partner.organisation.name},
    )
    partner.delete()
