"""`kansrijk data download` against a local CBS/PDOK stand-in (tests/areas/test_download_support.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from tests.areas.test_download_support import FakeServer, serving

from kansrijk.areas.download import DownloadError, download_open_data

EXPECTED = {
    "kwb/kwb_gemeente_2012.csv",
    "kwb/kwb_gemeente_2017.csv",
    "kwb/kwb_gemeente_2018.csv",
    "kwb/kwb_gemeente_2019.csv",
    "kwb/kwb_gemeente_2022.csv",
    "kwb/kwb_gemeente_2023.csv",
    "kwb/kwb_gemeente_2024.csv",
    "kwb/kwb_wijk_2024.csv",
    "kwb/metadata/kwb2024_85984NED_DataProperties.json",
    "kwb/metadata/kwb2024_85984NED_TableInfos.json",
    "kwb/metadata/kolomnamen_naar_pdok_velden.json",
    "grenzen/gemeente_2025.geojson",
    "grenzen/provincie_2022.geojson",
    "grenzen/ggdregio_2022.geojson",
    "grenzen/wijk_2024.geojson",
    "gemeenten/gemeenten_2025.csv",
    "inkomen/inkomen_gemeente_wijk_2020.csv",
}


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with serving() as s:
        yield s


def run(server: FakeServer, target: Path, only: list[str] | None = None) -> list[Path]:
    return download_open_data(
        data_dir=target,
        cbs_url=f"{server.base}/cbs",
        pdok_url=f"{server.base}/pdok",
        only=only,
        mapping_dirs=[Path(settings.KANSRIJK_DATA_DIR)],
        progress=False,
    )


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_download_writes_the_open_data_layout(server: FakeServer, tmp_path: Path) -> None:
    target = tmp_path / "data"
    written = run(server, target)
    assert {str(p.relative_to(target)) for p in written} == EXPECTED
    assert set(files(target)) == EXPECTED  # no temporary folder left behind

    kwb = read_csv(target / "kwb" / "kwb_gemeente_2024.csv")
    header = list(kwb[0])
    assert header[:4] == ["jaar", "gemeentecode", "gemeentenaam", "aantal_inwoners"]
    assert [r["gemeentecode"] for r in kwb] == ["GM0014", "GM0034", "GM0164"]  # NL00 and wijken filtered out
    groningen = kwb[0]
    assert groningen["gemeentenaam"] == "Groningen" and groningen["aantal_inwoners"] == "240000.0"
    # CBS publishes counts; our column is a whole-number percentage of its own denominator.
    assert groningen["0_15"] == "16.0" and groningen["pct_eenpersoonshhd"] == "40.0"
    # "Nederland" under Herkomstland (70%), not under "Geboren in Nederland" (65%).
    assert groningen["pct_herkomst_nl"] == "70.0"
    assert groningen["pct_hh_hoog_inkomen"] == ""  # CBS null stays empty, never filled in

    old = read_csv(target / "kwb" / "kwb_gemeente_2012.csv")
    assert {r["jaar"] for r in old} == {"2012"} and old[0][
        "aantal_inwoners"
    ] == "240000.0"  # 2012JJ00, not 2011
    assert old[2]["gemeentenaam"] == "Hengelo (O.)"  # from the region dimension: that table has no name topic

    wijk = read_csv(target / "kwb" / "kwb_wijk_2024.csv")
    assert list(wijk[0])[:5] == ["jaar", "wijkcode", "wijknaam", "gemeentecode", "gemeentenaam"]
    assert [(r["wijkcode"], r["wijknaam"], r["gemeentecode"], r["gemeentenaam"]) for r in wijk] == [
        ("WK001400", "Centrum", "GM0014", "Groningen"),
        ("WK003400", "Stad", "GM0034", "Almere"),
    ]

    gemeenten = read_csv(target / "gemeenten" / "gemeenten_2025.csv")
    assert list(gemeenten[0]) == [
        "gemeentecode",
        "gemeentenaam",
        "gemeentenaam_kort",
        "provinciecode",
        "provincienaam",
        "ggd_regio",
        "inwoners_2024",
    ]
    assert gemeenten[2] | {} == {
        "gemeentecode": "GM0164",
        "gemeentenaam": "Hengelo (O.)",
        "gemeentenaam_kort": "Hengelo",
        "provinciecode": "PV23",
        "provincienaam": "Overijssel",
        "ggd_regio": "GGD Twente",
        "inwoners_2024": "80000",
    }

    income = read_csv(target / "inkomen" / "inkomen_gemeente_wijk_2020.csv")
    assert [(r["niveau"], r["code"]) for r in income] == [
        ("land", "NL00"),
        ("gemeente", "GM0014"),
        ("gemeente", "GM0034"),
        ("gemeente", "GM0164"),
        ("wijk", "WK001400"),
        ("wijk", "WK003400"),
    ]
    assert income[0]["pct_hh_laagste40_besteedbaar"] == "41.5" and income[0]["indeling"] == "2022"

    gm = json.loads((target / "grenzen" / "gemeente_2025.geojson").read_text())
    assert [f["properties"]["statcode"] for f in gm["features"]] == ["GM0014", "GM0034", "GM0164"]
    lon, lat = gm["features"][0]["geometry"]["coordinates"][0][0]
    assert (lon, lat) == (6.56, 53.22)
    ggd = json.loads((target / "grenzen" / "ggdregio_2022.geojson").read_text())
    assert {f["properties"]["ggdregio"] for f in ggd["features"]} == {
        "GGD Groningen",
        "GGD Flevoland",
        "GGD Twente",
    }
    wijken = json.loads((target / "grenzen" / "wijk_2024.geojson").read_text())
    assert wijken["features"][0]["properties"]["wijkcode"] == "WK001400"
    assert wijken["features"][0]["properties"]["aantal_inwoners"] == 25000

    # Tables larger than a page were fetched by following odata.nextLink.
    assert any("%24skip=2" in r or "$skip=2" in r for r in server.requests)


def test_only_one_part_leaves_the_rest_alone(server: FakeServer, tmp_path: Path) -> None:
    target = tmp_path / "data"
    (target / "kwb").mkdir(parents=True)
    (target / "kwb" / "keep.txt").write_text("blijft")
    written = run(server, target, only=["gemeenten"])
    assert [str(p.relative_to(target)) for p in written] == ["gemeenten/gemeenten_2025.csv"]
    assert (target / "kwb" / "keep.txt").read_text() == "blijft"


@pytest.mark.parametrize(
    ("fault_path", "fault", "message"),
    [
        ("TypedDataSet", "500", "HTTP 500"),
        ("/pdok/", "500", "HTTP 500"),
        ("DataProperties", "{niet: json", "geen geldige JSON"),
        ("TypedDataSet", '{"odata.metadata": "x"}', "het veld 'value' ontbreekt"),
        ("/pdok/", '{"type": "FeatureCollection"}', "geen GeoJSON 'features'"),
    ],
)
def test_errors_leave_the_target_unchanged(
    server: FakeServer, tmp_path: Path, fault_path: str, fault: str, message: str
) -> None:
    target = tmp_path / "data"
    (target / "kwb").mkdir(parents=True)
    (target / "kwb" / "kwb_gemeente_2024.csv").write_text("oude inhoud\n")
    before = files(target)
    server.faults[fault_path] = fault
    with pytest.raises(DownloadError, match=message) as exc:
        run(server, target)
    assert "er is niets gewijzigd" in str(exc.value) or "Onverwacht antwoord" in str(exc.value)
    assert files(target) == before
    assert not list(target.glob(".download-*"))


def test_unreachable_server_is_a_clear_dutch_error(tmp_path: Path) -> None:
    with serving() as server:
        base = server.base
    with pytest.raises(DownloadError, match="niet bereiken"):
        download_open_data(
            data_dir=tmp_path / "nieuw",
            cbs_url=f"{base}/cbs",
            pdok_url=f"{base}/pdok",
            only=["gemeenten"],
            mapping_dirs=[Path(settings.KANSRIJK_DATA_DIR)],
            progress=False,
        )
    assert not (tmp_path / "nieuw").exists()  # a directory we created is removed again
