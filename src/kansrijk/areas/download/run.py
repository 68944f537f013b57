"""`kansrijk data download`: fetch every part into a temporary folder, check it, then move it into place.

Nothing in the data directory changes unless every requested file was fetched and passed its check: on
any error the temporary folder is removed and the error (Dutch, naming the source) is raised.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from tqdm import tqdm

from kansrijk.areas.download import pdok
from kansrijk.areas.download.columns import MAPPING_FILE, load_mapping
from kansrijk.areas.download.files import validate_csv, validate_geojson
from kansrijk.areas.download.gemeenten import write_gemeenten
from kansrijk.areas.download.http import DownloadError
from kansrijk.areas.download.kwb import (
    KwbFetcher,
    wijk_records,
    write_inkomen,
    write_kwb_gemeente,
    write_kwb_metadata,
    write_kwb_wijk,
)
from kansrijk.areas.download.sources import KWB_TABLES, KWB_WIJK_YEARS, PARTS, PDOK_LAYERS

# Columns every produced CSV must have (what `data load` reads to identify rows).
REQUIRED: dict[str, list[str]] = {
    "kwb_gemeente": ["jaar", "gemeentecode", "gemeentenaam", "aantal_inwoners"],
    "kwb_wijk": ["jaar", "wijkcode", "wijknaam", "gemeentecode", "aantal_inwoners"],
    "inkomen": ["jaar", "niveau", "code", "gem_persoonlijk_inkomen_x1000"],
    "gemeenten": ["gemeentecode", "gemeentenaam", "provinciecode", "ggd_regio"],
}
GEO_NAME: dict[str, str] = {
    "gemeente": "statcode",
    "provincie": "provincie",
    "ggdregio": "ggdregio",
    "wijk": "wijkcode",
}


def _validate(path: Path) -> None:
    name = path.name
    if name.endswith(".geojson"):
        level = next(layer.level for layer in PDOK_LAYERS if layer.filename == name)
        validate_geojson(path, GEO_NAME[level])
    elif name.endswith(".csv"):
        kind = (
            "kwb_gemeente"
            if name.startswith("kwb_gemeente")
            else "kwb_wijk"
            if name.startswith("kwb_wijk")
            else "inkomen"
            if name.startswith("inkomen")
            else "gemeenten"
        )
        validate_csv(path, REQUIRED[kind])


def _build(part: str, fetcher: KwbFetcher, tmp: Path, pdok_url: str) -> list[Path]:
    if part == "kwb":
        paths = [write_kwb_gemeente(fetcher, tmp, year) for year in sorted(KWB_TABLES)]
        paths += [write_kwb_wijk(fetcher, tmp, year) for year in KWB_WIJK_YEARS]
        return paths + write_kwb_metadata(fetcher, tmp, max(KWB_TABLES))
    if part == "inkomen":
        return [write_inkomen(fetcher, tmp)]
    if part == "gemeenten":
        return [write_gemeenten(fetcher, tmp)]
    if part == "grenzen":
        from kansrijk.areas.download.files import write_geojson

        paths = []
        for layer in PDOK_LAYERS:
            wijk_props = None
            if layer.level == "wijk":
                year = int(layer.filename.split("_")[1].split(".")[0])
                wijk_props = {r["wijkcode"]: r for r in wijk_records(fetcher, year)}
            features = pdok.layer_features(
                pdok_url, layer, wijk_properties=wijk_props, on_page=fetcher.progress
            )
            path = tmp / "grenzen" / layer.filename
            write_geojson(path, features)
            paths.append(path)
        return paths
    raise DownloadError(f"Onbekend onderdeel {part!r}; kies uit {', '.join(PARTS)}.")


def download_open_data(
    *,
    data_dir: Path,
    cbs_url: str,
    pdok_url: str,
    only: Sequence[str] | None = None,
    mapping_dirs: Sequence[Path] = (),
    progress: bool = True,
    log: Callable[[str], None] | None = None,
) -> list[Path]:
    """Download the requested parts (default: all) into `data_dir`; returns the files written there."""
    parts = list(only or PARTS)
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise DownloadError(f"Onbekend onderdeel {', '.join(unknown)}; kies uit {', '.join(PARTS)}.")
    mapping = load_mapping(data_dir, *mapping_dirs)
    created = not data_dir.exists()
    data_dir.mkdir(parents=True, exist_ok=True)
    # The temporary folder sits inside the target so the final moves are renames on one file system.
    tmp = Path(tempfile.mkdtemp(prefix=".download-", dir=data_dir))
    bar = tqdm(desc="Downloaden", unit=" rijen", disable=not progress, leave=False)
    try:
        fetcher = KwbFetcher(cbs_url, mapping, bar.update)
        written: list[Path] = []
        for part in parts:
            if log:
                log(f"Ophalen: {part}")
            written += _build(part, fetcher, tmp, pdok_url)
        if "kwb" in parts and not (data_dir / MAPPING_FILE).exists():
            # The mapping is needed by the next download and documents the columns: keep it with the data.
            target = tmp / MAPPING_FILE
            target.parent.mkdir(parents=True, exist_ok=True)
            for base in mapping_dirs:
                if (base / MAPPING_FILE).is_file():
                    shutil.copyfile(base / MAPPING_FILE, target)
                    written.append(target)
                    break
        for path in written:
            _validate(path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if created:
            shutil.rmtree(data_dir, ignore_errors=True)
        raise
    finally:
        bar.close()
    moved = []
    for path in written:
        target = data_dir / path.relative_to(tmp)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)  # atomic per file: a reader sees the old or the new file, never half
        moved.append(target)
    shutil.rmtree(tmp, ignore_errors=True)
    return moved
