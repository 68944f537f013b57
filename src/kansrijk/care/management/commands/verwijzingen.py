"""`kansrijk verwijzingen verloop [--proef]` and `kansrijk verwijzingen herinner`: the daily follow-up of
referrals (kansrijk.care.services.referral_followup). Run both once a day (cron).

verloop: referrals sent or received but not answered within KANSRIJK_REFERRAL_EXPIRY_DAYS expire.
herinner: every team with a referral that is late for the first contact gets one mail (no family data).
"""

from __future__ import annotations

import argparse
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from kansrijk.care.services.referral_followup import (
    expiry_cutoff,
    referrals_expire,
    referrals_expiring,
    referrals_remind_overdue,
)


class Command(BaseCommand):
    help = "Laat onbeantwoorde verwijzingen verlopen (verloop) of herinner teams aan te late verwijzingen (herinner)."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="opdracht", required=True)
        expire = sub.add_parser("verloop", help="Zet onbeantwoorde verwijzingen op 'verlopen'.")
        expire.add_argument("--proef", action="store_true", help="Alleen tellen; er verandert niets.")
        sub.add_parser(
            "herinner", help="Stuur teams met een te late verwijzing één e-mail (hooguit één per dag)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["opdracht"] == "verloop":
            self._expire(proef=options["proef"])
        else:
            self._remind()

    def _expire(self, *, proef: bool) -> None:
        days = settings.KANSRIJK_REFERRAL_EXPIRY_DAYS
        self.stdout.write(
            f"Termijn: {days} dagen. Verwijzingen die vóór {expiry_cutoff():%d-%m-%Y %H:%M} zijn verstuurd "
            "en nog niet geaccepteerd, afgewezen of ingetrokken, verlopen."
        )
        if proef:
            n = len(referrals_expiring())
            self.stdout.write(f"Proef: er is niets veranderd. Zonder --proef verlopen {_referrals(n)}.")
            return
        n = referrals_expire()
        if n:
            self.stdout.write(f"Verlopen: {_referrals(n)}. Verwijzer en ontvanger zien dit in hun werklijst.")
        else:
            self.stdout.write("Er zijn geen verwijzingen die verlopen.")

    def _remind(self) -> None:
        n = referrals_remind_overdue()
        if n:
            team = "team" if n == 1 else "teams"
            self.stdout.write(f"Herinnering gestuurd aan {n} {team}. De e-mail noemt geen gezinnen.")
        else:
            self.stdout.write("Geen herinneringen nodig: er zijn geen nieuwe te late verwijzingen.")


def _referrals(n: int) -> str:
    return f"{n} verwijzing" if n == 1 else f"{n} verwijzingen"
