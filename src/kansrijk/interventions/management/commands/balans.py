"""`kansrijk balans SLUG --format json`: the balans (need × offer per phase and theme) of one coalition."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.exports_balans import UNKNOWN_SLUG, balans_export

USAGE_ERROR = 2


class Command(BaseCommand):
    help = (
        "De balans van een coalitie: per fase en thema de behoefte, het lokale aanbod en de gaten, als JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="de coalitie")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")

    def handle(self, *args: Any, **opts: Any) -> None:
        slug = opts["slug"].strip()
        coalition = Coalition.objects.filter(slug=slug).first()
        if coalition is None:
            # One Dutch line and exit status 2; never a traceback for a user error.
            self.stderr.write(UNKNOWN_SLUG.format(slug=slug))
            raise SystemExit(USAGE_ERROR)
        text = json.dumps(balans_export(coalition), ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
