"""The care part of `kansrijk demo`: demo professionals in teams, a log manager, and fictional families
(the Reuring family of seed 002 among them), idempotent and labelled."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.http import Http404

from kansrijk.accounts.models import Role, User
from kansrijk.care.context import AccessContext, professional_context, teams_of
from kansrijk.care.demo import CARE_DEMO_USERS, DEMO_TEAMS, JGZ, MIDWIFERY
from kansrijk.care.models import AccessLogEntry, CareTeam, Consent, Episode, Person, RelationBasis
from kansrijk.care.selectors.access import episodes_visible_to
from kansrijk.coalitions.models import Coalition
from kansrijk.demo.management.commands.demo import DEMO_SLUG, DEMO_USERS


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def _ctx(email: str) -> AccessContext:
    user = User.objects.get(email=email)
    org_name, team_name = DEMO_TEAMS[email]
    return professional_context(user, team=CareTeam.objects.get(organisation__name=org_name, name=team_name))


def _reuring() -> Episode:
    return Person.objects.get(given_name="Roos", family_name="Reuring").episode


@pytest.fixture
def demo(db: None) -> Coalition:
    _demo()
    return Coalition.objects.get(slug=DEMO_SLUG)


def test_the_reuring_family_is_registered_by_the_midwife_with_consent_to_jgz(demo: Coalition) -> None:
    family = _reuring()
    assert family.coalition == demo and family.is_synthetic and family.stage == "zwanger"
    assert family.due_date is not None
    assert family.registered_by.name == MIDWIFERY
    own = family.relations.get(basis=RelationBasis.OWN)
    assert own.team.organisation.name == MIDWIFERY
    consent = Consent.objects.get(episode=family, receiving_organisation__name=JGZ)
    assert consent.receiving_organisation.name == JGZ and consent.is_active
    assert consent.given_by.family_name == "Reuring" and consent.recorded_for.name == MIDWIFERY
    # Registration and consent wrote their access-log entries, in the family's own chain.
    actions = set(AccessLogEntry.objects.filter(episode_id=family.public_id).values_list("action", flat=True))
    assert {"gezin.aanmelden", "toestemming.vastleggen"} <= actions
    # Seed 002 goes on: screening → "kwetsbaar", decided with the client, home visit accepted by JGZ Noord.
    screening = family.screenings.get()
    assert screening.status == "afgerond" and screening.proposed_level == "kwetsbaar"
    assert family.level_decisions.get().level == "kwetsbaar"
    visit = family.visits.get()
    assert (visit.status, visit.team.name, visit.organisation.name) == ("geaccepteerd", "Team Noord", JGZ)


def test_all_demo_families_are_synthetic_and_in_the_demo_coalition(demo: Coalition) -> None:
    families = Episode.objects.filter(coalition=demo)
    assert families.count() >= 6
    assert not families.filter(is_synthetic=False).exists()
    assert demo.is_demo


def test_rerunning_the_demo_duplicates_nothing(demo: Coalition) -> None:
    counts = (
        Episode.objects.count(),
        Person.objects.count(),
        Consent.objects.count(),
        CareTeam.objects.count(),
    )
    entries = AccessLogEntry.objects.count()
    _demo()
    assert (
        Episode.objects.count(),
        Person.objects.count(),
        Consent.objects.count(),
        CareTeam.objects.count(),
    ) == (counts)
    assert AccessLogEntry.objects.count() == entries


def test_care_accounts_are_demo_accounts_with_their_roles(demo: Coalition) -> None:
    assert {row[0] for row in CARE_DEMO_USERS} <= {row[0] for row in DEMO_USERS}  # shown, totp works
    for email, _name, role, org_name, _kind in CARE_DEMO_USERS:
        user = User.objects.get(email=email)
        assert user.memberships.filter(role=role, organisation__name=org_name).exists()
    assert len(_demo("totp", "verloskundige@demo.kansrijk.nl").strip()) == 6


def test_who_sees_which_demo_family(demo: Coalition) -> None:
    reuring = _reuring()
    assert reuring in episodes_visible_to(_ctx("verloskundige@demo.kansrijk.nl"))
    assert reuring in episodes_visible_to(_ctx("jgz-noord@demo.kansrijk.nl"))
    # Denied: the other JGZ team and the social team have no relation with the Reurings.
    assert reuring not in episodes_visible_to(_ctx("jgz-zuid@demo.kansrijk.nl"))
    assert reuring not in episodes_visible_to(_ctx("wijkteam@demo.kansrijk.nl"))
    # The other JGZ team does have families of its own (team scoping, not an empty demo).
    assert episodes_visible_to(_ctx("jgz-zuid@demo.kansrijk.nl")).exists()


def test_log_manager_and_coalition_accounts_get_no_care_context(demo: Coalition) -> None:
    log_manager = User.objects.get(email="logbeheer@demo.kansrijk.nl")
    assert log_manager.memberships.filter(role=Role.LOG_MANAGER, organisation__name=JGZ).exists()
    assert teams_of(log_manager) == []
    team = CareTeam.objects.get(organisation__name=JGZ, name="Team Noord")
    with pytest.raises(Http404):
        professional_context(log_manager, team=team)
    for email in ("coordinator@demo.kansrijk.nl", "professional@demo.kansrijk.nl", "beheer@demo.kansrijk.nl"):
        assert teams_of(User.objects.get(email=email)) == []
