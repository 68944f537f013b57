"""The monitor teaches the atlas: only published, unsuppressed, real wijk counts go down, through the
atlas's in-memory re-fit service, which checks them like an uploaded file and stores nothing otherwise."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from kansrijk.areas.models import Area, AreaLevel
from kansrijk.atlas.fit import ObservedFileError
from kansrijk.atlas.inputs import InputTable, load_inputs
from kansrijk.atlas.models import AtlasModel
from kansrijk.atlas.services import atlas_model_fit_counts
from kansrijk.audit.models import AuditEvent
from kansrijk.monitoring.models import PublishedFigure
from kansrijk.monitoring.services.atlas_feedback import monitor_refit_atlas, observed_wijk_counts
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from tests.monitoring.support import add, at, entry
from tests.personas import Cast


@pytest.fixture(scope="session")
def table(data_dir: object) -> InputTable:
    return load_inputs()


def _wijken() -> list[str]:
    return list(
        Area.objects.filter(level=AreaLevel.WIJK, current=True, parent__code="GM0344")
        .order_by("code")
        .values_list("code", flat=True)
    )


def _decisions(cast: Cast, month: dt.date, *, small: str, synthetic: bool = False) -> None:
    """Per wijk 30 first decisions, 10 + its index of them (zeer) kwetsbaar; the wijk `small` has only 4."""
    entries = []
    for k, w in enumerate(_wijken()):
        n = 4 if w == small else 30
        for i in range(n):
            level = "kwetsbaar" if i < 5 else "zeer_kwetsbaar" if i < 10 + k else "zelfredzaam"
            entries.append(
                entry(cast.coalition, "niveau_besloten", when=at(month + dt.timedelta(days=i % 20)), wijk=w,
                      niveau=level, synthetic=synthetic)
            )  # fmt: skip
    add(entries)


@pytest.fixture
def published(cast: Cast, monthly: None) -> Cast:
    wijken = _wijken()
    _decisions(cast, dt.date(2026, 9, 1), small=wijken[0])
    _decisions(cast, dt.date(2026, 10, 1), small=wijken[0])
    _decisions(cast, dt.date(2026, 10, 1), small=wijken[0], synthetic=True)
    monitor_consume_all()
    assert len(monitor_publish(now=at(dt.date(2026, 11, 2)))) == 2
    return cast


def test_only_published_unsuppressed_real_wijk_counts_go_down(published: Cast) -> None:
    wijken = _wijken()
    counts = observed_wijk_counts()
    # The small wijk is suppressed (4 decisions), so it is not there; the others: two months summed.
    assert [c[0] for c in counts] == [w for w in wijken if w != wijken[0] and _published(w)]
    assert len(counts) >= 5
    for code, year, births, vulnerable in counts:
        assert (year, births, vulnerable) == (2026, 60, 2 * (10 + wijken.index(code)))


def _published(code: str) -> bool:
    return (
        PublishedFigure.objects.filter(
            indicator="niveau_kwetsbaar",
            area_code=code,
            suppressed=False,
            is_synthetic=False,
            noemer__isnull=False,
        ).count()
        == 2
    )


def test_a_coordinator_refits_the_atlas_on_them(published: Cast, table: InputTable) -> None:
    before = AtlasModel.objects.count()
    model = monitor_refit_atlas(actor=published.coordinator, table=table)
    assert model.kind == "fitted" and AtlasModel.objects.count() == before + 1
    event = AuditEvent.objects.get(action="atlas.model_fitted")
    assert event.actor == published.coordinator


def test_a_professional_may_not_and_nothing_changes(published: Cast, table: InputTable) -> None:
    with pytest.raises(PermissionDenied):
        monitor_refit_atlas(actor=published.professional, table=table)
    assert AtlasModel.objects.count() == 0


def test_nothing_published_means_nothing_to_fit(cast: Cast, table: InputTable) -> None:
    with pytest.raises(ObservedFileError) as exc:
        monitor_refit_atlas(actor=cast.coordinator, table=table)
    assert "geen gegevensregels" in str(exc.value)
    assert AtlasModel.objects.count() == 0


def test_counts_in_memory_get_the_file_checks(cast: Cast, table: InputTable) -> None:
    with pytest.raises(ObservedFileError) as exc:
        atlas_model_fit_counts(
            actor=cast.coordinator,
            counts=[("WK999999", 2026, 10, 2), ("WK034401", 2026, 5, 9), ("WK034402", 2026, -1, 0)],
            source="proef",
            table=table,
        )
    errors = exc.value.errors
    assert any("onbekende wijkcode 'WK999999'" in e for e in errors)
    assert any("kwetsbaar: 9 is groter dan geboorten (5)" in e for e in errors)
    assert any("geboorten: -1 is negatief" in e for e in errors)
    assert all(e.startswith("proef: regel ") for e in errors)
    assert AtlasModel.objects.count() == 0


# --- the command: `kansrijk monitor atlas --als EMAIL` -------------------------------------------------------


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("monitor", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_the_command_refits_for_a_coordinator(published: Cast) -> None:
    code, out, _err = _run("atlas", "--als", published.coordinator.email)
    assert code == 0, _err
    model = AtlasModel.objects.get()
    assert f"Atlasmodel versie {model.version}" in out and model.kind == "fitted"


def test_the_command_refuses_a_professional_and_an_unknown_address(published: Cast) -> None:
    code, _out, err = _run("atlas", "--als", published.professional.email)
    assert code == 2 and err.strip()
    code, _out, err = _run("atlas", "--als", "niemand@example.org")
    assert code == 2 and "--als" in err
    assert AtlasModel.objects.count() == 0


def test_the_command_without_published_counts_changes_nothing(cast: Cast) -> None:
    code, _out, err = _run("atlas", "--als", cast.coordinator.email)
    assert code == 2 and "Niets gewijzigd" in err
    assert AtlasModel.objects.count() == 0
