"""Demo klantroutes (invented, marked "(demo)"): financiën and psychische problemen, published.

Uses the demo coalition's partners (coalitions/demo/partners.py) by name; a step whose partner is missing
is left out. Written through the services, so the audit log shows it. Idempotent: a theme that already
has a route is left as it is.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.coalitions.models import Agreement, Coalition, CoalitionPartner
from kansrijk.interventions.models import LocalOffer, Need
from kansrijk.routes.models import Klantroute
from kansrijk.routes.models import VulnerabilityLevel as L
from kansrijk.routes.services import klantroute_create, klantroute_publish, route_step_add

ALL_BUT_SELF = [L.POTENTIEEL_KWETSBAAR, L.KWETSBAAR, L.ZEER_KWETSBAAR]

# (need, title, introduction, steps: (title, description, partner name, levels, days, contact))
DemoStep = tuple[str, str, str, Sequence[str], int, str]
DEMO_ROUTES: tuple[tuple[str, str, str, tuple[DemoStep, ...]], ...] = (
    (
        Need.FINANCIEN,
        "Geldzorgen tijdens de zwangerschap (demo)",
        "Verzonnen voorbeeld. Voor (aanstaande) ouders met geldzorgen of schulden: snel naar hulp, "
        "zonder wachtlijst.",
        (
            (
                "Geldzorgen bespreken",
                "De verloskundige vraagt bij de intake naar geldzorgen en legt uit welke hulp er is.",
                "Verloskundigenpraktijk De Wieg (demo)",
                [L.POTENTIEEL_KWETSBAAR, L.KWETSBAAR, L.ZEER_KWETSBAAR],
                0,
                "",
            ),
            (
                "Aanmelden bij schuldhulp",
                "Met toestemming meldt de professional de ouder aan; schuldhulp belt binnen drie werkdagen.",
                "Schuldhulp Op Orde (demo)",
                [L.KWETSBAAR, L.ZEER_KWETSBAAR],
                3,
                "Snelle lijn voor professionals: 000 000 0177 (demo)",
            ),
            (
                "Steun thuis bij de administratie",
                "Het wijkteam helpt met post, toeslagen en een budgetplan.",
                "Sociaal Wijkteam Oost (demo)",
                ALL_BUT_SELF,
                10,
                "",
            ),
        ),
    ),
    (
        Need.PSYCHISCH,
        "Psychische klachten rond zwangerschap en geboorte (demo)",
        "Verzonnen voorbeeld. Voor ouders met somberheid, angst of andere psychische klachten.",
        (
            (
                "Klachten signaleren en bespreken",
                "Verloskundige of JGZ bespreekt de klachten en wat de ouder zelf wil.",
                "JGZ Stadsregio (demo)",
                [L.ZELFREDZAAM, L.POTENTIEEL_KWETSBAAR, L.KWETSBAAR],
                7,
                "",
            ),
            (
                "Consult bij de GGZ",
                "Bij ernstige klachten een consult bij de GGZ, met voorrang in de zwangerschap.",
                "GGZ Lichtpunt (demo)",
                [L.KWETSBAAR, L.ZEER_KWETSBAAR],
                5,
                "",
            ),
            (
                "Een vrijwilliger thuis",
                "Een Home-Start-vrijwilliger komt wekelijks langs voor steun en een luisterend oor.",
                "Home-Start Buurtouders (demo)",
                ALL_BUT_SELF,
                14,
                "",
            ),
        ),
    ),
)


@transaction.atomic
def demo_routes(*, coalition: Coalition, coordinator: User) -> None:
    partners = {
        p.organisation.name: p
        for p in CoalitionPartner.objects.filter(coalition=coalition).select_related("organisation")
    }
    offers = {o.partner_id: o for o in LocalOffer.objects.filter(coalition=coalition).order_by("pk")}
    agreement = Agreement.objects.filter(coalition=coalition).order_by("pk").first()
    for need, title, introduction, steps in DEMO_ROUTES:
        if Klantroute.objects.filter(coalition=coalition, need=need).exists():
            continue
        usable = [s for s in steps if s[2] in partners]
        if not usable:
            continue
        route = klantroute_create(
            coalition=coalition, need=need, title=title, introduction=introduction, actor=coordinator
        )
        for i, (step_title, description, partner_name, levels, days, contact) in enumerate(usable):
            partner = partners[partner_name]
            route_step_add(
                route=route,
                title=step_title,
                description=description,
                partner=partner,
                offer=offers.get(partner.pk),
                # The first step rests on the coalition's first agreement, to show the link.
                agreement=agreement if i == 0 else None,
                levels=levels,
                days_to_first_contact=days,
                contact=contact,
                actor=coordinator,
            )
        klantroute_publish(route=route, actor=coordinator)
