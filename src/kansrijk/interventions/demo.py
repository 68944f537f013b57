"""Demo local offer: a few offers by the demo coalition's existing partners. Contacts are fictitious and
marked "(demo)". Some themes (psychische problemen, schulden, verslaving …) deliberately get no offer,
so the balans shows gaps."""

from __future__ import annotations

import datetime

from django.db import transaction

from kansrijk.accounts.models import User
from kansrijk.areas.models import AreaLevel
from kansrijk.audit.actors import DEMO
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.interventions.models import Intervention, LocalOffer
from kansrijk.interventions.services.offer import offer_create
from kansrijk.interventions.services.offer_public import offer_public_confirm

# What the public Wegwijzer shows of some demo offers (fictitious, like the contacts above). In the demo the
# system confirms for the partner organisations, which have no members; Home-Start stays a proposal.
DEMO_PUBLIC: dict[str, dict[str, object]] = {
    "prenataal-huisbezoek-jgz": {
        "public_description": "Een verpleegkundige van de JGZ komt bij u thuis. U praat over de zwangerschap.",
        "public_phone": "000 000 0104",
        "public_website": "https://example.org/jgz-demo",
        "cost": "gratis",
        "referral_needed": "nee",
        "public_translations": {
            "en": {"description": "A nurse visits you at home during pregnancy. (demo)"},
            "ar": {"description": "ممرضة تزورك في البيت أثناء الحمل. (تجريبي)"},
        },
        "show_on_wegwijzer": True,
    },
    "centeringzwangerschap": {
        "public_description": "Uw controles bij de verloskundige, samen met andere zwangeren. In een groep.",
        "public_phone": "000 000 0101",
        "public_address": "Voorbeeldstraat 1, Utrecht (demo)",
        "cost": "zorgverzekering",
        "referral_needed": "nee",
        "show_on_wegwijzer": True,
    },
    "home-start": {
        "public_description": "Een vrijwilliger komt bij u thuis. Voor steun en een luisterend oor.",
        "public_website": "https://example.org/home-start-demo",
        "cost": "gratis",
        "referral_needed": "nee",
        "show_on_wegwijzer": True,
    },
}
DEMO_CONFIRMED = ("prenataal-huisbezoek-jgz", "centeringzwangerschap")

# (partner organisation, intervention slug, phases, only the first municipality?, wijken (count of the
#  first municipality's wijken, 0 = whole municipality), capacity per year, waiting days, contact, since)
DEMO_OFFERS: tuple[tuple[str, str, list[str], bool, int, int | None, int | None, str, str], ...] = (
    (
        "JGZ Stadsregio (demo)",
        "prenataal-huisbezoek-jgz",
        ["zwangerschap"],
        False,
        0,
        120,
        14,
        "Team prenataal huisbezoek, 000 000 0104 (demo)",
        "2022-07-01",
    ),
    (
        "JGZ Stadsregio (demo)",
        "voorzorg",
        ["zwangerschap", "na_geboorte"],
        True,
        2,
        30,
        21,
        "VoorZorg-team, voorzorg@example.org (demo)",
        "2019-01-01",
    ),
    (
        "Verloskundigenpraktijk De Wieg (demo)",
        "centeringzwangerschap",
        ["zwangerschap"],
        True,
        0,
        80,
        10,
        "Groepszorg De Wieg, 000 000 0101 (demo)",
        "2020-03-01",
    ),
    (
        "Kraamzorg Nestwarm (demo)",
        "kraamzorg-extra-uren-lip",
        ["geboorte"],
        False,
        0,
        None,
        0,
        "Planning Nestwarm, 000 000 0102 (demo)",
        "2018-01-01",
    ),
    (
        "Home-Start Buurtouders (demo)",
        "home-start",
        ["zwangerschap", "na_geboorte"],
        False,
        0,
        40,
        30,
        "Coördinator Home-Start, home-start@example.org (demo)",
        "2021-09-01",
    ),
)


@transaction.atomic
def demo_offer(*, coalition: Coalition, coordinator: User) -> None:
    """Add the demo offers that are not there yet (idempotent). Partners or interventions that are
    missing are skipped: the demo never invents them here."""
    municipalities = list(coalition.municipalities.order_by("code"))
    if not municipalities:
        return
    for org, slug, phases, first_only, n_wijken, capacity, waiting, contact, since in DEMO_OFFERS:
        partner = CoalitionPartner.objects.filter(coalition=coalition, organisation__name=org).first()
        intervention = Intervention.objects.filter(slug=slug, is_active=True).first()
        if partner is None or intervention is None:
            continue
        if LocalOffer.objects.filter(
            coalition=coalition, partner=partner, intervention=intervention
        ).exists():
            continue
        where = municipalities[:1] if first_only else municipalities
        wijken = list(
            where[0].children.filter(level=AreaLevel.WIJK).order_by("code")[:n_wijken] if n_wijken else []
        )
        offer = offer_create(
            coalition=coalition,
            actor=coordinator,
            intervention=intervention,
            partner=partner,
            phases=phases,
            municipalities=where,
            wijken=wijken,
            capacity_per_year=capacity,
            waiting_days=waiting,
            contact=contact,
            since=datetime.date.fromisoformat(since),
            **DEMO_PUBLIC.get(slug, {}),
        )
        if slug in DEMO_CONFIRMED:
            offer_public_confirm(offer=offer, actor=DEMO)
