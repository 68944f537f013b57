"""`kansrijk auditlog checkpoint --uit FILE` and `kansrijk auditlog verify [--checkpoint FILE]
[--vanaf-checkpoint]`: the access log's tamper evidence (docs/accesslog.md).

verify exits 0 when every chain is intact and 1, naming the first broken entry, when one is not (or the
checkpoint file itself cannot be trusted). Output is plain Dutch for the person on duty.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from kansrijk.care.accesslog_verify import (
    CheckpointError,
    checkpoint_read,
    checkpoint_write,
    default_processes,
    entries_total,
    verify,
)

SHOWN_BREAKS = 10


class Command(BaseCommand):
    help = "Controleer de ketens van het toegangslog (verify) of leg hun koppen vast (checkpoint)."
    # An integrity check run from cron must not be stopped by an unrelated system-check error
    # (a broken template or URL elsewhere): it needs only the database and the key.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="opdracht", required=True)
        point = sub.add_parser(
            "checkpoint", help="Schrijf de ondertekende kop van elke keten naar een bestand."
        )
        point.add_argument(
            "--uit", required=True, type=Path, help="Het bestand (bewaar het buiten de database)."
        )
        check = sub.add_parser("verify", help="Reken elke keten na; exit 1 bij een fout.")
        check.add_argument("--checkpoint", type=Path, help="Een checkpoint om ingekorte ketens te vinden.")
        check.add_argument(
            "--vanaf-checkpoint",
            action="store_true",
            help="Controleer alleen de regels na het checkpoint (sneller; vraagt --checkpoint).",
        )
        check.add_argument("--chunk", type=int, default=10_000, help="Regels per keer uit de database.")
        check.add_argument(
            "--processen",
            type=int,
            default=None,
            help="Hoeveel processen tegelijk rekenen (PostgreSQL; standaard het aantal processorkernen, "
            "met --vanaf-checkpoint 1).",
        )
        check.add_argument("--zonder-voortgang", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["opdracht"] == "checkpoint":
            self._checkpoint(options["uit"])
        else:
            self._verify(options)

    def _checkpoint(self, path: Path) -> None:
        data = checkpoint_write(path)
        entries = sum(h["seq"] for h in data["ketens"].values())
        self.stdout.write(
            f"Checkpoint geschreven naar {path}: {len(data['ketens'])} ketens, {entries} regels, "
            f"gemaakt op {data['gemaakt_op']}. Bewaar het buiten de database."
        )

    def _verify(self, options: dict[str, Any]) -> None:
        path: Path | None = options["checkpoint"]
        if options["vanaf_checkpoint"] and path is None:
            raise CommandError("--vanaf-checkpoint vraagt ook --checkpoint BESTAND.")
        heads = None
        if path is not None:
            try:
                heads, made = checkpoint_read(path)
            except CheckpointError as error:
                self._fail([str(error)])
            self.stdout.write(f"Checkpoint {path} van {made}: handtekening klopt ({len(heads)} ketens).")
        quiet = options["zonder_voortgang"] or not sys.stderr.isatty()
        total = None if quiet or options["vanaf_checkpoint"] else entries_total()
        with tqdm(total=total, unit=" regels", disable=quiet, file=sys.stderr) as bar:
            result = verify(
                checkpoint=heads,
                incremental=options["vanaf_checkpoint"],
                chunk_size=options["chunk"],
                progress=bar.update,
                # Incremental reads little: one process is faster than splitting the chains.
                processes=options["processen"] or (1 if options["vanaf_checkpoint"] else default_processes()),
            )
        scope = "na het checkpoint " if options["vanaf_checkpoint"] else ""
        summary = (
            f"{result.entries} regels {scope}in {result.chains} ketens nagerekend in "
            f"{result.seconds:.1f} s ({result.per_second} regels per seconde, "
            f"{result.processes} {'proces' if result.processes == 1 else 'processen'})."
        )
        if result.ok:
            self.stdout.write(f"Toegangslog in orde: {summary}")
            return
        lines = [
            f"Toegangslog NIET in orde: {len(result.breaks)} keten(s) beschadigd.",
            f"Eerste fout: {result.breaks[0].describe()}",
        ]
        lines += [f"- {b.describe()}" for b in result.breaks[1:SHOWN_BREAKS]]
        if len(result.breaks) > SHOWN_BREAKS:
            lines.append(f"- en nog {len(result.breaks) - SHOWN_BREAKS} andere.")
        self._fail([*lines, summary])

    def _fail(self, lines: list[str]) -> NoReturn:
        # Plain text on stdout and exit code 1, not a CommandError traceback-style message.
        for line in lines:
            self.stdout.write(line)
        raise SystemExit(1)
