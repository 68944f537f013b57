"""The netwerkkaart: partners grouped by domain, ketenafspraken as links, missing partner kinds.

Also the plain-data exports of a coalition's partners for the CLI and the API (`partners_export`,
`missing_partner_kinds`, `coalition_summary`): one source for the page, the CLI and the API.

The map's layout is computed here, deterministically (same coalition → same picture): one column
per domain, partners by name from the top, the missing typical kinds below them. The template only
draws what this module placed, so the SVG is plain, escaped markup without client-side layout.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from kansrijk.accounts.models import OrganisationKind
from kansrijk.coalitions.domains import OFTEN_ABSENT_KINDS, TYPICAL_KINDS, Domain, domain_for_kind
from kansrijk.coalitions.models import Agreement, Coalition, CoalitionPartner
from kansrijk.coalitions.selectors.workspace import partners_of

# --- missing partner kinds -------------------------------------------------------------------------


@dataclass(frozen=True)
class MissingKind:
    kind: str
    label: str
    domain: Domain
    often_absent: bool


def kind_label(kind: str) -> str:
    return str(OrganisationKind(kind).label) if kind in OrganisationKind.values else kind


def missing_kinds(partners: list[CoalitionPartner]) -> list[MissingKind]:
    """Typical partner kinds (TYPICAL_KINDS, in that order) no partner organisation is of."""
    present = {p.organisation.kind for p in partners}
    return [
        MissingKind(
            kind=kind,
            label=kind_label(kind),
            domain=domain_for_kind(kind),
            often_absent=kind in OFTEN_ABSENT_KINDS,
        )
        for kind in TYPICAL_KINDS
        if kind not in present
    ]


# --- exports for the CLI and the API ---------------------------------------------------------------


def partners_export(coalition: Coalition) -> list[dict[str, Any]]:
    """The partner organisations as plain data (contacts are professionals, shown to members)."""
    return [
        {
            "naam": p.organisation.name,
            "soort": p.organisation.kind,
            "soort_label": kind_label(p.organisation.kind),
            "domein": str(domain_for_kind(p.organisation.kind).value),
            "niveau": p.level,
            "rol": p.role,
            "contact": {"naam": p.contact_name, "email": p.contact_email, "telefoon": p.contact_phone},
        }
        for p in partners_of(coalition)
    ]


def missing_partner_kinds(coalition: Coalition) -> list[dict[str, Any]]:
    return [
        {"soort": m.kind, "soort_label": m.label, "vaak_afwezig": m.often_absent}
        for m in missing_kinds(list(partners_of(coalition)))
    ]


def coalition_summary(coalition: Coalition) -> dict[str, Any]:
    return {
        "slug": coalition.slug,
        "naam": coalition.name,
        "gemeenten": [{"code": a.code, "naam": a.name} for a in coalition.municipalities.order_by("name")],
        "kartrekker": coalition.lead.name if coalition.lead_id else None,  # type: ignore[union-attr]
        "demo": coalition.is_demo,
    }


# --- the map ---------------------------------------------------------------------------------------

COLUMN_WIDTH = 250
TOP = 96  # below the column headings
ROW_HEIGHT = 90
RADIUS = 14
LABEL_CHARS = 24  # at 13px, a line stays inside its column
LABEL_LINES = 3
LINE_HEIGHT = 15
COLUMN_GAP = 12
LEAD_RING = RADIUS + 5

# Fills with at least 3:1 contrast against white (WCAG 1.4.11); meaning never hangs on colour alone:
# the column and its heading name the domain.
DOMAIN_COLOURS: dict[str, str] = {
    Domain.MEDISCH: "#01689b",
    Domain.SOCIAAL: "#2e7d32",
    Domain.INFORMEEL: "#7b1fa2",
    Domain.BESTUURLIJK: "#8a5a00",
}


@dataclass(frozen=True)
class MapNode:
    key: str
    x: int
    y: int
    label_lines: list[str]
    domain: Domain
    partner: CoalitionPartner | None = None
    missing: MissingKind | None = None
    is_lead: bool = False

    @property
    def label_y(self) -> int:
        return self.y + RADIUS + LINE_HEIGHT + 2


@dataclass(frozen=True)
class MapColumn:
    domain: Domain
    label: str
    x: int  # centre
    x0: int
    colour: str
    nodes: list[MapNode]
    partner_count: int

    @property
    def band_x(self) -> int:
        return self.x0 + COLUMN_GAP // 2

    @property
    def band_width(self) -> int:
        return COLUMN_WIDTH - COLUMN_GAP


@dataclass(frozen=True)
class MapLink:
    path: str  # SVG path data
    width: float
    count: int
    between: tuple[str, str]  # organisation names


@dataclass(frozen=True)
class AgreementRow:
    topic: str
    level: str
    review_date: date
    partner_names: list[str]


@dataclass(frozen=True)
class NetworkMap:
    coalition: Coalition
    width: int
    height: int
    columns: list[MapColumn]
    links: list[MapLink]
    partners: list[CoalitionPartner]
    agreements: list[AgreementRow]
    missing: list[MissingKind]
    lead_name: str | None
    radius: int = RADIUS
    lead_ring: int = LEAD_RING
    line_height: int = LINE_HEIGHT

    @property
    def often_absent_missing(self) -> bool:
        return any(m.often_absent for m in self.missing)


def _label(text: str) -> list[str]:
    lines = textwrap.wrap(text, LABEL_CHARS, break_long_words=True) or [text]
    if len(lines) > LABEL_LINES:
        # The full name is in the table beside the map.
        lines = [
            *lines[: LABEL_LINES - 1],
            textwrap.shorten(" ".join(lines[LABEL_LINES - 1 :]), LABEL_CHARS, placeholder=" …"),
        ]
    return lines


def _link_path(a: MapNode, b: MapNode, column_gap: int) -> str:
    if a.x == b.x:
        # Same domain: bow out to the right so the line does not run through the nodes in between.
        bow = min(COLUMN_WIDTH // 2 - 10, 36 + 14 * column_gap)
        return f"M {a.x} {a.y} Q {a.x + bow} {(a.y + b.y) // 2} {b.x} {b.y}"
    return f"M {a.x} {a.y} L {b.x} {b.y}"


def network_build(coalition: Coalition) -> NetworkMap:
    """The netwerkkaart of an (access-checked) coalition; three queries."""
    partners = list(partners_of(coalition))
    agreements = list(
        Agreement.objects.filter(coalition=coalition)
        .prefetch_related(
            Prefetch("partners", queryset=CoalitionPartner.objects.select_related("organisation"))
        )
        .order_by("review_date", "topic")
    )
    missing = missing_kinds(partners)
    columns: list[MapColumn] = []
    nodes_by_partner: dict[int, MapNode] = {}
    for index, domain in enumerate(Domain):
        x0 = index * COLUMN_WIDTH
        x = x0 + COLUMN_WIDTH // 2
        nodes: list[MapNode] = []
        members = [p for p in partners if domain_for_kind(p.organisation.kind) == domain]
        for p in members:
            is_lead = p.organisation_id == coalition.lead_id
            node = MapNode(
                key=str(p.public_id),
                x=x,
                y=TOP + len(nodes) * ROW_HEIGHT,
                label_lines=_label(p.organisation.name) + (["(kartrekker)"] if is_lead else []),
                domain=domain,
                partner=p,
                is_lead=is_lead,
            )
            nodes.append(node)
            nodes_by_partner[p.pk] = node
        for m in (m for m in missing if m.domain == domain):
            nodes.append(
                MapNode(
                    key=f"ontbreekt-{m.kind}",
                    x=x,
                    y=TOP + len(nodes) * ROW_HEIGHT,
                    label_lines=["Ontbreekt:", *_label(m.label)[:2]]
                    + (["(vaak afwezig)"] if m.often_absent else []),
                    domain=domain,
                    missing=m,
                )
            )
        columns.append(
            MapColumn(
                domain=domain,
                label=str(domain.label),
                x=x,
                x0=x0,
                colour=DOMAIN_COLOURS[domain],
                nodes=nodes,
                partner_count=len(members),
            )
        )
    # Every pair of partners in one agreement is linked; a pair in several agreements gets a thicker line.
    pairs: Counter[tuple[int, int]] = Counter()
    for agreement in agreements:
        ids = sorted({p.pk for p in agreement.partners.all() if p.pk in nodes_by_partner})
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                pairs[(a, b)] += 1
    links = []
    for (a, b), count in sorted(pairs.items()):
        na, nb = nodes_by_partner[a], nodes_by_partner[b]
        gap = abs(na.y - nb.y) // ROW_HEIGHT
        links.append(
            MapLink(
                path=_link_path(na, nb, gap),
                width=min(1.5 + count, 6.0),
                count=count,
                between=(na.partner.organisation.name, nb.partner.organisation.name),  # type: ignore[union-attr]
            )
        )
    rows = max((len(c.nodes) for c in columns), default=0)
    height = TOP + max(rows, 1) * ROW_HEIGHT + 10
    return NetworkMap(
        coalition=coalition,
        width=COLUMN_WIDTH * len(columns),
        height=height,
        columns=columns,
        links=links,
        partners=partners,
        agreements=[
            AgreementRow(
                topic=a.topic,
                level=a.get_level_display(),
                review_date=a.review_date,
                partner_names=sorted(
                    p.organisation.name for p in a.partners.all() if p.coalition_id == coalition.pk
                ),
            )
            for a in agreements
        ],
        missing=missing,
        lead_name=next(
            (p.organisation.name for p in partners if p.organisation_id == coalition.lead_id), None
        ),
    )
