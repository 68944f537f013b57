"""The `download` subcommand of `kansrijk data`: arguments and handler, plugged into the data command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, OutputWrapper

from kansrijk.areas.download.http import DownloadError
from kansrijk.areas.download.run import download_open_data
from kansrijk.areas.download.sources import PARTS

HELP = "Haal de open data op bij CBS StatLine en PDOK (zelfde indeling als de datamap)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None, help="Doelmap (standaard: KANSRIJK_DATA_DIR).")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        default=None,
        help="Alleen dit onderdeel (mag vaker); standaard alles.",
    )


def handle(*, options: dict[str, Any], stdout: OutputWrapper) -> None:
    data_dir = Path(options.get("data_dir") or settings.KANSRIJK_DATA_DIR)
    try:
        written = download_open_data(
            data_dir=data_dir,
            cbs_url=settings.KANSRIJK_CBS_ODATA_URL,
            pdok_url=settings.KANSRIJK_PDOK_URL,
            only=options.get("only"),
            mapping_dirs=[Path(settings.KANSRIJK_DATA_DIR)],
            progress=int(options.get("verbosity", 1)) > 0,
            log=stdout.write,
        )
    except DownloadError as exc:
        raise CommandError(str(exc)) from exc
    stdout.write(f"{len(written)} bestanden bijgewerkt in {data_dir}. Bron: CBS / PDOK, CC BY 4.0")
