"""Reads for the workspace pages: the coalitions list, the home dashboard, partners and invitations.

Every function takes an already access-checked coalition (fetched through `access.py`) and runs a
fixed number of queries, whatever the number of municipalities or partners (no N+1).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from kansrijk.accounts.models import User
from kansrijk.areas.models import Area, AreaLevel, Indicator, Observation
from kansrijk.coalitions.domains import Domain, domain_for_kind
from kansrijk.coalitions.models import Coalition, CoalitionPartner, Invitation
from kansrijk.coalitions.selectors.access import AnyUser, coalitions_visible_to
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
    coalitions = (
        coalitions_visible_to(user)
        .annotate(partner_count=Count("partners", distinct=True))
        .prefetch_related(Prefetch("municipalities", queryset=Area.objects.order_by("name")))
        .order_by("name")
    )
    coordinated = set(Coalition.objects.filter(coordinators=user).values_list("pk", flat=True))
    partnered = set(
        CoalitionPartner.objects.filter(organisation__memberships__user=user).values_list(
            "coalition_id", flat=True
        )
    )
    rows = []
    for coalition in coalitions:
        if coalition.pk in coordinated:
            role = ROLE_COORDINATOR
        elif coalition.pk in partnered:
            role = ROLE_PARTNER
        else:
            role = ROLE_NATIONAL
        rows.append(
            CoalitionRow(
                coalition=coalition,
                municipalities=list(coalition.municipalities.all()),
                partner_count=coalition.partner_count,  # type: ignore[attr-defined]
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
    nl = Area.objects.filter(level=AreaLevel.NL).first()
    area_ids = [m.pk for m in municipalities] + ([nl.pk] if nl else [])
    # area id → indicator id → year → (value, approximate, note, source)
    obs: dict[int, dict[int, dict[int, tuple[float | None, bool, str, str]]]] = {}
    rows = Observation.objects.filter(area_id__in=area_ids, indicator__in=indicators).values_list(
        "area_id", "indicator_id", "year", "value", "approximate", "note", "source"
    )
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
    return (
        CoalitionPartner.objects.filter(coalition=coalition)
        .select_related("organisation")
        .order_by("organisation__name")
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


def partner_get(coalition: Coalition, public_id: object) -> CoalitionPartner | None:
    return partners_of(coalition).filter(public_id=public_id).first()


def coordinators_of(coalition: Coalition) -> QuerySet[User]:
    return coalition.coordinators.order_by("last_name", "first_name", "email")


def coordinator_candidates(coalition: Coalition) -> QuerySet[User]:
    """Users of the partner organisations who are not coordinator yet."""
    return (
        User.objects.filter(
            is_active=True, memberships__organisation__coalition_partnerships__coalition=coalition
        )
        .exclude(pk__in=coalition.coordinators.values("pk"))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def invitations_open(coalition: Coalition) -> QuerySet[Invitation]:
    """Invitations not accepted yet (expired ones too: the coordinator may revoke them)."""
    return (
        Invitation.objects.filter(coalition=coalition, accepted_at__isnull=True)
        .select_related("organisation", "invited_by")
        .order_by("-created_at")
    )


def invitation_is_expired(invitation: Invitation) -> bool:
    return invitation.expires_at <= timezone.now()


def invitation_get_by_token(token: str) -> Invitation | None:
    """The invitation the link points at (only the token's hash is stored), or None when revoked/unknown."""
    return (
        Invitation.objects.filter(token_hash=token_hash(token))
        .select_related("coalition", "organisation")
        .first()
    )
