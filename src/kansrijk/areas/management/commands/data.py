"""`kansrijk data SUBCOMMAND`: the open data of the area layer.

HOOK FOR COLLEAGUES — adding a subcommand
-----------------------------------------
Subcommands are modules registered in `SUBCOMMANDS` below (name → dotted module path). A module
defines:

    HELP: str                                                    # one line, Dutch
    def add_arguments(parser: argparse.ArgumentParser) -> None:  # its own arguments
    def handle(*, options: dict[str, Any], stdout: OutputWrapper) -> None:
        # do the work; raise CommandError("…", returncode=2) for a user error

`load` lives here; `download` (areas/download/command.py) and `perinatal` (areas/perinatal_command.py)
are owned by a colleague and plugged in through the same dict. A registered module that does not
exist yet is skipped, so the dict can name work in progress.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from kansrijk.areas import perinatal_command
from kansrijk.areas.download import command as download_command

# name → module with HELP, add_arguments(parser), handle(*, options, stdout). `load` is this module.
# Imported, not named by string, so the import graph (and its contracts) sees them.
SUBCOMMANDS: dict[str, ModuleType] = {
    "load": sys.modules[__name__],
    "download": download_command,
    "perinatal": perinatal_command,
}

HELP = "Laad de open data (CBS / PDOK) uit de datamap in de database: gebieden, grenzen, kerncijfers."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None, help="Datamap (standaard: KANSRIJK_DATA_DIR).")
    parser.add_argument(
        "--if-changed",
        action="store_true",
        help="Sla over als de bestanden niet veranderd zijn sinds de vorige geslaagde lading.",
    )


def handle(*, options: dict[str, Any], stdout: OutputWrapper) -> None:
    from kansrijk.areas.importers import DataImportError, open_data_load  # needs the app registry

    data_dir = Path(options.get("data_dir") or settings.KANSRIJK_DATA_DIR)
    verbose = int(options.get("verbosity", 1)) > 0
    try:
        result = open_data_load(data_dir=data_dir, if_changed=bool(options.get("if_changed")))
    except DataImportError as exc:
        # One line, exit status 2; the transaction has rolled back, so the database is unchanged.
        raise CommandError(f"Niets geladen. {exc}", returncode=2) from exc
    if result.skipped:
        if verbose:
            stdout.write(
                f"Open data ongewijzigd sinds de vorige lading; niets gedaan ({result.seconds:.1f} s)."
            )
        return
    run = result.run
    assert run is not None  # not skipped → a run was recorded
    if verbose:
        for name, info in run.summary["bestanden"].items():
            obs = f", {info['waarnemingen']} waarnemingen" if info["waarnemingen"] else ""
            stdout.write(f"  {name}: {info['regels']} regels{obs}")
        areas = run.summary["gebieden"]
        stdout.write(
            f"Geladen in {result.seconds:.1f} s: {areas['gemeenten']} gemeenten "
            f"(+{areas['opgeheven_gemeenten']} opgeheven), {areas['wijken']} wijken, {areas['provincies']} "
            f"provincies, {areas['ggd_regios']} GGD-regio's, {areas['vergelijkbare_groepen']} groepen "
            f"vergelijkbare gemeenten; {run.observations} waarnemingen. Bron: CBS / PDOK, CC BY 4.0"
        )


def _module(name: str) -> ModuleType | None:
    return SUBCOMMANDS.get(name)


class Command(BaseCommand):
    help = "Open data van CBS / PDOK: load" + "".join(f", {n}" for n in SUBCOMMANDS if n != "load") + "."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="OPDRACHT", required=True)
        for name in SUBCOMMANDS:
            module = _module(name)
            if module is None:
                continue
            help_text = getattr(module, "HELP", "")
            child = sub.add_parser(name, help=help_text, description=help_text)
            module.add_arguments(child)

    def handle(self, *args: Any, **options: Any) -> None:
        module = _module(options["subcommand"])
        if module is None:
            raise CommandError(f"Onbekende opdracht: {options['subcommand']}", returncode=2)
        module.handle(options=options, stdout=self.stdout)
