"""The `perinatal` subcommand of `kansrijk data`: arguments and handler, plugged into the data command."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, OutputWrapper

from kansrijk.areas.perinatal_errors import PerinatalFileError

HELP = "Importeer perinatale cijfers (Perined / RIVM) uit een CSV volgens docs/perinatal-template.csv."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="CSV-bestand (';' of ',' gescheiden, UTF-8).")
    parser.add_argument("--source", default="", help='Bron, bijvoorbeeld "Perined 2022".')


def handle(*, options: dict[str, Any], stdout: OutputWrapper) -> None:
    from kansrijk.areas.perinatal import perinatal_import  # needs the app registry
    from kansrijk.areas.perinatal_suppression import HIDDEN_LABEL  # scipy: only when importing

    path = Path(options["file"])
    if not path.is_file():
        raise CommandError(f"Bestand niet gevonden: {path}")
    try:
        run = perinatal_import(path=path, source=options.get("source") or "")
    except PerinatalFileError as exc:
        raise CommandError(f"Niets geïmporteerd. {exc}") from exc
    hidden = run.summary.get("onderdrukt", 0)
    stdout.write(f"{run.rows} regels geïmporteerd uit {path.name} ({hidden} cijfers {HIDDEN_LABEL}).")
