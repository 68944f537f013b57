"""Mail the coordinators of each coalition about ketenafspraken due for review (once per agreement per
review date). Safe to run daily from cron: what was sent is recorded, so a second run sends nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kansrijk.coalitions.models.agreements import REVIEW_NOTICE_DAYS
from kansrijk.coalitions.services.agreements import agreement_review_reminders_send
from kansrijk.core.batch import report_failure


class Command(BaseCommand):
    help = (
        f"Mailt coördinatoren over ketenafspraken waarvan de evaluatiedatum verstreken is of binnen "
        f"{REVIEW_NOTICE_DAYS} dagen valt (één keer per afspraak per evaluatiedatum)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--basis-url",
            default="",
            help="Begin van de link in de mail, bijvoorbeeld https://kansrijk.example.nl",
        )
        parser.add_argument("--datum", help="Doe alsof het vandaag deze datum is (JJJJ-MM-DD); voor tests.")
        parser.add_argument("--proef", action="store_true", help="Laat zien wat er verstuurd zou worden.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["datum"]:
            try:
                today = datetime.date.fromisoformat(options["datum"])
            except ValueError as exc:
                raise CommandError(f"Ongeldige datum {options['datum']!r}: gebruik JJJJ-MM-DD.") from exc
        mails = agreement_review_reminders_send(
            today=today, base_url=options["basis_url"], dry_run=options["proef"]
        )
        verb = "zou mailen" if options["proef"] else "gemaild"
        failed = [mail for mail in mails if mail.error]
        for mail in mails:
            if mail.error:
                self.stderr.write(report_failure(mail.coalition, mail.error))
                continue
            self.stdout.write(
                f"{mail.coalition}: {len(mail.agreements)} afspraak/afspraken, {verb} naar "
                f"{len(mail.recipients)} coördinator(en)"
            )
        if not mails:
            self.stdout.write("Geen herinneringen te versturen.")
        if failed:
            # The others were sent; a non-zero exit tells cron (and whoever reads its mail) to look.
            raise CommandError(f"{len(failed)} van {len(mails)} coalitie(s) mislukt; zie hierboven.")
