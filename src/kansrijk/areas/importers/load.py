"""`data load`: the whole open-data import of the area layer, all or nothing.

1. read and check every file (`sources.py`) — any problem raises DataImportError, nothing written;
2. build areas, observations and postcodes in memory (`areas.py`, `observations.py`, `postcodes.py`);
3. in one transaction: indicators, areas, CBS observations, postcodes, region aggregates, ImportRun,
   audit event.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.areas.aggregation import aggregate_regions
from kansrijk.areas.catalogue import CBS_SPECS
from kansrijk.areas.hooks import import_done_on_commit
from kansrijk.areas.importers.areas import build_areas
from kansrijk.areas.importers.observations import build_observations
from kansrijk.areas.importers.postcodes import build_postcodes, postcodes_replace
from kansrijk.areas.importers.sources import read_sources
from kansrijk.areas.importers.writing import areas_upsert, indicators_sync, observations_replace
from kansrijk.areas.models import ImportRun
from kansrijk.audit import services as audit
from kansrijk.audit.actors import IMPORT, SystemActor

KIND = "opendata"
SOURCE = "CBS / PDOK open data (CC BY 4.0)"


@dataclass(frozen=True)
class LoadResult:
    run: ImportRun | None  # None: skipped because nothing changed (--if-changed)
    skipped: bool
    seconds: float


# Mixed into the fingerprint. Bump it when the import starts writing something new, so that
# `--if-changed` (run by `kansrijk setup` after migrating) reloads unchanged files once. 2: postcodes.
IMPORT_VERSION = 2


def fingerprint(data_dir: Path) -> str:
    """sha256 over the import version and the relative path, size and content hash of every file in
    the data directory."""
    digest = hashlib.sha256(f"kansrijk-opendata-{IMPORT_VERSION}\n".encode())
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(data_dir).as_posix()}\0{path.stat().st_size}\0{content}\n".encode())
    return digest.hexdigest()


def last_fingerprint() -> str | None:
    run = ImportRun.objects.filter(kind=KIND).order_by("-at", "-pk").first()
    return run.summary.get("fingerprint") if run else None


def open_data_load(
    *, data_dir: Path, if_changed: bool = False, actor: User | SystemActor = IMPORT
) -> LoadResult:
    """Import all open data from `data_dir`. Raises DataImportError (database unchanged) on any problem."""
    started = time.perf_counter()
    print_ = fingerprint(data_dir) if data_dir.is_dir() else ""
    if if_changed and print_ and print_ == last_fingerprint():
        return LoadResult(run=None, skipped=True, seconds=time.perf_counter() - started)
    src = read_sources(data_dir)
    area_rows, area_counts = build_areas(src)
    obs_rows, obs_per_file = build_observations(src)
    postcode_rows = build_postcodes(src)
    with transaction.atomic():
        indicators = indicators_sync()
        area_ids = areas_upsert(area_rows)
        written = observations_replace(obs_rows, indicators=indicators, area_ids=area_ids)
        area_counts["postcodes"] = postcodes_replace(postcode_rows, area_ids=area_ids)
        regions = aggregate_regions(indicator_keys=[s.key for s in CBS_SPECS])
        files = {
            name: {"regels": rows, "waarnemingen": obs_per_file.get(name, 0)}
            for name, rows in sorted(src.rows.items())
        }
        run = ImportRun.objects.create(
            kind=KIND,
            source=f"{SOURCE}: {data_dir}",
            rows=sum(src.rows.values()),
            observations=written + regions,
            summary={
                "fingerprint": print_,
                "bestanden": files,
                "gebieden": area_counts,
                "waarnemingen_gemeente_wijk": written,
                "waarnemingen_regio": regions,
                "indicatoren": len(CBS_SPECS),
                "jaren_kwb": sorted(src.kwb),
            },
        )
        import_done_on_commit(run)  # pre-render after the commit (areas/hooks.py)
        audit.record(
            actor=actor,
            action="opendata.loaded",
            obj=run,
            changes={
                "bron": str(data_dir),
                "regels": run.rows,
                "waarnemingen": run.observations,
                **area_counts,
            },
        )
    return LoadResult(run=run, skipped=False, seconds=time.perf_counter() - started)
