"""The family's own view (issue 11): what a signed-in parent sees of their own family, in B1 Dutch.

Which organisations hold their data and on what basis, who looked at it and when, what they consented to,
and their requests for correction. Only through `parent_context` and `episode_access`, so anyone who is not
a linked parent of the family gets a 404; reading writes one access-log entry (purpose eigen_inzage).

The meldcode rule (explicit, tested in tests/care/test_family_view_meldcode.py): while a legal basis of a
kind in `HIDDEN_FROM_FAMILY_WHILE_ACTIVE` is active, the organisation that received data under it and
every log entry made under it (basis "meldcode:<uuid>") are left out. Once the professional ends the
basis (`legal_basis_end`), both are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from kansrijk.care.accesslog import log_access
from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.context import AccessContext
from kansrijk.care.models import (
    AccessEvent,
    AccessLogEntry,
    CareRelation,
    Consent,
    CorrectionRequest,
    Episode,
    Person,
    PersonRole,
    RelationBasis,
)
from kansrijk.care.selectors.access import EpisodeAccess, episode_access, episodes_visible_to
from kansrijk.care.selectors.accesslog import family_log, hidden_legal_bases
from kansrijk.care.selectors.families import corrections_visible_to

if TYPE_CHECKING:  # a type-checking alias only (django-stubs is no runtime dependency)
    from django_stubs_ext import StrOrPromise

LOG_LIMIT = 200

# What happened, in words a parent understands (B1). Unknown actions fall back to the event's label.
ACTION_TEXT: dict[str, StrOrPromise] = {
    "gezin.bekijken": _("Heeft uw gegevens bekeken"),
    "gezinnen.lijst": _("Zag uw gezin in een lijst"),
    "gezin.aanmelden": _("Heeft uw gezin aangemeld"),
    "toestemming.vastleggen": _("Heeft uw toestemming opgeschreven"),
    "toestemming.intrekken": _("Toestemming ingetrokken"),
    "grondslag.vastleggen": _("Heeft gegevens gedeeld op grond van de wet"),
    "grondslag.beeindigen": _("Het delen op grond van de wet is gestopt"),
    "correctie.vragen": _("Vraag om iets te verbeteren verstuurd"),
    "correctie.afhandelen": _("Heeft uw vraag om iets te verbeteren beantwoord"),
    "ouder.uitnodigen": _("Heeft u uitgenodigd om uw gegevens te bekijken"),
    "eigen_inzage.bekijken": _("U heeft uw gegevens bekeken"),
    "eigen_inzage.toestemming": _("U heeft een toestemming bekeken"),
}

BASIS_TEXT: dict[str, StrOrPromise] = {
    RelationBasis.OWN: _("U krijgt zorg of hulp van deze organisatie."),
    RelationBasis.CONSENT: _("U heeft toestemming gegeven."),
    RelationBasis.LEGAL: _("De wet staat dit toe:"),
}


@dataclass(frozen=True)
class OrganisationRow:
    name: str
    team: str
    since: datetime
    until: datetime | None
    basis: str
    categories: list[str]


@dataclass(frozen=True)
class ConsentRow:
    consent: Consent
    categories: list[str]
    purpose: str

    @property
    def is_active(self) -> bool:
        return self.consent.is_active


@dataclass(frozen=True)
class LogRow:
    occurred_at: datetime
    who: str
    what: str
    why: str


@dataclass
class FamilyView:
    access: EpisodeAccess
    other_families: list[Episode] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    organisations: list[OrganisationRow] = field(default_factory=list)
    consents: list[ConsentRow] = field(default_factory=list)
    log: list[LogRow] = field(default_factory=list)
    corrections: list[CorrectionRequest] = field(default_factory=list)

    @property
    def episode(self) -> Episode:
        return self.access.episode


def _labels(categories: list[str] | frozenset[str]) -> list[str]:
    return [str(DataCategory(c).label) for c in DataCategory.values if c in categories]


def family_log_entries(ctx: AccessContext, episode: Episode) -> list[AccessLogEntry]:
    """The family's access log as the family may see it, newest first (`family_log` applies the
    meldcode rule)."""
    return list(family_log(ctx, episode).order_by("-occurred_at", "-seq")[:LOG_LIMIT])


def _who(ctx: AccessContext, entry: AccessLogEntry) -> str:
    if ctx.user is not None and entry.user_id == ctx.user.pk:
        return str(_("U zelf"))
    if entry.organisation_label:
        if entry.team_label:
            return f"{entry.organisation_label} ({_('team')} {entry.team_label})"
        return entry.organisation_label
    if entry.user_id is None:
        return str(_("Kansrijk, automatisch"))
    return str(_("Iemand anders in uw gezin"))


def _log_rows(ctx: AccessContext, episode: Episode) -> list[LogRow]:
    rows = []
    purposes = dict(Purpose.choices)
    events = dict(AccessEvent.choices)
    for entry in family_log_entries(ctx, episode):
        what = ACTION_TEXT.get(entry.action) or events.get(entry.event, entry.event)
        rows.append(
            LogRow(
                occurred_at=entry.occurred_at,
                who=_who(ctx, entry),
                what=str(what),
                why=str(purposes.get(entry.purpose, entry.purpose)),
            )
        )
    return rows


def _organisations(episode: Episode) -> list[OrganisationRow]:
    hidden = hidden_legal_bases(episode)
    relations = (
        CareRelation.objects.filter(episode=episode)
        .exclude(legal_basis__in=hidden)
        .select_related("organisation", "team", "consent", "legal_basis")
        .order_by("created_at")
    )
    rows = []
    for relation in relations:
        basis = str(BASIS_TEXT[relation.basis])
        categories: list[str] | frozenset[str] = frozenset(DataCategory.values)
        if relation.consent is not None:
            categories = relation.consent.categories
        elif relation.legal_basis is not None:
            categories = relation.legal_basis.categories
            basis = f"{basis} {relation.legal_basis.get_kind_display()}"
        rows.append(
            OrganisationRow(
                name=relation.organisation.name,
                team=relation.team.name,
                since=relation.created_at,
                until=relation.ended_at,
                basis=basis,
                categories=_labels(categories),
            )
        )
    return rows


def parent_consents(access: EpisodeAccess) -> QuerySet[Consent]:
    """The consents a parent sees (and may withdraw, the rule of `consent_withdraw`): about them or given
    by them, and every consent about their children."""
    person = access.person
    if person is None:
        return Consent.objects.none()
    return (
        Consent.objects.filter(episode=access.episode)
        .filter(Q(subject=person) | Q(given_by=person) | Q(subject__role=PersonRole.CHILD))
        .select_related("receiving_organisation", "subject", "given_by", "text")
        .order_by("-given_on", "-created_at")
    )


def _consent_rows(access: EpisodeAccess) -> list[ConsentRow]:
    purposes = dict(Purpose.choices)
    return [
        ConsentRow(
            consent=consent,
            categories=_labels(consent.categories),
            purpose=str(purposes.get(consent.purpose, consent.purpose)),
        )
        for consent in parent_consents(access)
    ]


def parent_family(ctx: AccessContext, episode_id: UUID | None = None) -> EpisodeAccess:
    """The parent's own family (the newest without `episode_id`), or 404. Does not log: callers do."""
    if not ctx.is_parent:
        raise Http404
    if episode_id is None:
        episode = episodes_visible_to(ctx).order_by("-created_at").first()
        if episode is None:
            raise Http404
        episode_id = episode.public_id
    return episode_access(ctx, episode_id)


def family_view(ctx: AccessContext, episode_id: UUID | None = None) -> FamilyView:
    """Everything the family's own view shows; one read entry. Without `episode_id`: the newest family
    of the parent (a parent with a second pregnancy has two episodes and can switch)."""
    with transaction.atomic():
        access = parent_family(ctx, episode_id)
        episode = access.episode
        view = FamilyView(
            access=access,
            other_families=list(episodes_visible_to(ctx).exclude(pk=episode.pk).order_by("-created_at")),
            persons=list(correction_persons(access).order_by("role", "created_at")),
            organisations=_organisations(episode),
            consents=_consent_rows(access),
            corrections=list(corrections_visible_to(ctx).filter(episode=episode).select_related("person")),
        )
        # The log is read before this visit's own entry is written, so the page shows what came before.
        view.log = _log_rows(ctx, episode)
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="eigen_inzage.bekijken",
            basis=access.basis,
            episode_id=episode.public_id,
            detail={"categorieen": list(DataCategory.values)},
        )
    return view


def family_consent(
    ctx: AccessContext, episode_id: UUID, consent_id: UUID
) -> tuple[EpisodeAccess, ConsentRow]:
    """One consent of the parent's family (the withdrawal's confirm page); 404 otherwise. One read entry."""
    with transaction.atomic():
        access = parent_family(ctx, episode_id)
        consent = parent_consent_get(access, consent_id)
        log_access(
            ctx,
            event=AccessEvent.READ,
            action="eigen_inzage.toestemming",
            basis=access.basis,
            episode_id=access.episode.public_id,
            detail={"toestemming": str(consent.public_id)},
        )
    purposes = dict(Purpose.choices)
    row = ConsentRow(
        consent=consent,
        categories=_labels(consent.categories),
        purpose=str(purposes.get(consent.purpose, consent.purpose)),
    )
    return access, row


def correction_persons(access: EpisodeAccess) -> QuerySet[Person]:
    """The persons whose data a parent sees and may ask to correct: themselves and their children
    (correction_request's rule). The partner's contact details are the partner's own."""
    own = access.person
    if own is None:
        return Person.objects.none()
    return access.episode.persons.filter(Q(pk=own.pk) | Q(role=PersonRole.CHILD))


def parent_consent_get(access: EpisodeAccess, consent_id: UUID) -> Consent:
    """One consent the parent sees, or 404 (no log: the withdrawal logs itself)."""
    consent = parent_consents(access).filter(public_id=consent_id).first()
    if consent is None:
        raise Http404
    return consent
