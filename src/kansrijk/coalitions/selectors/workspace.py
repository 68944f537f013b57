"""Reads for the workspace pages: the coalitions list, the home dashboard, partners and invitations.

Every function takes an already access-checked coalition (fetched through `access.py`) and runs a
fixed number of queries, whatever the number of municipalities or partners (no N+1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kansrijk.accounts.models import Membership, User
from kansrijk.areas.models import Area, Indicator
from kansrijk.areas.selectors import nederland, observation_rows
from kansrijk.coalitions.domains import Domain, domain_for_kind
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    Invitation,
    ParticipationRole,
    PartnerStatus,
)
from kansrijk.coalitions.selectors.access import (
    AnyUser,
    coalitions_visible_to,
    coordinators_of,
    effective_participations,
    participants_of,
    partners_accepted,
)
from kansrijk.coalitions.services.invitations import token_hash
from kansrijk.startfoto.presentation import compare, format_value
from kansrijk.startfoto.types import AreaRef, Comparison, IndicatorFigure

# --- the coalitions list ---------------------------------------------------------------------------

ROLE_COORDINATOR = "coördinator"
ROLE_PARTNER = "partner"
ROLE_NATIONAL = "landelijk programma (alleen lezen)"


@dataclass(frozen=True)
class CoalitionRow:
    coalition: Coalition
    municipalities: list[Area]
    partner_count: int
    my_role: str


def coalition_rows_for(user: AnyUser) -> list[CoalitionRow]:
    """The coalitions the user sees (the national programme: all), with counts; a fixed number of queries."""
    if not user.is_authenticated:
        return []
    accepted = Q(partners__status=PartnerStatus.ACCEPTED)
    coalitions = (
        coalitions_visible_to(user)
        .annotate(partner_count=Count("partners", filter=accepted, distinct=True))
        .prefetch_related(Prefetch("municipalities", queryset=Area.objects.order_by("name")))
        .order_by("name")
    )
    roles = dict(effective_participations().filter(user=user).values_list("coalition_id", "role"))
    rows = []
    for coalition in coalitions:
        if roles.get(coalition.pk) == ParticipationRole.COORDINATOR:
            role = ROLE_COORDINATOR
        elif coalition.pk in roles:
            role = ROLE_PARTNER
        else:
            role = ROLE_NATIONAL
        rows.append(
            CoalitionRow(
                coalition=coalition,
                municipalities=list(coalition.municipalities.all()),
                partner_count=coalition.partner_count,
                my_role=role,
            )
        )
    return rows


# --- startfoto highlights on the home page ---------------------------------------------------------

# A few telling figures per municipality; the full startfoto is one link away.
HIGHLIGHT_KEYS: tuple[str, ...] = (
    "geboorten",
    "pct_hh_laag_inkomen",
    "pct_rond_sociaal_min",
    "pct_jeugdzorg",
)
CREDIT = "Bron: CBS / PDOK, CC BY 4.0"


@dataclass(frozen=True)
class Highlight:
    key: str
    title: str
    unit: str
    year: int | None
    value_text: str
    nederland_text: str  # "" when a national comparison makes no sense (counts)
    comparison: str  # "hoger dan Nederland (ongunstiger)", or ""
    source: str
    derived: bool
    approximate: bool
    note: str


@dataclass(frozen=True)
class MunicipalityHighlights:
    municipality: Area
    highlights: list[Highlight]


def _source(indicator: Indicator, obs_source: str, year: int | None) -> str:
    source = obs_source or indicator.source
    return source if year is None or str(year) in source else f"{source}; jaar {year}"


def municipality_highlights(coalition: Coalition) -> list[MunicipalityHighlights]:
    """Per municipality of the coalition the latest value of each highlight, with Nederland in the
    same year. Four queries, whatever the number of municipalities."""
    municipalities = list(coalition.municipalities.order_by("name"))
    indicators = sorted(
        Indicator.objects.filter(key__in=HIGHLIGHT_KEYS), key=lambda i: HIGHLIGHT_KEYS.index(i.key)
    )
    nl = nederland()
    area_ids = [m.pk for m in municipalities] + ([nl.pk] if nl else [])
    # area id → indicator id → year → (value, approximate, note, source)
    obs: dict[int, dict[int, dict[int, tuple[float | None, bool, str, str]]]] = {}
    rows = observation_rows(area_ids=area_ids, indicator_ids=[i.pk for i in indicators])
    for area_id, indicator_id, year, value, approximate, note, source in rows:
        obs.setdefault(area_id, {}).setdefault(indicator_id, {})[year] = (value, approximate, note, source)
    nl_obs = obs.get(nl.pk, {}) if nl else {}
    out = []
    for municipality in municipalities:
        own = obs.get(municipality.pk, {})
        out.append(
            MunicipalityHighlights(
                municipality=municipality,
                highlights=[_highlight(i, own.get(i.pk, {}), nl_obs.get(i.pk, {}), nl) for i in indicators],
            )
        )
    return out


def _highlight(
    indicator: Indicator,
    own: dict[int, tuple[float | None, bool, str, str]],
    nl_years: dict[int, tuple[float | None, bool, str, str]],
    nl: Area | None,
) -> Highlight:
    years = [y for y, o in own.items() if o[0] is not None]
    year = max(years) if years else None
    value, approximate, note, source = own[year] if year is not None else (None, False, "", "")
    if year is None:
        note = "niet beschikbaar: geen cijfer gepubliceerd voor deze gemeente"
    nl_value = nl_years.get(year, (None,))[0] if year is not None else None
    counts = indicator.unit == "aantal"  # a municipality's count next to the country's says nothing
    verdict = ""
    if not counts and nl is not None and value is not None:
        figure = IndicatorFigure(
            key=indicator.key,
            title=indicator.title,
            definition=indicator.definition,
            unit=indicator.unit,
            phase=indicator.phase,
            direction=indicator.direction,
            theme=indicator.theme,
            source=source,
            year=year,
            value=value,
        )
        verdict = compare(
            figure, Comparison(level="nederland", area=AreaRef(nl.code, nl.name), value=nl_value)
        )
    return Highlight(
        key=indicator.key,
        title=indicator.title,
        unit=indicator.unit,
        year=year,
        value_text=format_value(value, indicator.unit),
        nederland_text="" if counts else format_value(nl_value, indicator.unit),
        comparison=verdict,
        source=_source(indicator, source, year),
        derived=indicator.derived,
        approximate=approximate,
        note=note,
    )


# --- partners, coordinators, invitations -----------------------------------------------------------


def partners_of(coalition: Coalition) -> QuerySet[CoalitionPartner]:
    """The accepted partners: the only ones that count anywhere (docs/adr/0007)."""
    return partners_accepted(coalition)


def partners_pending(coalition: Coalition) -> QuerySet[CoalitionPartner]:
    """Proposed (waiting for the organisation) and declined partnerships, for the coordinators' list."""
    return (
        CoalitionPartner.objects.filter(coalition=coalition)
        .exclude(status=PartnerStatus.ACCEPTED)
        .select_related("organisation")
        .order_by("status", "organisation__name")
    )


@dataclass(frozen=True)
class PartnerRow:
    partner: CoalitionPartner
    kind_label: str
    domain: Domain
    is_lead: bool


def partner_rows(partners: list[CoalitionPartner], *, lead_id: int | None) -> list[PartnerRow]:
    return [
        PartnerRow(
            partner=p,
            kind_label=p.organisation.get_kind_display(),
            domain=domain_for_kind(p.organisation.kind),
            is_lead=p.organisation_id == lead_id,
        )
        for p in partners
    ]


@dataclass(frozen=True)
class DomainCount:
    domain: Domain
    count: int


def partner_domain_counts(partners: list[CoalitionPartner]) -> list[DomainCount]:
    """Partners per domain of the netwerkkaart, every domain listed (also with 0)."""
    counts = Counter(domain_for_kind(p.organisation.kind) for p in partners)
    return [DomainCount(domain=d, count=counts.get(d, 0)) for d in Domain]


def partner_get(coalition: Coalition, public_id: UUID | str) -> CoalitionPartner | None:
    """Any partnership of this coalition, also a proposed or declined one (a coordinator may withdraw it)."""
    return (
        CoalitionPartner.objects.filter(coalition=coalition, public_id=public_id)
        .select_related("organisation")
        .first()
    )


def coordinator_candidates(coalition: Coalition) -> QuerySet[User]:
    """Participants who are not coordinator yet. Never other users of partner organisations: a
    coordinator sees names and addresses only of people who take part (docs/adr/0007)."""
    return participants_of(coalition).exclude(pk__in=coordinators_of(coalition).values("pk"))


def invitations_open(coalition: Coalition) -> QuerySet[Invitation]:
    """Invitations not accepted yet (expired ones too: the coordinator may revoke them)."""
    return (
        Invitation.objects.filter(coalition=coalition, accepted_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def invitation_is_expired(invitation: Invitation) -> bool:
    return invitation.expires_at <= timezone.now()


def invitee_must_wait(invitation: Invitation, user: User | None) -> bool:
    """Whether accepting leaves the invitee waiting for the organisation's admin (not a member yet)."""
    if user is None:
        return True
    return not Membership.objects.filter(user=user, organisation=invitation.organisation).exists()


def invitation_get_by_token(token: str) -> Invitation | None:
    """The invitation the link points at (only the token's hash is stored), or None when revoked/unknown."""
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("coalition", "organisation")
        .first()
    )
