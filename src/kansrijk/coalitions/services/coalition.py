"""Writes for coalitions, their partner organisations, their kartrekker and their coordinators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify

from kansrijk.accounts.models import Organisation, OrganisationKind, User
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.services import record
from kansrijk.coalitions.models import Coalition, CoalitionPartner, PartnerLevel
from kansrijk.coalitions.selectors.access import user_may_create_coalition
from kansrijk.coalitions.services._common import ensure_coordinator

# Words under /coalities/ that are fixed pages, not coalitions (see coalitions/urls.py).
RESERVED_SLUGS: frozenset[str] = frozenset({"nieuw", "praktijken", "uitnodiging", "vragenlijsten", "api"})

NO_MUNICIPALITIES = "Kies minstens één gemeente."
ONLY_MUNICIPALITIES = "Een coalitie bestaat uit gemeenten"
NOT_CURRENT_MUNICIPALITY = "Kies gemeenten uit de huidige gemeentelijke indeling: {names} bestaat niet meer."
RESERVED_SLUG = "Het webadres “{slug}” is gereserveerd voor het platform. Kies een ander webadres."
DUPLICATE_SLUG = "Er bestaat al een coalitie met het webadres “{slug}”. Kies een ander webadres."
EMPTY_SLUG = "Kies een webadres met minstens één letter of cijfer."
MAY_NOT_CREATE = "Alleen coördinatoren en platformbeheerders kunnen een coalitie aanmaken."
DUPLICATE_PARTNER = "Deze organisatie is al partner van deze coalitie."
LAST_COORDINATOR_ORG = "De kartrekker kan niet worden verwijderd; kies eerst een andere kartrekker."
ORGANISATION_EXISTS = "Er bestaat al een organisatie met de naam “{name}”. Kies haar uit de lijst."
UNKNOWN_KIND = "Kies het soort organisatie."
LEAD_NOT_PARTNER = "Alleen een partner van deze coalitie kan kartrekker zijn."
ALREADY_LEAD = "Deze organisatie is al de kartrekker."
ALREADY_COORDINATOR = "Deze persoon is al coördinator van deze coalitie."
COORDINATOR_NOT_PARTNER = (
    "Alleen medewerkers van een partnerorganisatie van deze coalitie kunnen coördinator worden."
)
NOT_A_COORDINATOR = "Deze persoon is geen coördinator van deze coalitie."
LAST_COORDINATOR = "De laatste coördinator kan niet worden verwijderd. Maak eerst iemand anders coördinator."


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation that is not on the platform yet: created inside the service that needs it,
    so a failure later in the same service leaves no stray organisation behind."""

    name: str
    kind: str


def organisation_resolve(
    organisation: Organisation | NewOrganisation, *, actor: User | None, prefix: str
) -> Organisation:
    """The existing organisation, or the new one created now. Must run inside the caller's transaction.

    Errors name the form fields `<prefix>_name` and `<prefix>_kind`."""
    if isinstance(organisation, Organisation):
        return organisation
    name = " ".join(organisation.name.split())
    if organisation.kind not in OrganisationKind.values:
        raise ValidationError({f"{prefix}_kind": UNKNOWN_KIND})
    # Case-insensitive: "GGD regio" and "GGD Regio" are the same organisation to a person.
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ValidationError({f"{prefix}_name": ORGANISATION_EXISTS.format(name=name)})
    return organisation_get_or_create(name=name, kind=organisation.kind, actor=actor)


def _check_slug(slug: str) -> None:
    if not slug:
        raise ValidationError({"slug": EMPTY_SLUG})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": RESERVED_SLUG.format(slug=slug)})
    if Coalition.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": DUPLICATE_SLUG.format(slug=slug)})


@transaction.atomic
def coalition_create(
    *,
    name: str,
    slug: str,
    municipalities: Iterable[Area],
    coordinators: Iterable[User],
    actor: User | None,
    is_demo: bool = False,
    lead: Organisation | NewOrganisation | None = None,
) -> Coalition:
    """A new coalition. With a `lead` (kartrekker) that organisation becomes its first, bestuurlijk partner.

    An empty `slug` is derived from the name. `actor=None` is the system (demo, tests); a user
    must be allowed to create coalitions."""
    if actor is not None and not user_may_create_coalition(actor):
        raise PermissionDenied(MAY_NOT_CREATE)
    municipalities = list(municipalities)
    if any(area.level != AreaLevel.MUNICIPALITY for area in municipalities):
        # ValueError (not ValidationError) kept: callers outside this app rely on it.
        raise ValueError(ONLY_MUNICIPALITIES)
    if lead is not None and not municipalities:
        # The page always passes a lead; the old programmatic callers may create an empty shell.
        raise ValidationError({"municipalities": NO_MUNICIPALITIES})
    dissolved = [area.name for area in municipalities if not area.current]
    if dissolved:
        raise ValidationError({"municipalities": NOT_CURRENT_MUNICIPALITY.format(names=", ".join(dissolved))})
    slug = (slug or slugify(name))[:80].strip("-")
    _check_slug(slug)
    coalition = Coalition(name=name, slug=slug, is_demo=is_demo)
    # validate_unique=False: _check_slug gave the clear message; the database constraint stays the guard.
    coalition.full_clean(validate_unique=False)
    lead_org = organisation_resolve(lead, actor=actor, prefix="lead") if lead is not None else None
    coalition.lead = lead_org
    coalition.save()
    coalition.municipalities.set(municipalities)
    coalition.coordinators.set(list(coordinators))
    if lead_org is not None:
        CoalitionPartner.objects.create(
            coalition=coalition, organisation=lead_org, role="Kartrekker", level=PartnerLevel.BESTUURLIJK
        )
    record(
        actor=actor,
        action="coalition.created",
        obj=coalition,
        changes={
            "name": name,
            "slug": slug,
            "municipalities": [a.code for a in municipalities],
            "lead": lead_org.name if lead_org else None,
        },
    )
    return coalition


@transaction.atomic
def partner_add(
    *,
    coalition: Coalition,
    organisation: Organisation | NewOrganisation,
    actor: User | None,
    role: str = "",
    level: str = PartnerLevel.UITVOEREND,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    check_permission: bool = True,
) -> CoalitionPartner:
    """Add an organisation (existing, or new by name and kind) as partner. `check_permission=False`
    only for an accepted invitation (the coordinator decided when inviting) and the demo."""
    if check_permission:
        ensure_coordinator(actor, coalition)  # type: ignore[arg-type]
    if (
        isinstance(organisation, Organisation)
        and CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).exists()
    ):
        raise ValidationError({"organisation": DUPLICATE_PARTNER})
    partner = CoalitionPartner(
        coalition=coalition,
        role=role,
        level=level,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    partner.full_clean(exclude=["organisation"], validate_unique=False)
    partner.organisation = organisation_resolve(organisation, actor=actor, prefix="new")
    partner.save()
    record(
        actor=actor,
        action="coalition.partner_added",
        obj=partner,
        changes={
            "coalition": coalition.slug,
            "organisation": partner.organisation.name,
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


@transaction.atomic
def lead_set(*, coalition: Coalition, partner: CoalitionPartner, actor: User) -> Coalition:
    """Make a partner organisation the kartrekker. The old kartrekker stays a partner."""
    ensure_coordinator(actor, coalition)
    if partner.coalition_id != coalition.pk:
        raise ValidationError(LEAD_NOT_PARTNER)
    if coalition.lead_id == partner.organisation_id:
        raise ValidationError(ALREADY_LEAD)
    before = coalition.lead.name if coalition.lead else None
    coalition.lead = partner.organisation
    coalition.save(update_fields=["lead", "updated_at"])
    record(
        actor=actor,
        action="coalition.lead_changed",
        obj=coalition,
        changes={"lead": [before, partner.organisation.name]},
    )
    return coalition


@transaction.atomic
def coordinator_add(*, coalition: Coalition, user: User, actor: User) -> None:
    """A user of one of the partner organisations becomes (co-)coordinator of the coalition."""
    ensure_coordinator(actor, coalition)
    if coalition.coordinators.filter(pk=user.pk).exists():
        raise ValidationError({"user": ALREADY_COORDINATOR})
    if not CoalitionPartner.objects.filter(
        coalition=coalition, organisation__memberships__user=user
    ).exists():
        raise ValidationError({"user": COORDINATOR_NOT_PARTNER})
    coalition.coordinators.add(user)
    record(
        actor=actor,
        action="coalition.coordinator_added",
        obj=coalition,
        changes={"coalition": coalition.slug, "user": user.email},
    )


@transaction.atomic
def coordinator_remove(*, coalition: Coalition, user: User, actor: User) -> None:
    ensure_coordinator(actor, coalition)
    # Lock the coalition row: two coordinators removing each other at once must not leave none.
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    coordinator_ids = set(coalition.coordinators.values_list("pk", flat=True))
    if user.pk not in coordinator_ids:
        raise ValidationError(NOT_A_COORDINATOR)
    if coordinator_ids == {user.pk}:
        raise ValidationError(LAST_COORDINATOR)
    coalition.coordinators.remove(user)
    record(
        actor=actor,
        action="coalition.coordinator_removed",
        obj=coalition,
        changes={"coalition": coalition.slug, "user": user.email},
    )
