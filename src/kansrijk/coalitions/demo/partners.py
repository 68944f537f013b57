"""Demo partners: fictitious organisations, names ending in " (demo)", contacts at example.org.

Huisartsen and zorgverzekeraar are left out on purpose: the netwerkkaart then shows its flag for
partner kinds the RIVM found often missing. Written through the services, so the audit log shows it:
the coordinator proposes, and the system (`actor=DEMO`) accepts in place of the fictitious organisations,
which have no admin of their own.
"""

from __future__ import annotations

from django.db import transaction

from kansrijk.accounts.models import Organisation, OrganisationKind, User
from kansrijk.accounts.services import organisation_get_or_create
from kansrijk.audit.actors import DEMO
from kansrijk.coalitions.models import (
    Coalition,
    CoalitionPartner,
    Participation,
    ParticipationRole,
    PartnerLevel,
)
from kansrijk.coalitions.services.coalition import lead_set, partner_add
from kansrijk.coalitions.services.participation import participation_grant, partner_accept

# (name, kind, level, role, contact name, e-mail, phone). Phone numbers use the 000 range: never real.
DEMO_PARTNERS: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    (
        "Verloskundigenpraktijk De Wieg (demo)",
        OrganisationKind.VERLOSKUNDIGE,
        PartnerLevel.UITVOEREND,
        "Signaleert kwetsbaarheid in de zwangerschap",
        "Vera Verloskundige (demo)",
        "verloskunde@example.org",
        "000 000 0101",
    ),
    (
        "Kraamzorg Nestwarm (demo)",
        OrganisationKind.KRAAMZORG,
        PartnerLevel.UITVOEREND,
        "Kraamzorg en het kraambezoek",
        "Karin Kraamzorg (demo)",
        "kraamzorg@example.org",
        "000 000 0102",
    ),
    (
        "Ziekenhuis Rivierstad, geboortezorg (demo)",
        OrganisationKind.ZIEKENHUIS,
        PartnerLevel.BESTUURLIJK,
        "Medisch-specialistische geboortezorg",
        "Gijs Gynaecoloog (demo)",
        "geboortezorg@example.org",
        "000 000 0103",
    ),
    (
        "JGZ Stadsregio (demo)",
        OrganisationKind.JGZ,
        PartnerLevel.UITVOEREND,
        "Prenataal huisbezoek en het consultatiebureau",
        "Julia JGZ (demo)",
        "jgz@example.org",
        "000 000 0104",
    ),
    (
        "GGZ Lichtpunt (demo)",
        OrganisationKind.GGZ,
        PartnerLevel.UITVOEREND,
        "Psychische hulp voor (aanstaande) ouders",
        "Gerrit GGZ (demo)",
        "ggz@example.org",
        "000 000 0105",
    ),
    (
        "Sociaal Wijkteam Oost (demo)",
        OrganisationKind.WIJKTEAM,
        PartnerLevel.UITVOEREND,
        "Ondersteuning thuis; schakel naar het sociaal domein",
        "Sanne Wijkteam (demo)",
        "wijkteam@example.org",
        "000 000 0106",
    ),
    (
        "Schuldhulp Op Orde (demo)",
        OrganisationKind.SCHULDHULP,
        PartnerLevel.UITVOEREND,
        "Snelle hulp bij geldzorgen",
        "Sem Schuldhulp (demo)",
        "schuldhulp@example.org",
        "000 000 0107",
    ),
    (
        "Home-Start Buurtouders (demo)",
        OrganisationKind.INFORMEEL,
        PartnerLevel.UITVOEREND,
        "Vrijwilligers die gezinnen thuis steunen",
        "Hanna Home-Start (demo)",
        "homestart@example.org",
        "000 000 0108",
    ),
    (
        "Spiegelgroep Jonge Ouders (demo)",
        OrganisationKind.ERVARINGSDESKUNDIGEN,
        PartnerLevel.BESTUURLIJK,
        "Ervaringsdeskundigen die meedenken over de aanpak",
        "Eva Ervaring (demo)",
        "spiegelgroep@example.org",
        "000 000 0109",
    ),
)


@transaction.atomic
def demo_partners(*, coalition: Coalition, coordinator: User) -> None:
    """Add the demo partners (idempotent: present ones are left as they are). The coordinator's own
    organisation becomes a partner too and, when the coalition has none yet, its kartrekker."""
    present = set(
        CoalitionPartner.objects.filter(coalition=coalition).values_list("organisation_id", flat=True)
    )
    for name, kind, level, role, contact, email, phone in DEMO_PARTNERS:
        organisation = organisation_get_or_create(name=name, kind=kind, actor=coordinator)
        if organisation.pk in present:
            continue
        proposed = partner_add(
            coalition=coalition,
            organisation=organisation,
            actor=coordinator,
            role=role,
            level=level,
            contact_name=contact,
            contact_email=email,
            contact_phone=phone,
        )
        partner_accept(partner=proposed, actor=DEMO)
    own = Organisation.objects.filter(memberships__user=coordinator, kind=OrganisationKind.GEMEENTE).first()
    if own is None:
        return
    partner = CoalitionPartner.objects.filter(coalition=coalition, organisation=own).first()
    if partner is None:
        partner = partner_add(
            coalition=coalition,
            organisation=own,
            actor=coordinator,
            role="Kartrekker: coördineert de coalitie",
            level=PartnerLevel.BESTUURLIJK,
            contact_name=coordinator.get_full_name(),
            contact_email="gemeente@example.org",
            contact_phone="000 000 0100",
        )
        partner = partner_accept(partner=partner, actor=DEMO)
    if coalition.lead_id is None:
        lead_set(coalition=coalition, partner=partner, actor=coordinator)


@transaction.atomic
def demo_participant(*, coalition: Coalition, user: User, role: str) -> None:
    """Let a demo account take part on behalf of its own organisation (made an accepted partner first).
    Idempotent."""
    organisation = user.memberships.select_related("organisation").get().organisation
    partner = CoalitionPartner.objects.filter(coalition=coalition, organisation=organisation).first()
    if partner is None:
        partner = partner_add(coalition=coalition, organisation=organisation, actor=DEMO, role=role)
        partner_accept(partner=partner, actor=DEMO)
    if not Participation.objects.filter(coalition=coalition, user=user, ended_at__isnull=True).exists():
        participation_grant(
            coalition=coalition,
            user=user,
            organisation=organisation,
            role=ParticipationRole.MEMBER,
            actor=DEMO,
        )
