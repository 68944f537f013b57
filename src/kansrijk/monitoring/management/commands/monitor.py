"""`kansrijk monitor`: the published chain-process figures, and the worker that keeps them up to date.

    kansrijk monitor SLUG --format json|csv        a coalition's figures (coalition and municipalities)
    kansrijk monitor --landelijk --format json|csv Nederland, GGD regions and coalitions
    kansrijk monitor verwerk [--blijf] [--interval 2]  consume care's outbox and publish closed periods
    kansrijk monitor publiceer                     publish closed periods now (after consuming)
    kansrijk monitor atlas --als EMAIL             a new atlas model fitted on the published wijk counts

Only published (closed, protected) periods are ever printed. A user error prints one Dutch line and
exits with status 2 without writing anything.
"""

from __future__ import annotations

import json
import time
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser

from kansrijk.accounts.models import User
from kansrijk.atlas.fit import ObservedFileError
from kansrijk.care.aggregation import outbox_pending_count
from kansrijk.coalitions.models import Coalition
from kansrijk.core.csv_safe import csv_text
from kansrijk.monitoring.selectors import monitor_rows
from kansrijk.monitoring.services.atlas_feedback import monitor_refit_atlas
from kansrijk.monitoring.services.consume import monitor_consume_all
from kansrijk.monitoring.services.publish import monitor_publish
from kansrijk.monitoring.services.sync import sync_definitions

USAGE_ERROR = 2
COLUMNS = ("key", "periode", "gebied", "teller", "noemer", "waarde", "onderdrukt")
WORKER = {"verwerk", "publiceer"}


class Command(BaseCommand):
    help = (
        "Monitor: gepubliceerde ketencijfers (SLUG of --landelijk) als JSON of CSV; 'verwerk' en 'publiceer'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "doel", nargs="?", help="slug van de coalitie, of 'verwerk' / 'publiceer' / 'atlas'"
        )
        parser.add_argument("--als", help="bij atlas: e-mailadres van de beheerder of coördinator")
        parser.add_argument("--landelijk", action="store_true", help="de landelijke cijfers")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument(
            "--perioden", type=int, default=12, help="hoeveel gesloten perioden (standaard 12)"
        )
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")
        parser.add_argument("--blijf", action="store_true", help="bij verwerk: blijf draaien tot Ctrl-C")
        parser.add_argument(
            "--interval", type=float, default=2.0, help="bij verwerk --blijf: seconden tussen rondes"
        )

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message)
        raise SystemExit(USAGE_ERROR)

    def handle(self, *args: Any, **opts: Any) -> None:
        target = (opts["doel"] or "").strip()
        if target == "atlas":
            self._atlas(opts["als"])
            return
        if target in WORKER:
            if opts["landelijk"]:
                self._fail(f"'{target}' en --landelijk gaan niet samen.")
            if opts["interval"] <= 0:
                self._fail("--interval moet groter zijn dan 0.")
            self._work(target, keep_running=opts["blijf"] and target == "verwerk", interval=opts["interval"])
            return
        if opts["perioden"] < 1:
            self._fail("--perioden moet minstens 1 zijn.")
        if opts["landelijk"] and target:
            self._fail("Geef een coalitie óf --landelijk, niet allebei.")
        if opts["landelijk"]:
            rows = monitor_rows(landelijk=True, periods=opts["perioden"])
        elif target:
            coalition = Coalition.objects.filter(slug=target).first()
            if coalition is None:
                self._fail(f"Onbekende coalitie: {target}. Zie `kansrijk coalitie list` voor de slugs.")
            rows = monitor_rows(coalition=coalition, periods=opts["perioden"])
        else:
            self._fail("Geef de slug van een coalitie, --landelijk, 'verwerk' of 'publiceer'.")
        text = _render(rows, opts["format"])
        if opts["output"]:
            try:
                with open(opts["output"], "w", encoding="utf-8", newline="") as handle:
                    handle.write(text)
            except OSError as exc:
                self._fail(f"Kan niet schrijven naar {opts['output']}: {exc.strerror}.")
        else:
            self.stdout.write(text, ending="")

    def _atlas(self, email: str | None) -> None:
        """The atlas learns from the monitor: a new model version on the published, real wijk counts."""
        actor = User.objects.filter(email=(email or "").strip().lower()).first()
        if actor is None:
            self._fail("Geef met --als het e-mailadres van een bestaande beheerder of coördinator.")
        try:
            model = monitor_refit_atlas(actor=actor)
        except ObservedFileError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            self._fail("Niets gewijzigd: er zijn nog geen bruikbare gepubliceerde wijkcijfers.")
        except PermissionDenied as exc:
            self._fail(str(exc))
        self.stdout.write(
            f"Atlasmodel versie {model.version} geschat op de gepubliceerde wijkcijfers van de monitor."
        )

    def _work(self, target: str, *, keep_running: bool, interval: float) -> None:
        sync_definitions()
        if keep_running:
            self.stdout.write("Monitor verwerkt de wachtrij; stoppen met Ctrl-C.")
            self.stdout.flush()
        try:
            while True:
                consumed = monitor_consume_all()
                published = monitor_publish()
                if consumed or published or not keep_running:
                    labels = ", ".join(f"{p.period_kind} {p.period_start:%Y-%m-%d}" for p in published)
                    self.stdout.write(
                        f"{consumed} gebeurtenissen verwerkt; {len(published)} periode(n) gepubliceerd"
                        + (f" ({labels})" if labels else "")
                        + f"; nog {outbox_pending_count()} in de wachtrij."
                    )
                if not keep_running:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            self.stdout.write("Gestopt.")


def _render(rows: list[dict[str, Any]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps({"indicatoren": rows}, ensure_ascii=False, indent=2) + "\n"
    return csv_text(COLUMNS, rows)
