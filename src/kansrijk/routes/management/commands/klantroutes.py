"""`kansrijk klantroutes SLUG --format json`: the published klantroutes of a coalition (the sociale kaart)."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kansrijk.coalitions.models import Coalition
from kansrijk.routes.exports import klantroutes_export

USAGE_ERROR = 2
UNKNOWN_SLUG = "Onbekende coalitie: {slug}. Zie `kansrijk coalitie list`."


class Command(BaseCommand):
    help = "Klantroutes van een coalitie (de gepubliceerde versie per thema) als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="de coalitie")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--alle-versies",
            action="store_true",
            help="ook concepten en vervangen versies (beheer op de server)",
        )
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")

    def handle(self, *args: Any, **opts: Any) -> None:
        slug = opts["slug"].strip()
        coalition = Coalition.objects.filter(slug=slug).first()
        if coalition is None:
            # One Dutch line and exit status 2; never a traceback for a user error.
            self.stderr.write(UNKNOWN_SLUG.format(slug=slug))
            raise SystemExit(USAGE_ERROR)
        payload = klantroutes_export(coalition, published_only=not opts["alle_versies"])
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
