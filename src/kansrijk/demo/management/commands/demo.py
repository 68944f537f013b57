from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.selectors import user_totp_code
from kansrijk.accounts.services import (
    email_mark_verified,
    membership_grant,
    organisation_get_or_create,
    totp_ensure,
    user_create,
    user_set_password,
)
from kansrijk.areas.selectors import municipalities_current
from kansrijk.audit.actors import DEMO
from kansrijk.care.demo import CARE_DEMO_USERS, demo_care
from kansrijk.coalitions.demo.confirmation import demo_confirm
from kansrijk.coalitions.demo.partners import demo_participant, demo_partners
from kansrijk.coalitions.demo.plan import demo_plan
from kansrijk.coalitions.demo.zelfscan import demo_zelfscan
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import coalition_create
from kansrijk.interventions.demo import demo_offer
from kansrijk.monitoring.demo import demo_monitor
from kansrijk.routes.demo import demo_routes

DEMO_SLUG = "demo-utrecht"
DEMO_MUNICIPALITIES = ["GM0344", "GM0356"]  # Utrecht, Nieuwegein: a regional coalition
# (e-mail, first name, role, organisation name, organisation kind)
DEMO_USERS = [
    (
        "coordinator@demo.kansrijk.nl",
        "Coördinator (demo)",
        Role.COORDINATOR,
        "Gemeente Utrecht (demo)",
        OrganisationKind.GEMEENTE,
    ),
    (
        "professional@demo.kansrijk.nl",
        "Verloskundige (demo)",
        Role.PARTNER_MEMBER,
        "Verloskundigenpraktijk Zuid (demo)",
        OrganisationKind.VERLOSKUNDIGE,
    ),
    (
        "landelijk@demo.kansrijk.nl",
        "Landelijk programma (demo)",
        Role.NATIONAL,
        "Landelijk programma (demo)",
        OrganisationKind.LANDELIJK,
    ),
    (
        "beheer@demo.kansrijk.nl",
        "Platformbeheer (demo)",
        Role.PLATFORM_ADMIN,
        "Platformbeheer (demo)",
        OrganisationKind.OVERIG,
    ),
    # The care layer's demo professionals and log manager (kansrijk.care.demo).
    *CARE_DEMO_USERS,
]


class Command(BaseCommand):
    def _workspace(self, coalition: Coalition, users: dict[str, User]) -> None:
        """Fill the demo coalition's workspace (each step is idempotent and marked "(demo)")."""
        coordinator = users["coordinator@demo.kansrijk.nl"]
        demo_partners(coalition=coalition, coordinator=coordinator)
        # The demo professional takes part for their practice, so that account sees the coalition too.
        demo_participant(
            coalition=coalition,
            user=users["professional@demo.kansrijk.nl"],
            role="Verloskundige zorg in de wijk",
        )
        demo_zelfscan(coalition=coalition, users=[coordinator, users["professional@demo.kansrijk.nl"]])
        demo_plan(coalition=coalition, coordinator=coordinator)
        demo_offer(coalition=coalition, coordinator=coordinator)
        demo_routes(coalition=coalition, coordinator=coordinator)
        # Care teams and fictional families (the Reuring family of seed 002), after the partners exist.
        demo_care(coalition=coalition, users=users)
        # Six closed months of synthetic monitor figures, so the monitor pages have something to show.
        demo_monitor(coalition=coalition)

    help = (
        "Maakt een demo-coalitie met demo-accounts (gemarkeerd als demo; wachtwoorden en "
        "TOTP-geheimen één keer getoond). `kansrijk demo totp E-MAIL` toont de huidige inlogcode."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Nieuwe wachtwoorden voor de demo-accounts."
        )
        parser.add_argument(
            "actie", nargs="?", choices=["totp"], help="totp: toon de huidige code van een demo-account."
        )
        parser.add_argument("email", nargs="?", help="Het e-mailadres van het demo-account (bij totp).")

    def _totp(self, email: str | None) -> None:
        """Print the current 6-digit code of a demo account (what its authenticator app would show)."""
        demo_emails = {row[0] for row in DEMO_USERS}
        if not email:
            raise CommandError("Geef het e-mailadres van een demo-account: kansrijk demo totp E-MAIL")
        email = email.strip().lower()
        if email not in demo_emails:
            raise CommandError(
                f"{email} is geen demo-account. Alleen voor demo-accounts toont Kansrijk een code; "
                "echte gebruikers gebruiken hun eigen authenticator-app."
            )
        user = User.objects.filter(email=email).first()
        code = user_totp_code(user) if user is not None else None
        if code is None:
            raise CommandError(f"{email} heeft nog geen authenticator. Maak eerst de demo: kansrijk demo")
        self.stdout.write(code)

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("actie") == "totp":
            self._totp(options.get("email"))
            return
        self._create(reset_passwords=bool(options["reset_passwords"]))

    @transaction.atomic
    def _create(self, *, reset_passwords: bool) -> None:
        # Tests and local scripts may fix the password and TOTP secret; otherwise they are random.
        fixed = os.environ.get("KANSRIJK_DEMO_PASSWORD")
        fixed_secret = os.environ.get("KANSRIJK_DEMO_TOTP_SECRET") or None
        shown: list[tuple[str, str, str]] = []
        users: dict[str, User] = {}
        secrets_by_email: dict[str, str] = {}
        for email, first_name, role, org_name, org_kind in DEMO_USERS:
            organisation = organisation_get_or_create(name=org_name, kind=org_kind, actor=DEMO)
            user = User.objects.filter(email=email).first()
            password = fixed or secrets.token_urlsafe(12)
            if user is None:
                user = user_create(email=email, password=password, first_name=first_name, actor=DEMO)
                shown.append((email, password, str(role.label)))
            elif reset_passwords or fixed:
                user_set_password(user=user, password=password, actor=DEMO)
                shown.append((email, password, str(role.label)))
            membership_grant(user=user, organisation=organisation, role=role, actor=DEMO)
            # Two-step verification is required for everyone, demo accounts included. Their addresses
            # count as proven, so logging in never waits for a confirmation mail.
            secrets_by_email[email] = totp_ensure(user=user, secret=fixed_secret, actor=DEMO)
            email_mark_verified(user=user, actor=DEMO)
            users[email] = user
        coalition = Coalition.objects.filter(slug=DEMO_SLUG).first()
        if coalition is None:
            municipalities = list(municipalities_current().filter(code__in=DEMO_MUNICIPALITIES))
            coalition = coalition_create(
                name="Kansrijke Start Utrecht en Nieuwegein (DEMO)",
                slug=DEMO_SLUG,
                municipalities=municipalities,
                first_coordinator=users["coordinator@demo.kansrijk.nl"],
                actor=DEMO,
                is_demo=True,
            )
        demo_confirm(coalition=coalition, admin=users["beheer@demo.kansrijk.nl"])
        self._workspace(coalition, users)
        if shown:
            self.stdout.write(
                self.style.WARNING("DEMO-ACCOUNTS — alleen om te verkennen, niet voor echte gegevens:")
            )
            for email, password, role_label in shown:
                self.stdout.write(
                    f"  {email:<34} wachtwoord: {password:<20} totp-geheim: {secrets_by_email[email]}"
                    f"  rol: {role_label}"
                )
            self.stdout.write(
                "Deze wachtwoorden worden niet opnieuw getoond (nieuwe: kansrijk demo --reset-passwords).\n"
                "Inloggen vraagt ook een code: zet het TOTP-geheim in een authenticator-app, of vraag de "
                "huidige code op met: kansrijk demo totp E-MAIL"
            )
