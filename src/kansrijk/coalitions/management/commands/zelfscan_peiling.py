"""Take this month's zelfscan comparison snapshot for every questionnaire version that has rounds.

Run monthly from cron (`kansrijk zelfscan-peiling`). A second run in the same month changes nothing: the
results pages compare with the latest snapshot, never with live data of other coalitions."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kansrijk.audit.actors import SNAPSHOTS
from kansrijk.coalitions.models import Questionnaire
from kansrijk.coalitions.selectors.zelfscan_comparison import COMPARISON_MIN_COALITIONS
from kansrijk.coalitions.services.zelfscan_comparison import zelfscan_snapshot_take


class Command(BaseCommand):
    help = (
        "Neemt de maandelijkse peiling voor de zelfscan-vergelijking: per vragenlijstversie de band van de "
        f"middelste helft van bevestigde coalities (minstens {COMPARISON_MIN_COALITIONS}), één keer per maand."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--datum", help="Peildatum (JJJJ-MM-DD); standaard vandaag.")

    def handle(self, *args: Any, **options: Any) -> None:
        taken_on = timezone.localdate()
        if options["datum"]:
            try:
                taken_on = datetime.date.fromisoformat(options["datum"])
            except ValueError as exc:
                raise CommandError(f"Ongeldige datum {options['datum']!r}: gebruik JJJJ-MM-DD.") from exc
        questionnaires = Questionnaire.objects.filter(rounds__isnull=False).distinct().order_by("version")
        if not questionnaires:
            self.stdout.write("Geen vragenlijstversie met rondes: niets te peilen.")
        for questionnaire in questionnaires:
            try:
                snapshot = zelfscan_snapshot_take(
                    questionnaire=questionnaire, taken_on=taken_on, actor=SNAPSHOTS
                )
            except ValidationError as exc:
                self.stdout.write(" ".join(exc.messages))
                continue
            shown = "met banden" if snapshot.bands else "te weinig coalities, geen banden"
            self.stdout.write(
                f"Versie {questionnaire.version}: peiling van {taken_on.isoformat()} onder "
                f"{snapshot.coalition_count} coalitie(s) ({shown})."
            )
