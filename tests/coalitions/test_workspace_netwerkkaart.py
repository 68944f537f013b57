"""The netwerkkaart (page and layout), the exports for the CLI/API, and the demo partners."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from kansrijk.accounts.models import Organisation, OrganisationKind
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.demo.partners import DEMO_PARTNERS, demo_partners
from kansrijk.coalitions.domains import OFTEN_ABSENT_KINDS, OFTEN_ABSENT_NOTE, TYPICAL_KINDS, Domain
from kansrijk.coalitions.models import Agreement, AgreementLevel, Coalition, CoalitionPartner
from kansrijk.coalitions.selectors.network import (
    coalition_summary,
    missing_partner_kinds,
    network_build,
    partners_export,
)
from kansrijk.coalitions.services.coalition import partner_add
from tests.coalitions.conftest import client_for
from tests.personas import Cast, accepted_partner

pytestmark = pytest.mark.django_db

MAP = "/coalities/test/netwerkkaart/"


def _partner(cast: Cast, name: str, kind: str) -> CoalitionPartner:
    return accepted_partner(
        cast.coalition,
        Organisation.objects.create(name=name, kind=kind),
        contact_name=f"Contact {name}",
        contact_email="contact@example.org",
        contact_phone="000 000 0001",
    )


def _agreement(coalition: Coalition, topic: str, *partners: CoalitionPartner) -> Agreement:
    agreement = Agreement.objects.create(
        coalition=coalition,
        level=AgreementLevel.UITVOERING,
        topic=topic,
        text="Wie doet wat.",
        start_date=date(2025, 1, 1),
        review_date=date(2026, 1, 1),
    )
    agreement.partners.set(partners)
    return agreement


@pytest.fixture
def network(cast: Cast) -> dict[str, CoalitionPartner]:
    partners = {
        "jgz": cast.coalition.partners.get(organisation__name="JGZ Test"),
        "vk": _partner(cast, "Verloskunde Noord", OrganisationKind.VERLOSKUNDIGE),
        "wt": _partner(cast, "Wijkteam Noord", OrganisationKind.WIJKTEAM),
        "hs": _partner(cast, "Home-Start Noord", OrganisationKind.INFORMEEL),
    }
    _agreement(cast.coalition, "Warme overdracht", partners["vk"], partners["jgz"], partners["wt"])
    _agreement(cast.coalition, "Kraambezoek", partners["vk"], partners["jgz"])
    # Proposed, not accepted: drawn, listed and exported nowhere (docs/adr/0007).
    partner_add(
        coalition=cast.coalition,
        organisation=Organisation.objects.create(name="Kraamzorg Voorstel", kind=OrganisationKind.KRAAMZORG),
        actor=cast.coordinator,
    )
    return partners


@pytest.mark.parametrize("persona", ["coordinator", "partner_member", "national"])
def test_members_and_national_see_the_map(
    cast: Cast, network: dict[str, CoalitionPartner], persona: str
) -> None:
    response = client_for(getattr(cast, persona)).get(MAP)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<svg class="kr-nk" role="img" aria-labelledby="nk-title nk-desc"' in body
    assert '<title id="nk-title">Netwerkkaart van Coalitie Test</title>' in body
    assert "Contactlijst: wie belt u?" in body and "Contact Wijkteam Noord" in body
    assert "data-print" in body and "Afdrukken" in body
    assert "netwerkkaart.css" in body


@pytest.mark.parametrize("persona", ["other_coordinator", "outsider"])
def test_others_get_404(cast: Cast, persona: str) -> None:
    assert client_for(getattr(cast, persona)).get(MAP).status_code == 404


def test_anonymous_is_sent_to_login(cast: Cast) -> None:
    response = Client().get(MAP)
    assert response.status_code == 302 and "/account/login/" in response["Location"]


def test_partners_are_grouped_by_domain_and_agreements_are_links(
    cast: Cast, network: dict[str, CoalitionPartner]
) -> None:
    kaart = network_build(cast.coalition)
    assert [c.domain for c in kaart.columns] == list(Domain)
    names = {c.domain: [n.partner.organisation.name for n in c.nodes if n.partner] for c in kaart.columns}
    assert names == {
        Domain.MEDISCH: ["JGZ Test", "Verloskunde Noord"],
        Domain.SOCIAAL: ["Wijkteam Noord"],
        Domain.INFORMEEL: ["Home-Start Noord"],
        Domain.BESTUURLIJK: ["Gemeente Test"],  # the coordinator's municipality
    }
    # Warme overdracht links three partners pairwise, Kraambezoek repeats one pair: 3 links, one thicker.
    pairs = {tuple(sorted(link.between)): link for link in kaart.links}
    assert set(pairs) == {
        ("JGZ Test", "Verloskunde Noord"),
        ("JGZ Test", "Wijkteam Noord"),
        ("Verloskunde Noord", "Wijkteam Noord"),
    }
    assert pairs[("JGZ Test", "Verloskunde Noord")].count == 2
    assert pairs[("JGZ Test", "Verloskunde Noord")].width > pairs[("JGZ Test", "Wijkteam Noord")].width
    assert [a.topic for a in kaart.agreements] == ["Kraambezoek", "Warme overdracht"]


def test_the_svg_draws_every_link_with_machine_readable_numbers(
    cast: Cast, network: dict[str, CoalitionPartner]
) -> None:
    body = client_for(cast.coordinator).get(MAP).content.decode()
    links = re.search(r'<g class="kr-nk-links">(.*?)</g>', body, flags=re.S)
    assert links is not None
    widths = re.findall(r'stroke-width="([^"]+)"', links.group(1))
    assert sorted(widths) == ["2.5", "2.5", "3.5"]  # never the Dutch "2,5" inside SVG
    assert body.count('class="kr-nk-node"') == 5
    assert "Kraamzorg Voorstel" not in body
    # The same facts as text: the agreements table names the partners.
    assert "JGZ Test, Verloskunde Noord, Wijkteam Noord" in body


def test_the_layout_is_deterministic(cast: Cast, network: dict[str, CoalitionPartner]) -> None:
    client = client_for(cast.coordinator)
    first = client.get(MAP).content.decode()
    second = client.get(MAP).content.decode()
    svg = re.compile(r"<svg class=\"kr-nk\".*?</svg>", flags=re.S)
    assert svg.search(first).group(0) == svg.search(second).group(0)  # type: ignore[union-attr]


def test_agreement_partners_of_another_coalition_are_not_drawn(
    cast: Cast, network: dict[str, CoalitionPartner]
) -> None:
    elders = Coalition.objects.get(slug="elders")
    stranger = accepted_partner(elders, Organisation.objects.get(name="Verloskundigen Test"))
    _agreement(cast.coalition, "Verkeerd", network["hs"], stranger)
    kaart = network_build(cast.coalition)
    assert all("Verloskundigen Test" not in link.between for link in kaart.links)
    assert [a.partner_names for a in kaart.agreements if a.topic == "Verkeerd"] == [["Home-Start Noord"]]


def test_missing_typical_kinds_are_flagged_with_the_rivm_note(
    cast: Cast, network: dict[str, CoalitionPartner]
) -> None:
    kaart = network_build(cast.coalition)
    present = {
        OrganisationKind.JGZ,
        OrganisationKind.VERLOSKUNDIGE,
        OrganisationKind.WIJKTEAM,
        OrganisationKind.GEMEENTE,
    }
    assert OrganisationKind.KRAAMZORG in [m.kind for m in kaart.missing]  # only proposed
    assert [m.kind for m in kaart.missing] == [k for k in TYPICAL_KINDS if k not in present]
    assert {m.kind for m in kaart.missing if m.often_absent} == set(OFTEN_ABSENT_KINDS)
    body = client_for(cast.coordinator).get(MAP).content.decode()
    assert body.count('class="kr-nk-missing"') == len(kaart.missing)
    assert "Ontbreekt:" in body and "(vaak afwezig)" in body
    assert str(OFTEN_ABSENT_NOTE) in body


def test_print_styles_are_there() -> None:
    path = finders.find("coalitions/netwerkkaart.css")
    assert path is not None
    css = Path(path).read_text(encoding="utf-8")
    assert "@media print" in css and "@page" in css
    assert finders.find("coalitions/netwerkkaart.js") is not None


# --- exports for the CLI and the API ---------------------------------------------------------------


def test_partners_export(cast: Cast, network: dict[str, CoalitionPartner]) -> None:
    rows = partners_export(cast.coalition)
    assert [r["naam"] for r in rows] == [
        "Gemeente Test",
        "Home-Start Noord",
        "JGZ Test",
        "Verloskunde Noord",
        "Wijkteam Noord",
    ]
    assert rows[4] == {
        "naam": "Wijkteam Noord",
        "soort": "sociaal_wijkteam",
        "soort_label": "Sociaal wijkteam",
        "domein": "sociaal",
        "niveau": "uitvoerend",
        "rol": "",
        "contact": {
            "naam": "Contact Wijkteam Noord",
            "email": "contact@example.org",
            "telefoon": "000 000 0001",
        },
    }


def test_missing_partner_kinds_export(cast: Cast) -> None:
    rows = missing_partner_kinds(cast.coalition)
    assert rows[0] == {
        "soort": "verloskundigenpraktijk",
        "soort_label": "Verloskundigenpraktijk",
        "vaak_afwezig": False,
    }
    assert {"soort": "huisartsenpraktijk", "soort_label": "Huisartsenpraktijk", "vaak_afwezig": True} in rows
    assert "jgz" not in [r["soort"] for r in rows]


def test_coalition_summary(cast: Cast) -> None:
    assert coalition_summary(cast.coalition) == {
        "slug": "test",
        "naam": "Coalitie Test",
        "gemeenten": [{"code": "GM0344", "naam": "Utrecht"}],
        "kartrekker": None,
        "demo": False,
    }


# --- demo ------------------------------------------------------------------------------------------


def test_demo_partners_are_fictitious_idempotent_and_leave_the_flag(cast: Cast) -> None:
    demo_partners(coalition=cast.coalition, coordinator=cast.coordinator)
    partners = list(cast.coalition.partners.select_related("organisation"))
    events = AuditEvent.objects.filter(action="coalition.partner_added").count()
    demo_partners(coalition=cast.coalition, coordinator=cast.coordinator)
    assert cast.coalition.partners.count() == len(partners)
    assert AuditEvent.objects.filter(action="coalition.partner_added").count() == events
    demo = [p for p in partners if p.organisation.name.endswith(" (demo)")]
    assert len(demo) == len(DEMO_PARTNERS) >= 8
    assert all(p.contact_email.endswith("@example.org") for p in demo)
    assert {p.organisation.kind for p in demo} >= {
        OrganisationKind.VERLOSKUNDIGE,
        OrganisationKind.WIJKTEAM,
        OrganisationKind.INFORMEEL,
    }
    missing = {m["soort"] for m in missing_partner_kinds(cast.coalition)}
    assert missing == {OrganisationKind.HUISARTS, OrganisationKind.ZORGVERZEKERAAR}
    cast.coalition.refresh_from_db()
    assert cast.coalition.lead is not None and cast.coalition.lead.name == "Gemeente Test"
