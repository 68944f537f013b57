"""Writes for coalitions, their partner organisations, their kartrekker and their coordinators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.accounts.types import Actor, person
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.audit.services import record
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    Participation,
    ParticipationRole,
    PartnerLevel,
    PartnerStatus,
)
from kansrijk.coalitions.selectors.access import (
    coordinators_of,
    effective_participations,
    user_may_create_coalition,
)
from kansrijk.coalitions.services._common import ensure_coordinator
from kansrijk.coalitions.services.participation import (
    REASON_PARTNER_REMOVED,
    invitations_revoke_via,
    participation_start,
    participations_end_via,
)

# Words under /coalities/ that are fixed pages, not coalitions (see coalitions/urls.py), and the words of
# the `kansrijk monitor` command, whose first argument is otherwise a coalition's slug.
RESERVED_SLUGS: frozenset[str] = frozenset(
    {
        "nieuw",
        "praktijken",
        "uitnodiging",
        "vragenlijsten",
        "api",
        "aanvragen",
        "partnerschappen",
        "landelijk",
        "verwerk",
        "publiceer",
        "atlas",
    }
)

NO_MUNICIPALITIES = _("Kies minstens één gemeente.")
ONLY_MUNICIPALITIES = _("Een coalitie bestaat uit gemeenten")
NOT_CURRENT_MUNICIPALITY = _(
    "Kies gemeenten uit de huidige gemeentelijke indeling: {names} bestaat niet meer."
)
RESERVED_SLUG = _("Het webadres “{slug}” is gereserveerd voor het platform. Kies een ander webadres.")
DUPLICATE_SLUG = _("Er bestaat al een coalitie met het webadres “{slug}”. Kies een ander webadres.")
EMPTY_SLUG = _("Kies een webadres met minstens één letter of cijfer.")
MAY_NOT_CREATE = _("Alleen coördinatoren kunnen een coalitie aanmaken.")
NO_OWN_ORGANISATION = _(
    "De eerste coördinator moet bij een organisatie de rol coördinator hebben: namens die organisatie "
    "neemt hij of zij deel."
)
ONLY_YOURSELF = _("U kunt alleen uzelf de eerste coördinator maken.")
DUPLICATE_PARTNER = _("Deze organisatie is al partner van deze coalitie.")
LAST_COORDINATOR_ORG = _("De kartrekker kan niet worden verwijderd; kies eerst een andere kartrekker.")
ORGANISATION_EXISTS = _("Er bestaat al een organisatie met de naam “{name}”. Kies haar uit de lijst.")
UNKNOWN_KIND = _("Kies het soort organisatie.")
LEAD_NOT_PARTNER = _("Alleen een partner van deze coalitie kan kartrekker zijn.")
ALREADY_LEAD = _("Deze organisatie is al de kartrekker.")
ALREADY_COORDINATOR = _("Deze persoon is al coördinator van deze coalitie.")
COORDINATOR_NOT_PARTNER = _(
    "Alleen wie aan deze coalitie deelneemt, kan coördinator worden. Nodig de persoon eerst uit."
)
NOT_A_COORDINATOR = _("Deze persoon is geen coördinator van deze coalitie.")
LAST_COORDINATOR = _(
    "De laatste coördinator kan niet worden verwijderd. Maak eerst iemand anders coördinator."
)
LAST_COORDINATOR_PARTNER = _(
    "Deze partner kan niet weg: alle coördinatoren nemen deel namens deze organisatie. Maak eerst iemand "
    "van een andere partner coördinator."
)
LEAD_ROLE = "Kartrekker"
COORDINATING_ROLE = "Coördineert de coalitie"


@dataclass(frozen=True)
class NewOrganisation:
    """An organisation that is not on the platform yet: created inside the service that needs it,
    so a failure later in the same service leaves no stray organisation behind."""

    name: str
    kind: str


def organisation_resolve(
    organisation: Organisation | NewOrganisation, *, actor: Actor, prefix: str
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
        raise ValidationError({f"{prefix}_name": str(ORGANISATION_EXISTS).format(name=name)})
    return organisation_get_or_create(name=name, kind=organisation.kind, actor=actor)


def _check_slug(slug: str) -> None:
    if not slug:
        raise ValidationError({"slug": EMPTY_SLUG})
    if slug in RESERVED_SLUGS:
        raise ValidationError({"slug": str(RESERVED_SLUG).format(slug=slug)})
    if Coalition.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": str(DUPLICATE_SLUG).format(slug=slug)})


def _coordinator_organisation(user: User, *, prefer: Organisation | None) -> Organisation:
    """The organisation on whose behalf the first coordinator takes part: where they hold Role.COORDINATOR,
    the kartrekker when that is one of them."""
    organisations = list(
        Organisation.objects.filter(memberships__user=user, memberships__role=Role.COORDINATOR).order_by(
            "name"
        )
    )
    if not organisations:
        raise ValidationError(NO_OWN_ORGANISATION)
    return prefer if prefer in organisations else organisations[0]


@transaction.atomic
def coalition_create(
    *,
    name: str,
    slug: str,
    municipalities: Iterable[Area],
    actor: Actor,
    first_coordinator: User | None = None,
    is_demo: bool = False,
    lead: Organisation | NewOrganisation | None = None,
) -> Coalition:
    """A new coalition with its first coordinator (docs/adr/0007).

    A user creating a coalition becomes its first coordinator, on behalf of their own organisation (where
    they hold Role.COORDINATOR), which becomes an accepted partner. Only the system (a `SystemActor`: demo,
    tests) names the first coordinator (`first_coordinator`, or none). With a `lead` (kartrekker) that
    organisation becomes a bestuurlijk partner: accepted at once when the first coordinator acts for it,
    otherwise proposed to its admin. An empty `slug` is derived from the name."""
    if isinstance(actor, User):
        if not user_may_create_coalition(actor):
            raise PermissionDenied(MAY_NOT_CREATE)
        if first_coordinator not in (None, actor):
            raise PermissionDenied(ONLY_YOURSELF)
        first_coordinator = actor
    municipalities = list(municipalities)
    if any(area.level != AreaLevel.MUNICIPALITY for area in municipalities):
        # ValueError (not ValidationError) kept: callers outside this app rely on it.
        raise ValueError(ONLY_MUNICIPALITIES)
    if lead is not None and not municipalities:
        # The page always passes a lead; the old programmatic callers may create an empty shell.
        raise ValidationError({"municipalities": NO_MUNICIPALITIES})
    dissolved = [area.name for area in municipalities if not area.current]
    if dissolved:
        raise ValidationError(
            {"municipalities": str(NOT_CURRENT_MUNICIPALITY).format(names=", ".join(dissolved))}
        )
    slug = (slug or slugify(name))[:80].strip("-")
    _check_slug(slug)
    coalition = Coalition(name=name, slug=slug, is_demo=is_demo)
    # validate_unique=False: _check_slug gave the clear message; the database constraint stays the guard.
    coalition.full_clean(validate_unique=False)
    lead_org = organisation_resolve(lead, actor=actor, prefix="lead") if lead is not None else None
    own_org = (
        _coordinator_organisation(first_coordinator, prefer=lead_org)
        if first_coordinator is not None
        else None
    )
    coalition.lead = lead_org
    coalition.save()
    coalition.municipalities.set(municipalities)
    now = timezone.now()
    if lead_org is not None:
        acts_for_lead = lead_org == own_org
        CoalitionPartner.objects.create(
            coalition=coalition,
            organisation=lead_org,
            role=LEAD_ROLE,
            level=PartnerLevel.BESTUURLIJK,
            status=PartnerStatus.ACCEPTED if acts_for_lead else PartnerStatus.PROPOSED,
            proposed_by=person(actor),
            decided_at=now if acts_for_lead else None,
            decided_by=person(actor) if acts_for_lead else None,
        )
    if own_org is not None and own_org != lead_org:
        # The creator acts for their own organisation: its partnership needs no one else's consent.
        CoalitionPartner.objects.create(
            coalition=coalition,
            organisation=own_org,
            role=COORDINATING_ROLE,
            level=PartnerLevel.BESTUURLIJK,
            status=PartnerStatus.ACCEPTED,
            proposed_by=person(actor),
            decided_at=now,
            decided_by=person(actor),
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
            "first_coordinator": first_coordinator.email if first_coordinator else None,
            "coordinator_organisation": own_org.name if own_org else None,
        },
    )
    if first_coordinator is not None and own_org is not None:
        participation_start(
            coalition=coalition,
            user=first_coordinator,
            organisation=own_org,
            role=ParticipationRole.COORDINATOR,
            actor=actor,
        )
    return coalition


@transaction.atomic
def partner_add(
    *,
    coalition: Coalition,
    organisation: Organisation | NewOrganisation,
    actor: Actor,
    role: str = "",
    level: str = PartnerLevel.UITVOEREND,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> CoalitionPartner:
    """Propose an organisation (existing, or new by name and kind) as partner. It counts nowhere until
    its admin accepts (`participation.partner_accept`). a `SystemActor` is the system (demo, tests)."""
    if isinstance(actor, User):
        ensure_coordinator(actor, coalition)
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
        status=PartnerStatus.PROPOSED,
        proposed_by=person(actor),
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
            "status": partner.status,
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
    """Remove a partner (or withdraw a proposal). Everyone taking part on its behalf stops at once (their
    coordinator rights too), and open invitations on its behalf are revoked, in this transaction."""
    coalition = partner.coalition
    ensure_coordinator(actor, coalition)
    # Lock the coalition row: a coordinator being added or removed at the same time must wait.
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    if coalition.lead_id == partner.organisation_id:
        raise ValidationError(LAST_COORDINATOR_ORG)
    coordinators = effective_participations().filter(coalition=coalition, role=ParticipationRole.COORDINATOR)
    if not coordinators.exclude(organisation=partner.organisation).exists():
        raise ValidationError(LAST_COORDINATOR_PARTNER)
    ended = participations_end_via(
        coalition=coalition, organisation=partner.organisation, reason=REASON_PARTNER_REMOVED, actor=actor
    )
    revoked = invitations_revoke_via(coalition=coalition, organisation=partner.organisation)
    record(
        actor=actor,
        action="coalition.partner_removed",
        obj=partner,
        changes={
            "coalition": coalition.slug,
            "organisation": partner.organisation.name,
            "status": partner.status,
            "participations_ended": ended,
            "invitations_revoked": revoked,
        },
    )
    partner.delete()


@transaction.atomic
def lead_set(*, coalition: Coalition, partner: CoalitionPartner, actor: User) -> Coalition:
    """Make a partner organisation the kartrekker. The old kartrekker stays a partner."""
    ensure_coordinator(actor, coalition)
    if partner.coalition_id != coalition.pk or partner.status != PartnerStatus.ACCEPTED:
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


def _active_participation(coalition: Coalition, user: User) -> Participation | None:
    return (
        effective_participations()
        .filter(coalition=coalition, user=user)
        .select_for_update(of=("self",))
        .first()
    )


@transaction.atomic
def coordinator_add(*, coalition: Coalition, user: User, actor: User) -> None:
    """Someone who takes part in the coalition becomes (co-)coordinator, on behalf of the same organisation."""
    ensure_coordinator(actor, coalition)
    participation = _active_participation(coalition, user)
    if participation is None:
        raise ValidationError({"user": COORDINATOR_NOT_PARTNER})
    if participation.role == ParticipationRole.COORDINATOR:
        raise ValidationError({"user": ALREADY_COORDINATOR})
    participation.role = ParticipationRole.COORDINATOR
    participation.save(update_fields=["role", "updated_at"])
    record(
        actor=actor,
        action="coalition.coordinator_added",
        obj=coalition,
        changes={
            "coalition": coalition.slug,
            "user": user.email,
            "organisation": participation.organisation.name,
        },
    )


@transaction.atomic
def coordinator_remove(*, coalition: Coalition, user: User, actor: User) -> None:
    """The coordinator role ends; the person keeps taking part as deelnemer."""
    ensure_coordinator(actor, coalition)
    # Lock the coalition row: two coordinators removing each other at once must not leave none.
    coalition = Coalition.objects.select_for_update().get(pk=coalition.pk)
    coordinator_ids = set(coordinators_of(coalition).values_list("pk", flat=True))
    if user.pk not in coordinator_ids:
        raise ValidationError(NOT_A_COORDINATOR)
    if coordinator_ids == {user.pk}:
        raise ValidationError(LAST_COORDINATOR)
    Participation.objects.filter(
        coalition=coalition, user=user, ended_at__isnull=True, role=ParticipationRole.COORDINATOR
    ).update(role=ParticipationRole.MEMBER, updated_at=timezone.now())
    record(
        actor=actor,
        action="coalition.coordinator_removed",
        obj=coalition,
        changes={"coalition": coalition.slug, "user": user.email},
    )
