"""Model versions: stored with their estimates and an audit row; fitting is for admins and coordinators."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from kansrijk.atlas.compute import ComputedModel
from kansrijk.atlas.fit import ObservedFileError
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.atlas.services import atlas_model_ensure, atlas_model_fit
from kansrijk.audit.models import AuditEvent
from tests.personas import make_cast

pytestmark = pytest.mark.django_db


FITTED_MUNICIPALITIES = {"GM0599", "GM0363", "GM0344", "GM0518", "GM0014", "GM0034"}


def _observed(tmp_path: Path, computed: ComputedModel, bad: str = "") -> Path:
    lines = ["wijkcode,jaar,geboorten,kwetsbaar"]
    for r in computed.rows:
        if r.level == "wijk" and r.has_estimate and r.parent_code in FITTED_MUNICIPALITIES:
            births = round(r.births * 2)
            lines.append(f"{r.code},2023,{births},{round(births * r.share * 1.2)}")
    path = tmp_path / "tellingen.csv"
    path.write_text("\n".join(lines) + bad + "\n", encoding="utf-8")
    return path


def test_default_model_is_stored_with_estimates_and_audit(
    atlas_model: AtlasModel, computed: ComputedModel
) -> None:
    assert atlas_model.version == 1 and atlas_model.kind == "default"
    # Wijken where nobody lives are listed in the summary, not stored as estimates.
    stored = [r for r in computed.rows if r.has_estimate]
    assert AtlasEstimate.objects.filter(model=atlas_model).count() == len(stored) < len(computed.rows)
    assert len(atlas_model.summary["zonder_schatting"]) == len(computed.rows) - len(stored)
    event = AuditEvent.objects.get(action="atlas.model_created")
    assert event.changes["versie"] == 1 and event.actor is None
    assert atlas_model_ensure() == atlas_model  # the newest is active; nothing new is created


def test_coordinator_fits_a_new_version(
    atlas_model: AtlasModel, computed: ComputedModel, table: object, tmp_path: Path
) -> None:
    cast = make_cast()
    model = atlas_model_fit(actor=cast.coordinator, path=_observed(tmp_path, computed), table=table)  # type: ignore[arg-type]
    assert model.version == 2 and model.kind == "fitted"
    assert model.validation["wijken"] > 100 and model.validation["cv_folds"] == 5
    assert model.summary["aandeel"] == pytest.approx(0.072, abs=1e-4)
    assert atlas_model_ensure() == model
    event = AuditEvent.objects.get(action="atlas.model_fitted")
    assert event.actor == cast.coordinator and event.changes["soort"] == "fitted"


def test_professional_may_not_fit_and_nothing_changes(
    atlas_model: AtlasModel, computed: ComputedModel, tmp_path: Path
) -> None:
    cast = make_cast()
    with pytest.raises(PermissionDenied):
        atlas_model_fit(actor=cast.professional, path=_observed(tmp_path, computed))
    assert AtlasModel.objects.count() == 1
    assert not AuditEvent.objects.filter(action="atlas.model_fitted").exists()


def test_bad_file_changes_nothing(
    atlas_model: AtlasModel, computed: ComputedModel, table: object, tmp_path: Path
) -> None:
    cast = make_cast()
    with pytest.raises(ObservedFileError):
        atlas_model_fit(
            actor=cast.coordinator, path=_observed(tmp_path, computed, bad="\nWK059901,2023,x,1"), table=table
        )  # type: ignore[arg-type]
    assert AtlasModel.objects.count() == 1 and AtlasEstimate.objects.filter(model__version=2).count() == 0
