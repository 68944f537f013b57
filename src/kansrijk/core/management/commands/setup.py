from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Zet alles klaar: database, statische bestanden, open data en de demo-coalitie (herhaalbaar)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-demo", action="store_true", help="Geen demo-coalitie en demo-accounts maken."
        )
        parser.add_argument("--no-data", action="store_true", help="De open data niet (opnieuw) laden.")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        # The database cache (sign-in throttles, see settings.CACHES) lives in a table migrate does not
        # make; a no-op when it exists or when Redis is configured.
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not options["no_data"]:
            # Skips quickly when the files did not change since the last load.
            call_command("data", "load", "--if-changed")
        if not options["no_demo"]:
            call_command("demo")
        self.stdout.write(self.style.SUCCESS("Kansrijk is klaar."))
