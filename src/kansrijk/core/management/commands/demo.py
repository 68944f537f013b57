from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from kansrijk.accounts.models import OrganisationKind, Role, User
from kansrijk.accounts.services import (
    membership_grant,
    organisation_get_or_create,
    user_create,
    user_set_password,
)
from kansrijk.areas.models import Area
from kansrijk.coalitions.demo.partners import demo_partners
from kansrijk.coalitions.demo.plan import demo_plan
from kansrijk.coalitions.demo.zelfscan import demo_zelfscan
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.coalition import partner_add
from kansrijk.interventions.demo import demo_offer
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
]


class Command(BaseCommand):
    def _workspace(self, coalition: Coalition, users: dict[str, User]) -> None:
        """Fill the demo coalition's workspace (each step is idempotent and marked "(demo)")."""
        coordinator = users["coordinator@demo.kansrijk.nl"]
        demo_partners(coalition=coalition, coordinator=coordinator)
        # The demo professional's practice takes part, so that account sees the coalition too.
        practice = users["professional@demo.kansrijk.nl"].memberships.get().organisation
        if not coalition.partners.filter(organisation=practice).exists():
            partner_add(
                coalition=coalition,
                organisation=practice,
                role="Verloskundige zorg in de wijk",
                actor=None,
                check_permission=False,
            )
        demo_zelfscan(coalition=coalition, users=[coordinator, users["professional@demo.kansrijk.nl"]])
        demo_plan(coalition=coalition, coordinator=coordinator)
        demo_offer(coalition=coalition, coordinator=coordinator)
        demo_routes(coalition=coalition, coordinator=coordinator)

    help = "Maakt een demo-coalitie met demo-accounts (gemarkeerd als demo; wachtwoorden één keer getoond)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset-passwords", action="store_true", help="Nieuwe wachtwoorden voor de demo-accounts."
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        # Tests and local scripts may fix the password; otherwise each account gets a random one.
        fixed = os.environ.get("KANSRIJK_DEMO_PASSWORD")
        shown: list[tuple[str, str, str]] = []
        users: dict[str, User] = {}
        for email, first_name, role, org_name, org_kind in DEMO_USERS:
            organisation = organisation_get_or_create(name=org_name, kind=org_kind, actor=None)
            user = User.objects.filter(email=email).first()
            password = fixed or secrets.token_urlsafe(12)
            if user is None:
                user = user_create(email=email, password=password, first_name=first_name, actor=None)
                shown.append((email, password, role.label))
            elif options["reset_passwords"] or fixed:
                user_set_password(user=user, password=password, actor=None)
                shown.append((email, password, role.label))
            membership_grant(user=user, organisation=organisation, role=role, actor=None)
            users[email] = user
        coalition = Coalition.objects.filter(slug=DEMO_SLUG).first()
        if coalition is None:
            municipalities = list(Area.objects.filter(code__in=DEMO_MUNICIPALITIES))
            coalition = coalition_create(
                name="Kansrijke Start Utrecht en Nieuwegein (DEMO)",
                slug=DEMO_SLUG,
                municipalities=municipalities,
                coordinators=[users["coordinator@demo.kansrijk.nl"]],
                actor=None,
                is_demo=True,
            )
        self._workspace(coalition, users)
        if shown:
            self.stdout.write(
                self.style.WARNING("DEMO-ACCOUNTS — alleen om te verkennen, niet voor echte gegevens:")
            )
            for email, password, role_label in shown:
                self.stdout.write(f"  {email:<34} wachtwoord: {password:<20} rol: {role_label}")
            self.stdout.write(
                "Deze wachtwoorden worden niet opnieuw getoond (nieuwe: kansrijk demo --reset-passwords)."
            )
