"""Care in the demo coalition: demo professionals in teams at the midwifery practice, JGZ and the social
team, a log manager, and fictional families — the Reuring family of seed 002 among them.

Accounts come from `CARE_DEMO_USERS`, which `kansrijk demo` creates like its other demo accounts
(password and authenticator shown once, or fixed by KANSRIJK_DEMO_PASSWORD / KANSRIJK_DEMO_TOTP_SECRET).
Everything here goes through the care services with the demo's system actor or a demo professional's
context, so the audit log and the access log show the demo like real work. Idempotent: a family is
keyed on its parent's name within the demo coalition, a team on its name, and nothing is made twice.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.audit.actors import DEMO
from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.context import AccessContext, professional_context
from kansrijk.care.instruments import parse_definition
from kansrijk.care.models import (
    CareTeam,
    CareTeamMember,
    ConsentMethod,
    ConsentText,
    Episode,
    EpisodeStage,
    HomeVisit,
    Instrument,
    LevelDecision,
    Person,
    PersonRole,
    Referral,
    Screening,
    ScreeningStatus,
    VisitStatus,
)
from kansrijk.care.referral_data import NEED_CATEGORIES
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, family_register
from kansrijk.care.services.referrals import referral_create, referral_send
from kansrijk.care.services.screening import level_decide, screening_finish, screening_start
from kansrijk.care.services.teams import team_create, team_member_add
from kansrijk.care.services.visits import visit_offer, visit_update
from kansrijk.care.synthetic import FamilySpec, synthetic_family
from kansrijk.coalitions.models import Coalition
from kansrijk.interventions.models import Need
from kansrijk.routes.selectors import routes_for

# The demo partners (kansrijk.coalitions.demo.partners) these professionals work for.
MIDWIFERY = "Verloskundigenpraktijk De Wieg (demo)"
JGZ = "JGZ Stadsregio (demo)"
SOCIAL = "Sociaal Wijkteam Oost (demo)"

# (e-mail, first name, role, organisation name, organisation kind), the shape of the demo's DEMO_USERS.
CARE_DEMO_USERS = [
    ("verloskundige@demo.kansrijk.nl", "Vera Verloskundige (demo)", Role.CARE_PROFESSIONAL, MIDWIFERY,
     OrganisationKind.VERLOSKUNDIGE),
    ("jgz-noord@demo.kansrijk.nl", "Julia Jeugdverpleegkundige (demo)", Role.CARE_PROFESSIONAL, JGZ,
     OrganisationKind.JGZ),
    ("jgz-zuid@demo.kansrijk.nl", "Jan Jeugdverpleegkundige (demo)", Role.CARE_PROFESSIONAL, JGZ,
     OrganisationKind.JGZ),
    ("wijkteam@demo.kansrijk.nl", "Sanne Wijkteam (demo)", Role.CARE_PROFESSIONAL, SOCIAL,
     OrganisationKind.WIJKTEAM),
    ("logbeheer@demo.kansrijk.nl", "Lotte Logbeheerder (demo)", Role.LOG_MANAGER, JGZ, OrganisationKind.JGZ),
]  # fmt: skip

# Team per professional: (organisation name, team name). A JGZ organisation has several teams; a nurse
# sees only her own team's families (jgz-zuid@ shows the difference).
DEMO_TEAMS = {
    "verloskundige@demo.kansrijk.nl": (MIDWIFERY, "Praktijk De Wieg"),
    "jgz-noord@demo.kansrijk.nl": (JGZ, "Team Noord"),
    "jgz-zuid@demo.kansrijk.nl": (JGZ, "Team Zuid"),
    "wijkteam@demo.kansrijk.nl": (SOCIAL, "Wijkteam Oost"),
}
# Consent as the parent gives it for a prenatal home visit: what the JGZ needs, not the medical file.
JGZ_CATEGORIES: list[str] = [
    DataCategory.IDENTIFICATION,
    DataCategory.SCREENING,
    DataCategory.LEVEL,
    DataCategory.SOCIAL,
]
SOCIAL_CATEGORIES: list[str] = [DataCategory.IDENTIFICATION, DataCategory.SOCIAL]
OTHER_FAMILIES = 7  # besides the Reuring family; a fixed seed keeps them the same on every run
DEMO_SEED = 1000


def _team(organisation: Organisation, name: str) -> CareTeam:
    team = CareTeam.objects.filter(organisation=organisation, name=name).first()
    return team or team_create(organisation=organisation, name=name, actor=DEMO)


def demo_teams(users: dict[str, User]) -> dict[str, AccessContext]:
    """The demo professionals in their teams; returns each professional's context (by e-mail)."""
    contexts = {}
    for email, (org_name, team_name) in DEMO_TEAMS.items():
        user = users[email]
        organisation = Organisation.objects.get(name=org_name)
        team = _team(organisation, team_name)
        if not CareTeamMember.objects.filter(team=team, user=user).exists():
            team_member_add(team=team, user=user, actor=DEMO)
        contexts[email] = professional_context(user, team=team)
    return contexts


def _existing(coalition: Coalition, spec: FamilySpec) -> Episode | None:
    parent = spec.parent
    person = Person.objects.filter(
        episode__coalition=coalition,
        episode__is_synthetic=True,
        role=PersonRole.PARENT,
        given_name=parent.given_name,
        family_name=parent.family_name,
    ).first()
    return person.episode if person is not None else None


def _share(midwife: AccessContext, episode: Episode, receiver: AccessContext, categories: list[str]) -> None:
    """The parent consents, in the conversation with the midwife, to sharing with the receiving team."""
    parent = episode.persons.get(role=PersonRole.PARENT)
    assert receiver.team is not None
    consent_record(
        midwife,
        episode_id=episode.public_id,
        subject=parent,
        given_by=parent,
        receiving_team=receiver.team,
        categories=categories,
        purpose=Purpose.REFERRAL,
        given_on=timezone.localdate(),
        method=ConsentMethod.SPOKEN,
        text=ConsentText.objects.order_by("-version")[0],
    )


def reuring_spec() -> FamilySpec:
    """Seed 002: mother Reuring is, unexpectedly, pregnant again; father just lost his job and the family
    already had debts. (First names invented here: the seed names only the family.)"""
    today = timezone.localdate()
    return FamilySpec(
        stage=EpisodeStage.PREGNANT,
        due_date=today + timedelta(days=150),
        persons=(
            PersonData(
                role=PersonRole.PARENT,
                given_name="Roos",
                family_name="Reuring",
                birth_date=today - timedelta(days=31 * 365),
                postcode="3511AB",
                phone="000 000 0201",
                email="roos.reuring@example.org",
            ),
            PersonData(
                role=PersonRole.PARTNER,
                given_name="Rik",
                family_name="Reuring",
                birth_date=today - timedelta(days=34 * 365),
                phone="000 000 0202",
            ),
        ),
    )


def _register(ctx: AccessContext, coalition: Coalition, spec: FamilySpec, index: int) -> Episode:
    municipalities = list(coalition.municipalities.order_by("code"))
    return family_register(
        ctx,
        coalition=coalition,
        municipality=municipalities[index % len(municipalities)],
        stage=spec.stage,
        persons=list(spec.persons),
        due_date=spec.due_date,
        is_synthetic=True,
    )


# Seed 002: debts and a small network, nothing that protects enough: the rule proposes "kwetsbaar".
REURING_RISKS = ("w-schulden", "g-klein-netwerk")


def demo_care_steps(contexts: dict[str, AccessContext], episode: Episode) -> None:
    """The Reuring story after registration (seed 002): the midwife finishes the broad inventory, decides
    the level together with the client, and JGZ team Noord offers the prenatal home visit, which the
    family accepts. Each step runs only when it has not happened yet (rerunning adds nothing)."""
    midwife = contexts["verloskundige@demo.kansrijk.nl"]
    nurse = contexts["jgz-noord@demo.kansrijk.nl"]
    if not Screening.objects.filter(episode=episode, status=ScreeningStatus.DONE).exists():
        instrument = Instrument.objects.get(key="kansrijk-brede-inventarisatie", is_active=True)
        definition = parse_definition(instrument.definition)
        answers = {item.id: "ja" if item.id in REURING_RISKS else "nee" for item in definition.items}
        screening = screening_start(midwife, episode_id=episode.public_id, instrument_id=instrument.public_id)
        screening_finish(
            midwife, episode_id=episode.public_id, screening_id=screening.public_id, answers=answers
        )
    if not LevelDecision.objects.filter(episode=episode).exists():
        proposed = Screening.objects.filter(episode=episode, status=ScreeningStatus.DONE).latest(
            "completed_at"
        )
        level_decide(
            midwife, episode_id=episode.public_id, level=proposed.proposed_level, decided_with_client=True
        )
    if not HomeVisit.objects.filter(episode=episode).exists():
        visit = visit_offer(
            nurse, episode_id=episode.public_id, planned_on=timezone.localdate() + timedelta(days=14)
        )
        visit_update(
            nurse,
            episode_id=episode.public_id,
            visit_id=visit.public_id,
            status=VisitStatus.ACCEPTED,
            next_steps="Huisbezoek over geldzaken en wie kan helpen (demo).",
        )


def demo_referral(contexts: dict[str, AccessContext], episode: Episode) -> Referral | None:
    """Seed 002 goes on: the midwife refers the Reurings to the social team's help with the paperwork,
    the financiën step of the demo klantroute, after the mother consented (spoken) to sharing what that
    help needs with the social team's organisation. The consent names the organisation only: the team
    sees the family when it accepts. Nothing when the route or the step is missing, or it was done."""
    if Referral.objects.filter(episode=episode).exists():
        return None
    midwife = contexts["verloskundige@demo.kansrijk.nl"]
    receiver = contexts["wijkteam@demo.kansrijk.nl"]
    assert receiver.team is not None and receiver.organisation is not None
    decision = LevelDecision.objects.filter(episode=episode).order_by("-created_at").first()
    if decision is None:
        return None
    steps = routes_for(coalition=episode.coalition, need=Need.FINANCIEN, level=decision.level)
    step = next((s for s in steps if s.partner.organisation_id == receiver.organisation.pk), None)
    if step is None:
        return None
    parent = episode.persons.get(role=PersonRole.PARENT)
    consent_record(
        midwife,
        episode_id=episode.public_id,
        subject=parent,
        given_by=parent,
        receiving_organisation=receiver.organisation,
        categories=sorted(NEED_CATEGORIES[Need.FINANCIEN]),
        purpose=Purpose.REFERRAL,
        given_on=timezone.localdate(),
        method=ConsentMethod.SPOKEN,
        text=ConsentText.objects.order_by("-version")[0],
    )
    referral = referral_create(
        midwife,
        episode_id=episode.public_id,
        need=Need.FINANCIEN,
        receiving_team=receiver.team,
        reason="Schulden en de vader is net zijn baan kwijt; het gezin wil hulp met de post en een "
        "budgetplan (demo).",
        message="Moeder is overdag goed bereikbaar. Graag samen een eerste gesprek bij haar thuis (demo).",
        route_step=step,
        handover={
            "contacts": "Vera Verloskundige, Verloskundigenpraktijk De Wieg (demo), 000 000 0100",
            "agreements": "Het gezin wil een gezamenlijk gesprek thuis, met de verloskundige erbij (demo).",
            "psychosocial": "Schulden; vader sinds kort werkloos; klein netwerk (demo).",
        },
    )
    return referral_send(midwife, referral_id=referral.public_id, version=referral.version)


@transaction.atomic
def demo_care(*, coalition: Coalition, users: dict[str, User]) -> None:
    """Teams and fictional families in the demo coalition (idempotent)."""
    contexts = demo_teams(users)
    midwife = contexts["verloskundige@demo.kansrijk.nl"]
    reuring = _existing(coalition, reuring_spec())
    if reuring is None:
        # Registered by the midwife on her practice's own relation; with consent to the JGZ (team Noord)
        # for the prenatal home visit.
        reuring = _register(midwife, coalition, reuring_spec(), 0)
        _share(midwife, reuring, contexts["jgz-noord@demo.kansrijk.nl"], JGZ_CATEGORIES)
    demo_care_steps(contexts, reuring)
    demo_referral(contexts, reuring)
    rng = random.Random(DEMO_SEED)  # noqa: S311 - fictional data, not secrets
    today = timezone.localdate()
    receivers = ["jgz-noord@demo.kansrijk.nl", "jgz-zuid@demo.kansrijk.nl", None]
    for index in range(1, OTHER_FAMILIES + 1):
        spec = synthetic_family(rng, today=today)
        receiver = receivers[index % len(receivers)]
        if _existing(coalition, spec) is not None:
            continue
        episode = _register(midwife, coalition, spec, index)
        if receiver is not None:
            _share(midwife, episode, contexts[receiver], JGZ_CATEGORIES)
        if index % 3 == 1:
            _share(midwife, episode, contexts["wijkteam@demo.kansrijk.nl"], SOCIAL_CATEGORIES)
