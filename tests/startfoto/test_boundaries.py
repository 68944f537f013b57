"""Trends mark boundary changes (issue 10): a municipality that kept its code but absorbed another shows a
visible break, and the years sit on a time scale. The table of changes is checked against the raw CBS
files: where the change is large, the inhabitants jump in exactly that year."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client

from kansrijk.areas.boundaries import BOUNDARY_CHANGES, boundary_changes
from kansrijk.areas.models import Area
from tests.areas.helpers import number, raw_rows


@pytest.mark.django_db
def test_every_entry_is_a_current_municipality_named_in_its_text() -> None:
    for code, changes in BOUNDARY_CHANGES.items():
        area = Area.objects.get(code=code)
        assert area.current, code
        assert all(area.name in change.text for change in changes), (code, area.name)


def _inhabitants(data_dir: Path, code: str, year: int) -> float:
    rows = raw_rows(data_dir / "kwb" / f"kwb_gemeente_{year}.csv")
    value = next(number(r["aantal_inwoners"]) for r in rows if r["gemeentecode"] == code)
    assert value is not None
    return value


@pytest.mark.parametrize(
    ("code", "before", "after", "at_least"),
    [
        ("GM0363", 2022, 2023, 30_000),  # Amsterdam + Weesp (≈ 21,000 more than the usual growth)
        ("GM0014", 2018, 2019, 25_000),  # Groningen + Haren (≈ 19,000) + Ten Boer (≈ 7,000)
        ("GM0441", 2012, 2017, 20_000),  # Schagen + Harenkarspel + Zijpe
        ("GM0439", 2019, 2022, 8_000),  # Purmerend + Beemster
    ],
)
def test_the_raw_files_jump_where_the_table_says(
    data_dir: Path, code: str, before: int, after: int, at_least: int
) -> None:
    assert any(before < c.year <= after for c in boundary_changes(code))
    assert _inhabitants(data_dir, code, after) - _inhabitants(data_dir, code, before) >= at_least


@pytest.mark.django_db
def test_amsterdams_charts_show_the_break_and_a_time_scale(client: Client) -> None:
    html = client.get("/startfoto/GM0363/").content.decode()
    start = html.index('id="indicator-inwoners-spec"')
    spec = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    line, rule, _label = spec["layer"]
    assert line["encoding"]["x"]["type"] == "quantitative"
    assert rule["mark"]["type"] == "rule" and rule["data"]["values"][0]["jaar"] == 2022.5
    assert "Weesp ging op in Amsterdam" in spec["description"]
    assert "andere grenzen vanaf 2023: Weesp ging op in Amsterdam" in html


@pytest.mark.django_db
def test_a_municipality_without_changes_has_one_layer(client: Client) -> None:
    html = client.get("/startfoto/GM0344/").content.decode()
    start = html.index('id="indicator-inwoners-spec"')
    spec = json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])
    assert len(spec["layer"]) == 1 and "Let op" not in spec["description"]


@pytest.mark.django_db
def test_shares_start_at_zero_and_other_axes_say_they_do_not(client: Client) -> None:
    html = client.get("/startfoto/GM0344/").content.decode()

    def spec(key: str) -> dict[str, object]:
        start = html.index(f'id="indicator-{key}-spec"')
        return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])  # type: ignore[no-any-return]

    share, count = spec("pct_0_15"), spec("inwoners")
    assert share["layer"][0]["encoding"]["y"]["scale"]["zero"] is True  # type: ignore[index]
    assert count["layer"][0]["encoding"]["y"]["scale"]["zero"] is False  # type: ignore[index]
    assert "de as begint niet bij 0" in count["title"]["subtitle"]  # type: ignore[index]
    assert "de as begint niet bij 0" not in share["title"]["subtitle"]  # type: ignore[index]
