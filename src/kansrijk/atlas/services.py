"""Writes of the atlas: a new model version with its precomputed estimates, always with an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Role, User
from kansrijk.accounts.selectors import user_has_role, user_is_platform_admin
from kansrijk.accounts.types import Actor, person
from kansrijk.atlas.compute import DEFAULT_TARGET, ComputedModel, compute
from kansrijk.atlas.fit import COLUMNS as OBSERVED_COLUMNS
from kansrijk.atlas.fit import read_observed, read_observed_file
from kansrijk.atlas.inputs import InputTable, load_inputs
from kansrijk.atlas.models import AtlasEstimate, AtlasModel
from kansrijk.audit import services as audit
from kansrijk.audit.actors import SETUP

# Fitting changes what every coalition sees, so only these roles may do it (platform admins and
# coalition coordinators, who receive the GGD/Perined counts); see docs/atlas.md.
FIT_ROLES = frozenset({Role.PLATFORM_ADMIN, Role.COORDINATOR})
FIT_DENIED = _("Geen recht: alleen een platformbeheerder of coördinator mag het atlasmodel schatten.")


def ensure_can_fit(actor: Actor) -> None:
    if not isinstance(actor, User) or not (user_is_platform_admin(actor) or user_has_role(actor, *FIT_ROLES)):
        raise PermissionDenied(FIT_DENIED)


@transaction.atomic
def atlas_model_store(*, computed: ComputedModel, actor: Actor, action: str) -> AtlasModel:
    version = (AtlasModel.objects.aggregate(v=Max("version"))["v"] or 0) + 1
    model = AtlasModel.objects.create(
        version=version,
        created_by=person(actor),
        kind=computed.kind,
        coefficients=computed.coefficients,
        calibration=computed.calibration,
        inputs=computed.inputs,
        validation=computed.validation,
        summary=computed.summary,
    )
    # Only rows with an estimate become AtlasEstimate rows; wijken where nobody lives are listed in
    # summary["zonder_schatting"] (compute.NO_ESTIMATE) and shown from there.
    AtlasEstimate.objects.bulk_create(
        [AtlasEstimate(model=model, **row.__dict__) for row in computed.rows if row.has_estimate],
        batch_size=1000,
    )
    audit.record(
        actor=actor,
        action=action,
        obj=model,
        changes={
            "versie": version,
            "soort": computed.kind,
            "kalibratie": computed.calibration["doel"],
            "aandeel_nl": computed.summary["aandeel"],
        },
    )
    return model


def atlas_model_create_default(
    *, actor: Actor, target_key: str = DEFAULT_TARGET, table: InputTable | None = None
) -> AtlasModel:
    """A model with the documented default weights, calibrated to `target_key`."""
    computed = compute(table or load_inputs(), target_key=target_key)
    return atlas_model_store(computed=computed, actor=actor, action="atlas.model_created")


def atlas_model_fit(
    *, actor: User, path: Path, target_key: str = DEFAULT_TARGET, table: InputTable | None = None
) -> AtlasModel:
    """Fit the weights on observed counts per wijk. The file is fully checked (ObservedFileError) before
    anything is computed; nothing is written unless all of it succeeds."""
    ensure_can_fit(actor)
    table = table or load_inputs()
    observed = read_observed_file(path, set(table.wijk_codes))
    computed = compute(table, target_key=target_key, observed=observed, observed_source=path.name)
    return atlas_model_store(computed=computed, actor=actor, action="atlas.model_fitted")


def atlas_model_fit_counts(
    *,
    actor: Actor,
    counts: Iterable[tuple[str, int, int, int]],
    source: str,
    target_key: str = DEFAULT_TARGET,
    table: InputTable | None = None,
) -> AtlasModel:
    """Fit the weights on observed counts handed over in memory (the monitor's published counts):
    `counts` rows are (wijkcode, jaar, geboorten, kwetsbaar), exactly the columns of the file that
    `atlas_model_fit` reads, and they go through the same checks (ObservedFileError, nothing stored)."""
    ensure_can_fit(actor)
    table = table or load_inputs()
    lines = [",".join(OBSERVED_COLUMNS)]
    lines += [",".join(str(v).replace(",", " ") for v in row) for row in counts]
    observed = read_observed(text="\n".join(lines), name=source, known_codes=set(table.wijk_codes))
    computed = compute(table, target_key=target_key, observed=observed, observed_source=source)
    return atlas_model_store(computed=computed, actor=actor, action="atlas.model_fitted")


def atlas_model_ensure() -> AtlasModel:
    """The active model, creating the default one the first time the atlas is used after a data load.
    Two processes may race to create version 1: the loser re-reads the winner's row."""
    model = AtlasModel.objects.order_by("-version").first()
    if model is not None:
        return model
    try:
        return atlas_model_create_default(actor=SETUP)
    except IntegrityError:
        return AtlasModel.objects.latest("version")  # the winner's row exists now
