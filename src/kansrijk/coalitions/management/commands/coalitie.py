"""`kansrijk coalitie list|export SLUG --format json`: coalition-level data for advisers and scripts."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from kansrijk.accounts.models import User
from kansrijk.coalitions.exports import UNKNOWN_SLUG, coalition_export, coalitions_list_export
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import coalitions_visible_to

USAGE_ERROR = 2
UNKNOWN_USER = "Onbekend account voor --als: {email}."


class Command(BaseCommand):
    help = "Coalities: 'list' (slug, naam, gemeenten) of 'export SLUG' (partners, zelfscan, plan, afspraken) als JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("opdracht", choices=["list", "export"], help="list of export")
        parser.add_argument("slug", nargs="?", help="de coalitie (bij export)")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument(
            "--als",
            help="alleen wat dit account mag zien (e-mailadres); zonder: alles (beheer op de server)",
        )
        parser.add_argument("-o", "--output", help="schrijf naar dit bestand in plaats van de console")

    def _fail(self, message: str) -> NoReturn:
        # One Dutch line and exit status 2; never a traceback for a user error.
        self.stderr.write(message)
        raise SystemExit(USAGE_ERROR)

    def _scope(self, email: str | None) -> Any:
        if not email:
            return Coalition.objects.all()
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            self._fail(UNKNOWN_USER.format(email=email))
        return coalitions_visible_to(user)

    def handle(self, *args: Any, **opts: Any) -> None:
        scope = self._scope(opts["als"])
        if opts["opdracht"] == "list":
            payload: Any = coalitions_list_export(scope)
        else:
            slug = (opts["slug"] or "").strip()
            if not slug:
                self._fail("Geef de slug van de coalitie: kansrijk coalitie export SLUG.")
            coalition = scope.filter(slug=slug).first()
            if coalition is None:
                self._fail(UNKNOWN_SLUG.format(slug=slug))
            payload = coalition_export(coalition)
        text = json.dumps(payload, ensure_ascii=False, indent=2)
        if opts["output"]:
            with open(opts["output"], "w", encoding="utf-8") as handle:
                handle.write(text + "\n")
        else:
            self.stdout.write(text)
