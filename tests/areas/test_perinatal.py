"""The perinatal import service against the real database, areas and region aggregation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import get_commands

from kansrijk.areas.models import Area, AreaLevel, ImportRun, Observation
from kansrijk.areas.perinatal_errors import PerinatalFileError
from kansrijk.areas.perinatal_suppression import HIDDEN_LABEL
from kansrijk.audit.models import AuditEvent

if "data" not in get_commands():  # pragma: no cover - only while the area importer is being built
    from pytest_django.fixtures import django_db_setup  # noqa: F401

pytestmark = pytest.mark.django_db

HEADER = "gebiedscode;jaar;indicator;teller;noemer;percentage"


@pytest.fixture
def areas() -> dict[str, Area]:
    """A test province and GGD region of their own (codes no real area uses), so sums are exact."""
    nl, _ = Area.objects.get_or_create(code="NL00", defaults={"name": "Nederland", "level": AreaLevel.NL})
    pv = Area.objects.create(code="PV98", name="Testprovincie", level=AreaLevel.PROVINCE, parent=nl)
    pv2 = Area.objects.create(code="PV97", name="Andere provincie", level=AreaLevel.PROVINCE, parent=nl)
    ggd = Area.objects.create(code="GGD-test", name="GGD Test", level=AreaLevel.GGD, parent=nl)
    out = {"NL00": nl, "PV98": pv, "PV97": pv2, "GGD-test": ggd}
    for code, province in (("GM9901", pv), ("GM9902", pv), ("GM9903", pv), ("GM9904", pv2)):
        out[code] = Area.objects.create(
            code=code,
            name=f"Testgemeente {code[-1]}",
            level=AreaLevel.MUNICIPALITY,
            parent=province,
            province=province,
            ggd_region=ggd,
            first_year=2012,
            last_year=2025,
        )
    return out


def write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "perined_2022.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def obs(code: str, key: str = "vroeggeboorte", year: int = 2022) -> Observation:
    return Observation.objects.get(area__code=code, indicator__key=key, year=year)


def test_good_file_values_region_sums_run_and_audit(areas: dict[str, Area], tmp_path: Path) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    path = write(
        tmp_path,
        [
            "GM9901;2022;vroeggeboorte;150;2300;6,5",
            "GM9902;2022;vroeggeboorte;170;2500;6,8",
            "GM9903;2022;vroeggeboorte;40;800;",
        ],
    )
    run = perinatal_import(path=path, source="Perined 2022")

    first = obs("GM9901")
    assert (first.numerator, first.denominator, first.note) == (150, 2300, "")
    assert first.value == pytest.approx(150 / 2300 * 100)
    assert first.source == "Perined 2022"
    province = obs("PV98")
    assert (province.numerator, province.denominator) == (360, 5600)
    assert province.value == pytest.approx(360 / 5600 * 100)  # sum/sum, not the mean of 6.5, 6.8 and 5.0
    assert run.kind == "perinataal" and run.rows == 3 and run.summary["onderdrukt"] == 0
    event = AuditEvent.objects.get(action="data.perinatal_imported")
    assert event.object_id == str(run.pk) and event.changes["bron"] == "Perined 2022"


def test_bad_file_changes_nothing(areas: dict[str, Area], tmp_path: Path) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    before = (Observation.objects.count(), ImportRun.objects.count(), AuditEvent.objects.count())
    path = write(tmp_path, ["GM9901;2022;vroeggeboorte;150;2300;", "GM9902;2022;vroeggeboorte;170;150;"])
    with pytest.raises(PerinatalFileError, match="regel 3, kolom 4: teller .170. is groter dan noemer"):
        perinatal_import(path=path, source="Perined 2022")
    assert (Observation.objects.count(), ImportRun.objects.count(), AuditEvent.objects.count()) == before


def test_small_numbers_are_suppressed_with_complement_but_region_sums_keep_them(
    areas: dict[str, Area], tmp_path: Path
) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    path = write(
        tmp_path,
        [
            "GM9901;2022;vroeggeboorte;4;300;",
            "GM9902;2022;vroeggeboorte;20;900;",
            "GM9903;2022;vroeggeboorte;55;1200;",
            "GM9904;2022;vroeggeboorte;30;700;",
        ],
    )
    run = perinatal_import(path=path, source="Perined 2022")

    small, next_smallest, large = obs("GM9901"), obs("GM9902"), obs("GM9903")
    assert (small.value, small.note, small.numerator, small.denominator) == (None, HIDDEN_LABEL, 4, 300)
    assert (next_smallest.value, next_smallest.note) == (None, HIDDEN_LABEL)  # else 4 = PV98 − 20 − 55
    assert large.value == pytest.approx(55 / 1200 * 100)
    # GGD-test holds GM9901–GM9904: two hidden, so GM9904 stays published and the sums are complete.
    assert obs("GM9904").value == pytest.approx(30 / 700 * 100)
    province = obs("PV98")
    assert (province.numerator, province.denominator) == (79, 2400)
    assert province.value == pytest.approx(79 / 2400 * 100)
    assert run.summary["onderdrukt"] == 2


def test_region_with_one_hidden_member_only_is_withheld(areas: dict[str, Area], tmp_path: Path) -> None:
    from kansrijk.areas.perinatal import perinatal_import

    perinatal_import(path=write(tmp_path, ["GM9904;2022;sga;12;700;", "GM9901;2022;sga;60;900;"]), source="")
    hidden_alone = obs("GM9904", "sga")
    # Both counts are at least 10: nothing is hidden.
    assert hidden_alone.note == "" and obs("PV97", "sga").value == pytest.approx(12 / 700 * 100)
    perinatal_import(path=write(tmp_path, ["GM9904;2022;sga;7;700;"]), source="")
    # Now GM9904 (7) is hidden; in GGD-test GM9901 is hidden as its complement; PV97 holds only GM9904,
    # so the province value would reveal it and is withheld too.
    assert obs("GM9904", "sga").note == HIDDEN_LABEL
    assert obs("GM9901", "sga").note == HIDDEN_LABEL
    pv97 = obs("PV97", "sga")
    assert pv97.value is None and pv97.note == HIDDEN_LABEL
