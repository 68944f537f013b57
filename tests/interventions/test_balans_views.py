"""Persona tests of every balans page: matrix, cell (notes), per wijk, PDF."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.audit.models import AuditEvent
from kansrijk.interventions.models import BalansNote, Need
from tests.interventions import balans_support as support
from tests.interventions.conftest import client_for
from tests.personas import Cast

CELL = ("zwangerschap", Need.FINANCIEN.value)


def _url(name: str, *args: str) -> str:
    return reverse(f"interventions:{name}", args=["test", *args])


def _cell_html(html: str, phase: str, need: str) -> str:
    match = re.search(rf'<td id="cel-{phase}-{need}".*?</td>', html, re.S)
    assert match, (phase, need)
    return match.group(0)


ROUTES = [("balans", ()), ("balans_wijken", ()), ("balans_cel", CELL), ("balans_pdf", ())]


@pytest.mark.parametrize(("name", "args"), ROUTES)
def test_anonymous_is_sent_to_login(cast: Cast, name: str, args: tuple[str, ...]) -> None:
    response = Client().get(_url(name, *args))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


@pytest.mark.parametrize(("name", "args"), [r for r in ROUTES if r[0] != "balans_pdf"])
def test_members_and_national_read_others_get_404(cast: Cast, name: str, args: tuple[str, ...]) -> None:
    support.atlas()
    for user in (cast.coordinator, cast.partner_member, cast.national):
        assert client_for(user).get(_url(name, *args)).status_code == 200, user
    for user in (cast.other_coordinator, cast.outsider):
        assert client_for(user).get(_url(name, *args)).status_code == 404, user


def test_matrix_shows_need_sources_gaps_and_legend(cast: Cast) -> None:
    html = client_for(cast.partner_member).get(_url("balans")).content.decode()
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    for need in Need:
        assert str(need.label) in html or str(need.label).replace("(", "") in html
    cell = _cell_html(html, *CELL)
    assert 'data-gat="ja"' in cell and "<strong>Gat</strong>" in cell and "<svg" in cell
    assert "Geen lokaal aanbod" in cell
    assert re.search(r"\d+ gaten", html) and "Legenda" in html
    assert "geen open cijfer" in html.lower() and "GGD Gezondheidsmonitor" in html
    assert "CBS" in html and "Bron: CBS / PDOK, CC BY 4.0" in html
    # Readers get a link to the cell's details, not an edit form.
    assert "Notities bewerken" not in html
    # No developer text for users (issue 10): where figures are missing, plain words, no commands.
    assert "kansrijk data" not in html and "BESTAND.csv" not in html
    assert "de beheerder van het platform kan" in html


def test_adding_an_offer_closes_the_gap_on_the_page(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    before = client.get(_url("balans")).content.decode()
    n_before = int(re.search(r'data-gaten="(\d+)"', before).group(1))
    item = support.intervention("Schuldhulp Zwanger", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    support.offer(cast.coalition, item, phases=["zwangerschap"], capacity=25, waiting=10)
    after = client.get(_url("balans")).content.decode()
    cell = _cell_html(after, *CELL)
    assert 'data-gat="nee"' in cell and "<strong>Gedekt</strong>" in cell and ">Gat<" not in cell
    assert "Schuldhulp Zwanger" in cell and "JGZ Test" in cell and "25 plekken per jaar" in cell
    assert "wachttijd 10 dagen" in cell
    assert int(re.search(r'data-gaten="(\d+)"', after).group(1)) == n_before - 1
    # The same theme in another phase is still a gap.
    assert 'data-gat="ja"' in _cell_html(after, "preconceptie", Need.FINANCIEN.value)


def test_coordinator_edits_the_notes_of_a_cell(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    url = _url("balans_cel", *CELL)
    assert "Notities opslaan" in client.get(url).content.decode()
    response = client.post(
        url, {"goes_well": " Schuldhulp komt aan huis. ", "gaps": "Wachtlijst van 8 weken."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#cel-zwangerschap-financien")
    note = BalansNote.objects.get(coalition=cast.coalition, phase=CELL[0], need=CELL[1])
    assert (note.goes_well, note.gaps, note.updated_by) == (
        "Schuldhulp komt aan huis.",
        "Wachtlijst van 8 weken.",
        cast.coordinator,
    )
    event = AuditEvent.objects.get(action="interventions.balans_note_saved")
    assert event.actor == cast.coordinator
    assert (
        event.changes["gaps"] == ["", "Wachtlijst van 8 weken."] and event.changes["phase"] == "zwangerschap"
    )
    html = client_for(cast.national).get(_url("balans")).content.decode()
    assert "Wachtlijst van 8 weken." in _cell_html(html, *CELL)
    # A second save only records what changed.
    client.post(url, {"goes_well": "Schuldhulp komt aan huis.", "gaps": ""})
    last = AuditEvent.objects.filter(action="interventions.balans_note_saved").order_by("-id").first()
    assert "goes_well" not in last.changes and last.changes["gaps"] == ["Wachtlijst van 8 weken.", ""]


def test_bad_input_answers_422_and_saves_nothing(cast: Cast) -> None:
    response = client_for(cast.coordinator).post(
        _url("balans_cel", *CELL), {"goes_well": "x" * 2001, "gaps": ""}
    )
    assert response.status_code == 422
    assert "Niet opgeslagen" in response.content.decode()
    assert (
        not BalansNote.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="interventions.").exists()
    )


def test_unknown_cell_is_404(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert client.get(_url("balans_cel", "context", "financien")).status_code == 404
    assert client.post(_url("balans_cel", "zwangerschap", "onzin"), {"gaps": "x"}).status_code == 404


def test_members_and_national_read_notes_but_may_not_change_them(cast: Cast) -> None:
    BalansNote.objects.create(coalition=cast.coalition, phase=CELL[0], need=CELL[1], gaps="Geen tolk.")
    url = _url("balans_cel", *CELL)
    for user in (cast.partner_member, cast.national):
        html = client_for(user).get(url).content.decode()
        assert "Geen tolk." in html and "<form" not in html.split("Wat ziet de coalitie?")[1]
        assert client_for(user).post(url, {"goes_well": "", "gaps": "weg"}).status_code == 403
    for user in (cast.other_coordinator, cast.outsider):
        assert client_for(user).post(url, {"goes_well": "", "gaps": "weg"}).status_code == 404
    assert BalansNote.objects.get().gaps == "Geen tolk."
    assert not AuditEvent.objects.filter(action__startswith="interventions.").exists()


def test_per_wijk_view_crosses_the_estimate_with_the_offer(cast: Cast) -> None:
    _model, wijken = support.atlas(national=0.07)
    high, middle, low = wijken
    item = support.intervention("Wijkcoach", phases=["zwangerschap"], needs=[Need.SOCIAAL_NETWERK])
    support.offer(cast.coalition, item, phases=["zwangerschap"], wijken=[middle])
    html = client_for(cast.partner_member).get(_url("balans_wijken")).content.decode()
    assert html.index(high.name) < html.index(middle.name) < html.index(low.name)  # sorted by estimate
    rows = {
        code: re.search(rf'<tr [^>]*id="wijk-{code}".*?</tr>', html, re.S).group(0)
        for code in (high.code, middle.code, low.code)
    }
    assert 'data-gat="ja"' in rows[high.code] and "<strong>Gat</strong>" in rows[high.code]
    assert "20,0%" in rows[high.code] and "18,0%–22,0%" in rows[high.code] and ">60<" in rows[high.code]
    assert 'data-gat="nee"' in rows[middle.code] and "Wijkcoach" in rows[middle.code]
    assert "&lt;10" in rows[low.code] and 'data-gat="nee"' in rows[low.code]  # 2 expected: shown as <10
    assert reverse("atlas:methode") in html and "schatting" in html.lower()
    # An offer that lists no wijken reaches every wijk of its municipalities.
    whole = support.intervention("Overal", phases=["geboorte"], needs=[Need.ROKEN])
    support.offer(cast.coalition, whole, phases=["geboorte"])
    html = client_for(cast.coordinator).get(_url("balans_wijken")).content.decode()
    assert 'data-gat="ja"' not in html and html.count("Overal") >= 3


def test_the_gaps_are_listed_at_the_top_each_linking_to_its_cell(cast: Cast) -> None:
    """Issue 10: the balans lists its gaps at the top, each linking to the cell."""
    client = client_for(cast.coordinator)
    html = client.get(_url("balans")).content.decode()
    gaps = int(re.search(r'data-gaten="(\d+)"', html).group(1))  # type: ignore[union-attr]
    top = html[: html.index('id="balans-caption"')]  # everything above the table
    links = re.findall(r'<a class="utrecht-link" href="#(cel-[a-z_]+-[a-z_]+)">', top)
    assert gaps > 0 and len(links) == gaps
    for anchor in links:
        assert f'<td id="{anchor}"' in html and 'data-gat="ja"' in _cell_html(html, *anchor[4:].split("-", 1))
    # A closed gap leaves the list.
    item = support.intervention("Schuldhulp Zwanger", phases=["zwangerschap"], needs=[Need.FINANCIEN])
    support.offer(cast.coalition, item, phases=["zwangerschap"], capacity=25, waiting=10)
    after = client.get(_url("balans")).content.decode()
    assert f'href="#cel-{CELL[0]}-{CELL[1]}"' in html and f'href="#cel-{CELL[0]}-{CELL[1]}"' not in after
