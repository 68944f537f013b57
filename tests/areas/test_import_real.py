"""The open-data import on the real files (loaded once per session by tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.areas.helpers import number, raw_rows

from kansrijk.areas.catalogue import CBS_SPECS
from kansrijk.areas.models import Area, AreaLevel, ImportRun, Indicator, Observation
from kansrijk.areas.perinatal_catalogue import PERINATAL_INDICATORS
from kansrijk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def obs(code: str, key: str, year: int) -> Observation:
    return Observation.objects.get(area__code=code, indicator__key=key, year=year)


def test_area_counts() -> None:
    current = Area.objects.filter(current=True)
    assert current.filter(level=AreaLevel.MUNICIPALITY).count() == 342
    assert Area.objects.filter(level=AreaLevel.PROVINCE).count() == 12
    assert Area.objects.filter(level=AreaLevel.GGD).count() == 25
    assert Area.objects.filter(level=AreaLevel.NL).get().code == "NL00"
    assert Area.objects.filter(level=AreaLevel.WIJK).count() == 3474  # 3,475 minus "Buitenland"
    assert not Area.objects.filter(code__in=["WK099899", "GM9999"]).exists()


def test_municipality_links_and_years(data_dir: Path) -> None:
    rows = {r["gemeentecode"]: r for r in raw_rows(data_dir / "gemeenten/gemeenten_2025.csv")}
    hengelo = Area.objects.select_related("province", "ggd_region", "peer_group", "parent").get(code="GM0164")
    assert hengelo.name == "Hengelo (O.)" and hengelo.name_short == "Hengelo"
    assert hengelo.province.code == rows["GM0164"]["provinciecode"] == hengelo.parent.code
    assert hengelo.ggd_region.name == rows["GM0164"]["ggd_regio"]
    assert hengelo.ggd_region.code == "GGD-ggd-twente"
    assert hengelo.population == int(rows["GM0164"]["inwoners_2024"])
    assert hengelo.first_year == 2012 and hengelo.last_year == 2025 and hengelo.current
    # Every current municipality has a province and a GGD region; the provinces' sums match the file.
    assert not Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True, ggd_region=None).exists()
    utrecht = sum(int(r["inwoners_2024"]) for r in rows.values() if r["provinciecode"] == "PV26")
    assert Area.objects.get(code="PV26").population == utrecht


def test_dissolved_municipalities(data_dir: Path) -> None:
    appingedam = Area.objects.get(code="GM0003")  # merged into Eemsdelta in 2021
    assert not appingedam.current
    assert (appingedam.first_year, appingedam.last_year) == (2012, 2019)
    weesp = Area.objects.select_related("province", "ggd_region").get(code="GM0457")  # into Amsterdam 2022
    assert not weesp.current and weesp.last_year == 2022  # still in KWB 2022 (state of 1 January)
    # In the 2021 postcode file, so its province and GGD region (of 2021) are known.
    pc = {
        (r["provincie"], r["ggdregio"])
        for r in raw_rows(data_dir / "postcode/pc_gemeente_ggd_2021.csv")
        if r["gemeente"] == "Weesp"
    }
    assert pc == {("Noord-Holland", weesp.ggd_region.name)} and weesp.province.code == "PV27"


def test_peer_groups(data_dir: Path) -> None:
    kwb = {r["gemeentecode"]: r for r in raw_rows(data_dir / "kwb/kwb_gemeente_2024.csv")}
    amsterdam = Area.objects.select_related("peer_group").get(code="GM0363")
    assert kwb["GM0363"]["stedelijkheid"] == "1.0"
    assert amsterdam.peer_group.code == "VG-1-ge100k"
    assert amsterdam.peer_group.name == "Zeer sterk stedelijk, 100.000 inwoners of meer"
    assert amsterdam.peer_group.level == AreaLevel.PEERS
    for area in Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True).select_related("peer_group"):
        klass = number(kwb[area.code]["stedelijkheid"])
        if klass is None:
            assert area.peer_group is None
        else:
            assert area.peer_group.code.startswith(f"VG-{int(klass)}-")


def test_wijken(data_dir: Path) -> None:
    rows = {r["wijkcode"]: r for r in raw_rows(data_dir / "kwb/kwb_wijk_2024.csv")}
    centrum = Area.objects.select_related("parent").get(code="WK001400")
    assert centrum.parent.code == "GM0014" and centrum.level == AreaLevel.WIJK
    assert obs("WK001400", "inwoners", 2024).value == number(rows["WK001400"]["aantal_inwoners"])
    assert obs("WK001400", "pct_0_15", 2024).value == number(rows["WK001400"]["0_15"])
    letters = Area.objects.get(code="WK0363AA")  # since 2023 some wijk codes contain letters
    assert letters.parent.code == "GM0363"


def test_geometry_is_compact_valid_geojson() -> None:
    from shapely.geometry import shape

    for code in ["GM0014", "WK001400", "PV26", "GGD-ggd-amsterdam"]:
        geometry = json.loads(Area.objects.get(code=code).geometry)
        assert geometry["type"] in {"Polygon", "MultiPolygon"}
        geom = shape(geometry)
        assert geom.area > 0
        flat = json.dumps(geometry["coordinates"])
        assert all(len(x.split(".")[-1]) <= 5 for x in flat.replace("[", "").replace("]", "").split(","))
    assert not Area.objects.filter(level__in=[AreaLevel.WIJK, AreaLevel.PROVINCE, AreaLevel.GGD], geometry="")
    assert not Area.objects.filter(level=AreaLevel.MUNICIPALITY, current=True, geometry="").exists()


def test_known_values_from_the_files(data_dir: Path) -> None:
    kwb22 = {r["gemeentecode"]: r for r in raw_rows(data_dir / "kwb/kwb_gemeente_2022.csv")}
    g = kwb22["GM0014"]
    assert obs("GM0014", "pct_hhd_met_kind", 2022).value == number(g["pct_hhd_met_kind"])
    laag = obs("GM0014", "pct_hh_laag_inkomen", 2022)
    assert laag.value == number(g["pct_hh_laag_inkomen"])
    assert laag.denominator == number(g["huishoudens"]) and laag.approximate
    assert "inkomensjaar 2020" in laag.note
    births = obs("GM0014", "geboorten", 2022)
    assert births.value == pytest.approx(number(g["geboorte_relatief"]) * number(g["aantal_inwoners"]) / 1000)
    assert births.approximate and Indicator.objects.get(key="geboorten").derived
    total = sum(number(g[c]) for c in ("opl_laag", "opl_midden", "opl_hoog"))
    assert obs("GM0014", "pct_opl_laag", 2022).value == pytest.approx(number(g["opl_laag"]) / total * 100)
    afstand = obs("GM0014", "afstand_huisarts", 2022)
    assert afstand.numerator == pytest.approx(number(g["afstand_huisarts"]) * number(g["aantal_inwoners"]))
    assert obs("GM0014", "pct_jeugdzorg", 2022).value == number(g["pct_jeugdzorg"])
    ink = {r["code"]: r for r in raw_rows(data_dir / "inkomen/inkomen_gemeente_wijk_2020.csv")}
    assert obs("WK001400", "pct_hh_laagste40_besteedbaar", 2020).value == number(
        ink["WK001400"]["pct_hh_laagste40_besteedbaar"]
    )
    assert obs("GM0014", "stedelijkheid", 2024).value == 1.0


def test_suppressed_cell_stays_missing(data_dir: Path) -> None:
    kwb = raw_rows(data_dir / "kwb/kwb_gemeente_2022.csv")
    row = next(r for r in kwb if not r["wmo_per_1000"].strip())
    missing = obs(row["gemeentecode"], "wmo_per_1000", 2022)
    assert missing.value is None and missing.numerator is None


def test_catalogue_synced_with_perinatal() -> None:
    keys = set(Indicator.objects.values_list("key", flat=True))
    assert {s.key for s in CBS_SPECS} <= keys
    assert {s.key for s in PERINATAL_INDICATORS} <= keys
    assert Indicator.objects.get(key="pct_25_45").definition.endswith("geen uitsplitsing naar geslacht.")
    wijk_keys = set(Indicator.objects.filter(available_for_wijk=True).values_list("key", flat=True))
    assert {"inwoners", "pct_0_15", "pct_hh_laagste40_besteedbaar", "bevolkingsdichtheid"} <= wijk_keys
    assert "pct_hh_laag_inkomen" not in wijk_keys


def test_import_run_and_audit_event() -> None:
    run = ImportRun.objects.filter(kind="opendata").first()
    assert run is not None and len(run.summary["fingerprint"]) == 64
    assert run.summary["bestanden"]["kwb/kwb_gemeente_2012.csv"]["regels"] == 415
    assert run.observations == Observation.objects.filter(indicator__source_kind="cbs").count()
    assert AuditEvent.objects.filter(action="opendata.loaded", object_id=str(run.pk)).exists()
