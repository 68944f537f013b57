"""`kansrijk menukaart --format json`: the national menukaart (all active interventions) as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kansrijk.interventions.exports_menukaart import menukaart_export


class Command(BaseCommand):
    help = "De landelijke menukaart (interventies met fases, thema’s en erkenning) als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")

    def handle(self, *args: Any, **opts: Any) -> None:
        text = json.dumps(menukaart_export(), ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
