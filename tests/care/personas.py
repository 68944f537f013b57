"""Personas of the care layer, for the role × action tests (issue 11).

One coalition ("zorg", Utrecht) with three accepted partners:
- midwifery practice "Verloskunde Zorgtest": `midwife` (team "Praktijk Oost") registered the family;
- JGZ "JGZ Zorgtest": `nurse` (team "Noord"), `colleague` (team "Zuid", same organisation, other team),
  `org_admin`, `log_manager`;
- social team "Sociaal Team Zorgtest": `social_worker` (team "Wijk", no relation with the family).
Plus the coalition's `coordinator`, the `national` programme, a `platform_admin`, the family's `parent`
(with an account linked to the pregnant person), `other_parent` (a parent of another family) and the
`family` itself (registered by the midwife, no consent given yet).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from kansrijk.accounts.models import Organisation, OrganisationKind, Role, User
from kansrijk.accounts.services import membership_grant, organisation_get_or_create, user_create
from kansrijk.areas.models import Area
from kansrijk.care.context import AccessContext, professional_context
from kansrijk.care.models import CareTeam, ConsentMethod, ConsentText, Episode, EpisodeStage, PersonRole
from kansrijk.care.services.consent import consent_record
from kansrijk.care.services.episodes import PersonData, family_register
from kansrijk.care.services.teams import team_create, team_member_add
from kansrijk.coalitions.models import Coalition, ParticipationRole
from kansrijk.coalitions.services import coalition_create
from kansrijk.coalitions.services.participation import participation_grant
from tests.mfa import give_totp
from tests.personas import PASSWORD, accepted_partner
from tests.system import TESTS


@dataclass
class CareCast:
    coalition: Coalition
    midwifery: Organisation
    jgz: Organisation
    social: Organisation
    midwife_team: CareTeam
    nurse_team: CareTeam
    colleague_team: CareTeam
    social_team: CareTeam
    midwife: User
    nurse: User
    colleague: User
    social_worker: User
    org_admin: User
    log_manager: User
    coordinator: User
    national: User
    platform_admin: User
    parent: User
    other_parent: User
    family: Episode
    other_family: Episode

    def ctx(self, user: User) -> AccessContext:
        """The professional's context for their (only) team."""
        team = {
            self.midwife.pk: self.midwife_team,
            self.nurse.pk: self.nurse_team,
            self.colleague.pk: self.colleague_team,
            self.social_worker.pk: self.social_team,
        }[user.pk]
        return professional_context(user, team=team)

    def share_with_nurse(self, categories: list[str] | None = None) -> object:
        """The parent consents (spoken, to the midwife) to sharing with the JGZ team Noord."""
        parent = self.family.persons.get(role=PersonRole.PARENT)
        return consent_record(
            self.ctx(self.midwife),
            episode_id=self.family.public_id,
            subject=parent,
            given_by=parent,
            receiving_team=self.nurse_team,
            categories=categories or ["identificatie", "screening", "niveau", "sociaal"],
            purpose="verwijzing",
            given_on=timezone.localdate(),
            method=ConsentMethod.SPOKEN,
            text=ConsentText.objects.get(version=1),
        )


def _user(email: str, org: Organisation | None = None, *roles: Role) -> User:
    user = user_create(email=email, password=PASSWORD, first_name=email.split("@")[0].title(), actor=TESTS)
    for role in roles:
        assert org is not None
        membership_grant(user=user, organisation=org, role=role, actor=TESTS)
    give_totp(user)
    return user


def _professional(email: str, team: CareTeam) -> User:
    user = _user(email, team.organisation, Role.CARE_PROFESSIONAL)
    team_member_add(team=team, user=user, actor=TESTS)
    return user


def make_care_cast() -> CareCast:
    utrecht = Area.objects.get(code="GM0344")
    coalition = coalition_create(name="Zorgcoalitie", slug="zorg", municipalities=[utrecht], actor=TESTS)
    orgs = {
        "midwifery": ("Verloskunde Zorgtest", OrganisationKind.VERLOSKUNDIGE),
        "jgz": ("JGZ Zorgtest", OrganisationKind.JGZ),
        "social": ("Sociaal Team Zorgtest", OrganisationKind.WIJKTEAM),
        "municipality": ("Gemeente Zorgtest", OrganisationKind.GEMEENTE),
    }
    made = {k: organisation_get_or_create(name=n, kind=kind, actor=TESTS) for k, (n, kind) in orgs.items()}
    for org in made.values():
        accepted_partner(coalition, org)
    midwife_team = team_create(organisation=made["midwifery"], name="Praktijk Oost", actor=TESTS)
    nurse_team = team_create(organisation=made["jgz"], name="Noord", actor=TESTS)
    colleague_team = team_create(organisation=made["jgz"], name="Zuid", actor=TESTS)
    social_team = team_create(organisation=made["social"], name="Wijk", actor=TESTS)
    midwife = _professional("verloskundige@zorgtest.nl", midwife_team)
    nurse = _professional("jgz-noord@zorgtest.nl", nurse_team)
    colleague = _professional("jgz-zuid@zorgtest.nl", colleague_team)
    social_worker = _professional("wijkteam@zorgtest.nl", social_team)
    coordinator = _user("coordinator@zorgtest.nl", made["municipality"], Role.COORDINATOR)
    participation_grant(
        user=coordinator, coalition=coalition, organisation=made["municipality"],
        role=ParticipationRole.COORDINATOR, actor=TESTS,
    )  # fmt: skip
    due = timezone.localdate() + timedelta(days=120)
    ctx = professional_context(midwife, team=midwife_team)
    family = family_register(
        ctx,
        coalition=coalition,
        municipality=utrecht,
        stage=EpisodeStage.PREGNANT,
        due_date=due,
        persons=[
            PersonData(role=PersonRole.PARENT, given_name="Roos", family_name="Reuring", postcode="3511AB"),
            PersonData(role=PersonRole.PARTNER, given_name="Rik", family_name="Reuring"),
        ],
        is_synthetic=True,
    )
    other_family = family_register(
        ctx,
        coalition=coalition,
        municipality=utrecht,
        stage=EpisodeStage.PREGNANT,
        due_date=due,
        persons=[PersonData(role=PersonRole.PARENT, given_name="Anna", family_name="Anders")],
        is_synthetic=True,
    )
    parent = _user("roos@ouder.test")
    family.persons.filter(role=PersonRole.PARENT).update(account=parent)
    other_parent = _user("anna@ouder.test")
    other_family.persons.filter(role=PersonRole.PARENT).update(account=other_parent)
    return CareCast(
        coalition=coalition,
        midwifery=made["midwifery"],
        jgz=made["jgz"],
        social=made["social"],
        midwife_team=midwife_team,
        nurse_team=nurse_team,
        colleague_team=colleague_team,
        social_team=social_team,
        midwife=midwife,
        nurse=nurse,
        colleague=colleague,
        social_worker=social_worker,
        org_admin=_user("beheer@jgz-zorgtest.nl", made["jgz"], Role.ORG_ADMIN),
        log_manager=_user("logbeheer@jgz-zorgtest.nl", made["jgz"], Role.LOG_MANAGER),
        coordinator=coordinator,
        national=_user("landelijk@zorgtest.nl", organisation_get_or_create(
            name="Landelijk Zorgtest", kind=OrganisationKind.LANDELIJK, actor=TESTS), Role.NATIONAL),
        platform_admin=_user("platform@zorgtest.nl", organisation_get_or_create(
            name="Platform Zorgtest", kind=OrganisationKind.OVERIG, actor=TESTS), Role.PLATFORM_ADMIN),
        parent=parent,
        other_parent=other_parent,
        family=family,
        other_family=other_family,
    )  # fmt: skip
