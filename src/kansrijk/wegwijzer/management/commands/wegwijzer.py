"""`kansrijk wegwijzer GM0344 --format json|pdf`: the public Wegwijzer of one municipality."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from kansrijk.areas.selectors import municipality_by_code
from kansrijk.wegwijzer.page import wegwijzer_data
from kansrijk.wegwijzer.pdf import wegwijzer_pdf

USAGE_ERROR = 2
UNKNOWN = "Onbekende gemeente: {code}. Gebruik een CBS-code, bijvoorbeeld GM0344."
PDF_NEEDS_FILE = "Een PDF schrijft u naar een bestand: gebruik -o wegwijzer.pdf."


class Command(BaseCommand):
    help = "De openbare Wegwijzer gezond zwanger worden van een gemeente, als JSON of als PDF (1 pagina)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="CBS-gemeentecode, bijvoorbeeld GM0344")
        parser.add_argument("--format", choices=["json", "pdf"], default="json")
        parser.add_argument("--taal", default="", help="taal van de inhoud, als de coalitie die vertaalde")
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")

    def handle(self, *args: Any, **opts: Any) -> None:
        municipality = municipality_by_code(opts["code"])
        if municipality is None:
            # One Dutch line and exit status 2; never a traceback for a user error.
            self.stderr.write(UNKNOWN.format(code=opts["code"]))
            raise SystemExit(USAGE_ERROR)
        with translation.override("nl"):
            data = wegwijzer_data(municipality, opts["taal"].strip().lower())
            if opts["format"] == "pdf":
                content = wegwijzer_pdf(data)
                if opts["output"]:
                    with open(opts["output"], "wb") as handle:
                        handle.write(content)
                elif sys.stdout.isatty():
                    self.stderr.write(PDF_NEEDS_FILE)
                    raise SystemExit(USAGE_ERROR)
                else:
                    sys.stdout.buffer.write(content)
                return
        text = json.dumps(data, ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
