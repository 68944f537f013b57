"""`kansrijk startfoto`: the startfoto of one or all municipalities as JSON, CSV or PDF."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from kansrijk.areas.selectors import municipalities_current, municipality_by_code
from kansrijk.core.batch import report_failure, run_each
from kansrijk.startfoto.exports import UNKNOWN_CODE, startfoto_to_csv, startfoto_to_dict
from kansrijk.startfoto.selectors import latest_import_run_id, startfoto_get

USAGE_ERROR = 2  # unknown code or a wrong combination of options: the command line is wrong
NO_TARGET = "Geef een gemeentecode (bijv. GM0363) of --all."
BOTH_TARGETS = "Geef een gemeentecode óf --all, niet allebei."
ALL_NEEDS_DIR = "--all schrijft één bestand per gemeente: geef met -o een map."
NOT_A_DIR = "{path} bestaat al en is geen map."
NO_DATA = "Er zijn geen gemeenten geladen: draai eerst `kansrijk data load`."


class Fout(CommandError):
    """Dutch on purpose: Django prints the class name before the message ("Fout: Onbekende …")."""


class Command(BaseCommand):
    help = "Startfoto van een gemeente (GM0363) of van alle gemeenten (--all) als json, csv of pdf."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", nargs="?", help="gemeentecode, bijv. GM0363")
        parser.add_argument("--all", action="store_true", help="alle huidige gemeenten (met -o MAP)")
        parser.add_argument("--format", choices=["json", "csv", "pdf"], default="json")
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="bestand (één gemeente) of map (--all); zonder -o: json/csv naar stdout, "
            "pdf naar startfoto-GMxxxx.pdf",
        )
        parser.add_argument(
            "--excel", action="store_true", help="csv voor Nederlandse Excel: ';', decimale komma, BOM"
        )
        parser.add_argument(
            "--voorbereiden",
            action="store_true",
            help="maak de PDF en de pagina van elke gemeente alvast klaar (gebeurt na een import vanzelf "
            "als KANSRIJK_PRERENDER aan staat)",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        code, fmt, output = (opts["code"] or "").strip(), opts["format"], opts["output"]
        if opts["voorbereiden"]:
            self._prepare([code.upper()] if code else None)
            return
        if opts["all"] and code:
            raise Fout(BOTH_TARGETS, returncode=USAGE_ERROR)
        if opts["all"]:
            self._all(fmt, output, opts["excel"])
        elif code:
            self._one(code, fmt, output, opts["excel"])
        else:
            raise Fout(NO_TARGET, returncode=USAGE_ERROR)

    def _render(self, code: str, fmt: str, excel: bool, run_id: int | None = None) -> bytes | str:
        """The file content for one municipality; CommandError (exit 2) for an unknown code."""
        municipality = municipality_by_code(code)
        if municipality is None:
            raise Fout(UNKNOWN_CODE.format(code=code.upper()), returncode=USAGE_ERROR)
        if fmt == "pdf":
            from kansrijk.startfoto.pdf import startfoto_pdf_for_municipality  # WeasyPrint only when needed

            return startfoto_pdf_for_municipality(municipality, run_id=run_id)
        data = startfoto_to_dict(startfoto_get(municipality=municipality, run_id=run_id))
        if fmt == "csv":
            return startfoto_to_csv(data, excel=excel)
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"

    def _one(self, code: str, fmt: str, output: Path | None, excel: bool) -> None:
        content = self._render(code, fmt, excel)
        if output is None and fmt == "pdf":
            output = Path(f"startfoto-{code.upper()}.pdf")
        if output is None:
            self.stdout.write(str(content), ending="")
            return
        _write(output, content)
        self.stderr.write(f"Geschreven: {output}")

    def _all(self, fmt: str, output: Path | None, excel: bool) -> None:
        if output is None:
            raise Fout(ALL_NEEDS_DIR, returncode=USAGE_ERROR)
        if output.exists() and not output.is_dir():
            raise Fout(NOT_A_DIR.format(path=output), returncode=USAGE_ERROR)
        codes = list(municipalities_current().order_by("code").values_list("code", flat=True))
        if not codes:
            raise Fout(NO_DATA, returncode=1)
        output.mkdir(parents=True, exist_ok=True)
        run_id = latest_import_run_id()  # read once: every file of this run comes from the same import
        # disable=None: a progress bar on a terminal, silence in pipes and CI logs.
        bar = tqdm(codes, desc="Startfoto's", unit="gemeente", file=sys.stderr, disable=None)
        # One municipality that fails to render must not stop the other 341: report it and go on.
        written, failures = run_each(
            bar,
            lambda code: _write(output / f"startfoto-{code}.{fmt}", self._render(code, fmt, excel, run_id)),
        )
        self.stderr.write(f"{len(written)} bestanden geschreven in {output}")
        for code, reason in failures:
            self.stderr.write(report_failure(code, reason))
        if failures:
            raise Fout(f"{len(failures)} van {len(codes)} gemeente(n) mislukt; zie hierboven.", returncode=1)

    def _prepare(self, codes: list[str] | None) -> None:
        from kansrijk.startfoto.prerender import prerender

        if codes and municipality_by_code(codes[0]) is None:
            raise Fout(UNKNOWN_CODE.format(code=codes[0]), returncode=USAGE_ERROR)
        started = time.perf_counter()

        def progress(done: int, total: int, code: str, seconds: float) -> None:
            self.stderr.write(f"{done}/{total} {code} klaar ({seconds:.1f} s)")

        result = prerender(codes=codes, progress=progress)
        took = time.perf_counter() - started
        if result.stopped:
            self.stderr.write(
                f"Gestopt na {len(result.done)} gemeenten: er is intussen nieuwe data geïmporteerd, "
                "die zijn eigen voorbereiding start."
            )
        else:
            self.stderr.write(
                f"{len(result.done)} gemeenten voorbereid in {took:.0f} s (import {result.run_id})."
            )
        for code, reason in result.failed:
            self.stderr.write(report_failure(code, reason))
        if result.failed:
            raise Fout(f"{len(result.failed)} gemeente(n) mislukt; zie hierboven.", returncode=1)


def _write(path: Path, content: bytes | str) -> None:
    # newline="" keeps the CSV's CRLF line ends as written (RFC 4180).
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(content)
