"""`kansrijk retentie [--proef]`: remove families' personal data after the retention period
(KANSRIJK_CARE_RETENTION_DAYS after the episode ended), and the monitor's consumed outbox entries after
KANSRIJK_OUTBOX_RETENTION_DAYS. --proef only reports what would go.

Resumable: every family is done in its own transaction; an interrupted run is simply started again.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from kansrijk.care.services.retention import (
    RetentionReport,
    episodes_due,
    outbox_due,
    outbox_prune,
    retention_cutoff,
    retention_preview,
    retention_run,
)

LABELS = {
    "personen": "personen",
    "screenings": "screenings",
    "toestemmingen": "toestemmingen",
    "andere_grondslagen": "andere grondslagen (zoals de meldcode)",
    "correctieverzoeken": "correctieverzoeken",
    "tijdlijnregels": "regels op de tijdlijn",
    "zorgrelaties": "zorgrelaties",
    "niveaubesluiten": "niveaubesluiten (het niveau blijft, de toelichting gaat)",
    "huisbezoeken": "huisbezoeken (de status blijft, de tekst gaat)",
}


class Command(BaseCommand):
    help = "Verwijder persoonsgegevens van gezinnen na de bewaartermijn (--proef: laat alleen zien wat weg zou gaan)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--proef", action="store_true", help="Alleen tellen; er verandert niets.")
        parser.add_argument("--max", type=int, default=None, help="Hoogstens zoveel gezinnen in deze ronde.")
        parser.add_argument("--zonder-voortgang", action="store_true", help="Geen voortgangsbalk.")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = retention_cutoff()
        days = settings.KANSRIJK_CARE_RETENTION_DAYS
        self.stdout.write(
            f"Bewaartermijn: {days} dagen. Gezinnen die vóór {cutoff:%d-%m-%Y} zijn afgesloten."
        )
        outbox_days = settings.KANSRIJK_OUTBOX_RETENTION_DAYS
        if options["proef"]:
            self._report(retention_preview(), "Proef: er is niets verwijderd. Zonder --proef gaat weg:")
            self.stdout.write(
                f"- verwerkte monitorgebeurtenissen ouder dan {outbox_days} dagen: {outbox_due().count()}"
            )
            return
        quiet = options["zonder_voortgang"] or not sys.stderr.isatty()
        total = None if quiet else episodes_due().count()
        with tqdm(total=total, unit=" gezinnen", disable=quiet, file=sys.stderr) as bar:
            report = retention_run(limit=options["max"], progress=bar.update)
        self._report(report, "Verwijderd:")
        self.stdout.write(
            f"Verwerkte monitorgebeurtenissen ouder dan {outbox_days} dagen verwijderd: {outbox_prune()} "
            "(zonder persoonsgegevens; de tellingen van de monitor blijven)."
        )
        left = episodes_due().count()
        if left:
            self.stdout.write(f"Nog {left} gezinnen te gaan: start de opdracht opnieuw om verder te gaan.")

    def _report(self, report: RetentionReport, heading: str) -> None:
        if not report.episodes:
            self.stdout.write("Er zijn geen gezinnen waarvan de bewaartermijn voorbij is.")
            return
        self.stdout.write(heading)
        self.stdout.write(f"- gezinnen: {report.episodes}")
        for key, label in LABELS.items():
            self.stdout.write(f"- {label}: {report.totals.get(key, 0)}")
        self.stdout.write(
            "Van elk gezin blijft een lege schil voor anonieme tellingen (gemeente, fase, niveau). "
            "Het toegangslog legt per gezin vast dat de gegevens zijn verwijderd, zonder inhoud."
        )
