"""The monitor pages, rendered for each persona: the coalition monitor (page, CSV, PDF) for the coalition's
members and the national programme, 404 for everyone else; the national monitor for the national programme
only. Published figures of closed periods only, withheld values labelled, synthetic figures labelled as
made up, and no stored keys or area codes on what users read."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.areas.models import Area, AreaLevel
from kansrijk.coalitions.models import Coalition, CoalitionStatus
from kansrijk.coalitions.services import coalition_create
from kansrijk.monitoring.access import business_case_coalition_get, user_may_open_business_case
from kansrijk.monitoring.exports import COLUMNS
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from tests.mfa import give_totp
from tests.monitoring.support import add, at, entry
from tests.personas import PASSWORD, Cast
from tests.system import TESTS

OCTOBER = dt.date(2026, 10, 1)
NOVEMBER = dt.date(2026, 11, 1)
NOW = at(dt.date(2026, 11, 2))  # October is closed, November is still open
SUPPRESSED = "onderdrukt (kleine aantallen)"
SYNTHETIC = "verzonnen voorbeeldgegevens"
CREDIT = "CBS / PDOK, CC BY 4.0"
# What must never reach a user: stored keys, area codes, project references.
INTERNAL = (
    "niveau:",
    "verwijzingen_thema",
    "gezinnen_aangemeld",
    "zeer_kwetsbaar",
    "GM0344",
    "issue 14",
    "seed 0",
)


def _october(coalition: Coalition, *, synthetic: bool = False) -> None:
    """40 registrations; 25 + 3 level decisions (the 3 are withheld, and so the 25 with them); 20 first
    contacts; and 15 registrations in November, the open period, that no page may show."""
    days = [at(OCTOBER + dt.timedelta(days=i % 28)) for i in range(40)]
    add(
        [
            *(entry(coalition, "gezin_aangemeld", when=days[i], synthetic=synthetic) for i in range(40)),
            *(entry(coalition, "niveau_besloten", when=days[i], niveau="kwetsbaar", synthetic=synthetic) for i in range(25)),
            *(entry(coalition, "niveau_besloten", when=days[i], niveau="zeer_kwetsbaar", synthetic=synthetic) for i in range(3)),
            *(entry(coalition, "eerste_contact", when=days[i], thema="financien", dagen=i % 9, warm=i < 12, synthetic=synthetic) for i in range(20)),
            *(entry(coalition, "gezin_aangemeld", when=at(NOVEMBER), synthetic=synthetic) for _ in range(15)),
        ]
    )  # fmt: skip
    monitor_consume_all()
    assert monitor_publish(now=NOW)


@pytest.fixture
def published(cast: Cast, monthly: None) -> Cast:
    _october(cast.coalition)
    return cast


@pytest.fixture
def synthetic(cast: Cast, monthly: None) -> Cast:
    _october(cast.coalition, synthetic=True)
    return cast


def _as(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _text(response: object) -> str:
    """The page's main content as a user reads it (no markup, no navigation)."""
    html = response.content.decode()  # type: ignore[attr-defined]
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<svg.*?</svg>", " ", main, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def _urls(coalition: Coalition) -> dict[str, str]:
    return {
        name: reverse(f"monitoring:{name}", args=[coalition.public_id])
        for name in ("coalition", "coalition_csv", "coalition_pdf", "mkba")
    }


def _csv(response: object) -> list[dict[str, str]]:
    body = response.content.decode("utf-8-sig")  # type: ignore[attr-defined]
    reader = csv.reader(io.StringIO(body), delimiter=";")
    header, *rows = list(reader)
    assert header == list(COLUMNS)
    return [dict(zip(header, row, strict=True)) for row in rows]


def _pdf(pdf: bytes, tool: str = "pdftotext") -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "monitor.pdf"
        path.write_bytes(pdf)
        args = [tool, str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def _platform_admin() -> User:
    user = user_create(email="platform@test.nl", password=PASSWORD, actor=TESTS)
    organisation = organisation_get_or_create(
        name="Platform Test", kind=OrganisationKind.LANDELIJK, actor=TESTS
    )
    membership_grant(user=user, organisation=organisation, role=Role.PLATFORM_ADMIN, actor=TESTS)
    give_totp(user)
    return user


# --- the coalition monitor ---------------------------------------------------------------------------------


def test_coordinator_sees_the_closed_period_with_withheld_values_labelled(published: Cast) -> None:
    urls = _urls(published.coalition)
    response = _as(published.coordinator).get(urls["coalition"])
    assert response.status_code == 200
    text = _text(response)
    assert "Laatste afgesloten periode: oktober 2026." in text
    assert "Gezinnen aangemeld 40" in text
    # 3 "zeer kwetsbaar" are withheld, and "kwetsbaar" with them (28 − 25 would give the 3 away).
    assert f"Zeer kwetsbaar: {SUPPRESSED}" in text and f"Kwetsbaar: {SUPPRESSED}" in text
    assert "Dagen van signaal tot eerste contact (mediaan) 3 dagen over 20" in text
    assert "Eerste contacten met een warme overdracht 60% 12 van 20" in text
    # Per municipality: the totals by name; a distribution's total per area is not shown.
    assert "Per gemeente" in text and "Gezinnen aangemeld, oktober 2026 Utrecht 40" in text
    assert "Verdeling over de niveaus van kwetsbaarheid, oktober 2026" not in text
    # The open period (November, 15 registrations) is not shown anywhere.
    assert "november" not in text.lower() and "55" not in text
    # Real figures: no synthetic label; no CBS figures on this page, so no CBS credit.
    assert SYNTHETIC not in text and CREDIT not in text
    # Fewer than five confirmed coalitions: no comparison.
    assert "te weinig coalities om te vergelijken" in text
    for name in INTERNAL:
        assert name not in text, name
    # The definitions end in one full stop and name no project references.
    assert ".." not in text
    # The downloads, and the business case for a coordinator.
    html = response.content.decode()
    for name in ("coalition_csv", "coalition_pdf", "mkba"):
        assert f'href="{urls[name]}"' in html, name
    assert _as(published.coordinator).get(urls["mkba"]).status_code == 200


def test_partner_user_sees_the_monitor_but_not_the_business_case(published: Cast) -> None:
    urls = _urls(published.coalition)
    client = _as(published.partner_member)
    response = client.get(urls["coalition"])
    assert response.status_code == 200
    assert "Gezinnen aangemeld 40" in _text(response)
    assert urls["mkba"] not in response.content.decode()
    assert client.get(urls["mkba"]).status_code == 404
    assert client.get(urls["coalition_csv"]).status_code == 200
    assert not user_may_open_business_case(published.partner_member, published.coalition)


@pytest.mark.parametrize("who", ["other_coordinator", "outsider"])
def test_everyone_outside_the_coalition_gets_404(published: Cast, who: str) -> None:
    client = _as(getattr(published, who))
    for name, url in _urls(published.coalition).items():
        assert client.get(url).status_code == 404, name


def test_coordinator_of_another_coalition_sees_only_their_own_monitor(published: Cast) -> None:
    elders = Coalition.objects.get(slug="elders")
    client = _as(published.other_coordinator)
    response = client.get(_urls(elders)["coalition"])
    assert response.status_code == 200
    text = _text(response)
    assert "Er zijn nog geen cijfers" in text and "Gezinnen aangemeld 40" not in text
    rows = _csv(client.get(_urls(elders)["coalition_csv"]))
    assert rows == []  # no figure of the other coalition leaks into this one's download
    assert business_case_coalition_get(published.other_coordinator, elders.public_id) == elders


def test_anonymous_goes_to_the_login_page(published: Cast) -> None:
    client = _as(None)
    for url in [
        *_urls(published.coalition).values(),
        reverse("monitoring:national"),
        reverse("monitoring:national_csv"),
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_national_programme_and_platform_admin_see_every_confirmed_coalition(published: Cast) -> None:
    Coalition.objects.filter(slug__in=["test", "elders"]).update(status=CoalitionStatus.CONFIRMED)
    for user in (published.national, _platform_admin()):
        client = _as(user)
        for coalition in Coalition.objects.filter(status=CoalitionStatus.CONFIRMED):
            urls = _urls(coalition)
            response = client.get(urls["coalition"])
            assert response.status_code == 200, (user.email, coalition.slug)
            assert urls["mkba"] in response.content.decode()  # they may open the business case too
            for name in ("coalition_csv", "coalition_pdf", "mkba"):
                assert client.get(urls[name]).status_code == 200, (user.email, coalition.slug, name)


def test_csv_in_words_with_withheld_counts_empty(published: Cast) -> None:
    response = _as(published.coordinator).get(_urls(published.coalition)["coalition_csv"])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="monitor-test-' in response["Content-Disposition"]
    rows = _csv(response)
    assert {r["periode"] for r in rows} == {"oktober 2026"}
    [registered] = [
        r for r in rows if r["cijfer"] == "Gezinnen aangemeld" and r["gebied"] == "Coalitie Test (coalitie)"
    ]
    assert (registered["teller"], registered["waarde"], registered["onderdrukt"], registered["fictief"]) == (
        "40", "40", "nee", "nee"
    )  # fmt: skip
    [withheld] = [r for r in rows if r["categorie"] == "Zeer kwetsbaar" and "coalitie" in r["gebied"]]
    assert (withheld["teller"], withheld["noemer"], withheld["waarde"], withheld["onderdrukt"]) == (
        "",
        "",
        "",
        "ja",
    )
    assert any(r["gebied"] == "Utrecht (gemeente)" for r in rows)
    assert {r["categorie"] for r in rows if r["cijfer"].startswith("Verdeling")} >= {"Totaal", "Kwetsbaar"}
    body = response.content.decode("utf-8-sig")
    for name in INTERNAL:
        assert name not in body, name


def test_pdf_is_a_tagged_pdf_of_the_closed_period(published: Cast) -> None:
    response = _as(published.partner_member).get(_urls(published.coalition)["coalition_pdf"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF-")
    info = dict(line.split(":", 1) for line in _pdf(pdf, "pdfinfo").splitlines() if ":" in line)
    assert info["Tagged"].strip() == "yes"
    text = " ".join(_pdf(pdf).split())
    assert "Monitor – Coalitie Test" in text and "oktober 2026" in text and SUPPRESSED in text
    assert "november" not in text.lower() and SYNTHETIC not in text


def test_synthetic_figures_are_labelled_on_page_csv_and_pdf(synthetic: Cast) -> None:
    client = _as(synthetic.coordinator)
    urls = _urls(synthetic.coalition)
    text = _text(client.get(urls["coalition"]))
    assert "Gezinnen aangemeld 40" in text and SYNTHETIC in text
    rows = _csv(client.get(urls["coalition_csv"]))
    assert rows and {r["fictief"] for r in rows} == {"ja"}
    assert SYNTHETIC in " ".join(_pdf(client.get(urls["coalition_pdf"]).content).split())


def test_comparison_with_five_confirmed_coalitions_shows_the_middle_half(cast: Cast, monthly: None) -> None:
    small = (
        Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True)
        .exclude(code="GM0344")
        .order_by("code")[:4]
    )
    coalitions = [cast.coalition] + [
        coalition_create(name=f"Vergelijk {i}", slug=f"vergelijk-{i}", municipalities=[m], actor=TESTS)
        for i, m in enumerate(small)
    ]
    for i, c in enumerate(coalitions):
        muni = c.municipalities.get().code
        add(entry(c, "gezin_aangemeld", when=at(OCTOBER), municipality=muni) for _ in range(20 + 10 * i))
    monitor_consume_all()
    assert monitor_publish(now=NOW)
    Coalition.objects.filter(pk__in=[c.pk for c in coalitions]).update(status=CoalitionStatus.CONFIRMED)
    text = _text(_as(cast.coordinator).get(_urls(cast.coalition)["coalition"]))
    # 20, 30, 40, 50, 60: the middle half from 30 to 50; in the PDF too.
    assert "Gezinnen aangemeld 20 – De middelste helft van 5 coalities zit tussen 30 en 50" in text
    pdf = _as(cast.coordinator).get(_urls(cast.coalition)["coalition_pdf"]).content
    assert "middelste helft van 5 coalities: 30 tot 50" in " ".join(_pdf(pdf).split())


# --- the national monitor ----------------------------------------------------------------------------------


def test_national_monitor_for_the_national_programme(published: Cast) -> None:
    Coalition.objects.filter(slug="elders").update(is_demo=True)  # a demo coalition is not counted
    client = _as(published.national)
    response = client.get(reverse("monitoring:national"))
    assert response.status_code == 200
    text = _text(response)
    assert "Landelijke monitor Kansrijke Start" in text
    assert "Gezinnen aangemeld 40" in text and "GGD" in text
    assert "november" not in text.lower() and SYNTHETIC not in text
    assert f"Bron kaart: {CREDIT}." in text  # under the map of the municipalities
    assert "Aangevraagd: 1 Bevestigd: 0" in text
    assert 'style="' not in response.content.decode()  # the policy allows no inline styles
    for name in INTERNAL:
        assert name not in text, name
    csv_response = client.get(reverse("monitoring:national_csv"))
    assert csv_response.status_code == 200
    rows = _csv(csv_response)
    assert {r["gebied"] for r in rows} >= {"Nederland", "Coalitie Test (coalitie)"}
    [nl] = [r for r in rows if r["gebied"] == "Nederland" and r["cijfer"] == "Gezinnen aangemeld"]
    assert (nl["teller"], nl["onderdrukt"], nl["fictief"]) == ("40", "nee", "nee")
    assert not [r for r in rows if r["gebied"].endswith("(gemeente)")]
    assert _as(_platform_admin()).get(reverse("monitoring:national")).status_code == 200


def test_national_monitor_labels_synthetic_figures(synthetic: Cast) -> None:
    client = _as(synthetic.national)
    text = _text(client.get(reverse("monitoring:national")))
    assert "Gezinnen aangemeld 40" in text and SYNTHETIC in text
    rows = _csv(client.get(reverse("monitoring:national_csv")))
    assert rows and {r["fictief"] for r in rows} == {"ja"}


@pytest.mark.parametrize("who", ["coordinator", "partner_member", "outsider"])
def test_national_monitor_is_404_for_everyone_else(published: Cast, who: str) -> None:
    client = _as(getattr(published, who))
    assert client.get(reverse("monitoring:national")).status_code == 404
    assert client.get(reverse("monitoring:national_csv")).status_code == 404
