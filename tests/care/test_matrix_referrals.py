"""The role × action matrix of the referral pages (issue 12, "Done means"): every referral URL pattern,
GET for the pages and POST for every page and write, for every persona — and no leak anywhere.

The state: the midwife referred the family to the social team ("Wijk") along the klantroute, with the
parent's consent for the social team's organisation, and sent it. Personas: the sender (midwife), the
receiving team (social_worker), another team of the receiving organisation (social_other), a third
partner without the family (nurse) and one with it through consent (nurse_consent), the receiving team
after the parent withdrew the consent (social_withdrawn), the coalition's coordinator, the national
programme, the org and platform admins, the parent, an anonymous visitor.

Everyone not listed is denied: a 404, the login page for an anonymous visitor. A POST without valid
data shows the page again (422) to whoever may use it: it changes nothing. A denied response never
contains the family's names.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import Role
from kansrijk.accounts.services import membership_grant
from kansrijk.care.context import parent_context
from kansrijk.care.models import Consent, Referral
from kansrijk.care.paths import referrals as referral_paths
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.teams import team_member_add
from tests.care.personas import CareCast
from tests.care.test_matrix import LOGIN, NAMES, _status
from tests.care.test_referral_pages import other_social_team, ready, referral
from tests.system import TESTS

pytestmark = pytest.mark.django_db

PERSONAS = [
    "midwife",  # the sender
    "social_worker",  # the receiving team
    "social_other",  # another team of the receiving organisation
    "nurse",  # a third partner, no relation with the family
    "nurse_consent",  # a third partner that sees the family through consent, not the referral
    "social_withdrawn",  # the receiving team after the parent withdrew the consent it was sent on
    "coordinator",
    "national",
    "org_admin",
    "platform_admin",
    "parent",
    "anonymous",
]
SENDER, RECEIVER = {"midwife"}, {"social_worker"}
BOTH = SENDER | RECEIVER

# URL name → method → {persona: status}. Not listed: 404 (login for anonymous).
EXPECT: dict[str, dict[str, dict[str, int]]] = {
    # The proposals: for a team that may see the family's names (the service checks again on create).
    "referral_new": {
        "GET": {"midwife": 200, "nurse_consent": 200},
        "POST": {"midwife": 422, "nurse_consent": 422},
    },
    "referral": {"GET": dict.fromkeys(BOTH, 200)},
    "referral_move": {"POST": dict.fromkeys(BOTH, 422)},
    "referral_handover": {"POST": dict.fromkeys(BOTH, 422)},  # the receiver: refused, page shown again
    "referral_warm": {"POST": dict.fromkeys(BOTH, 422)},
}
# Who may see the family's names in an allowed cell: the receiving team too, because the referral sends
# identification (V&VN item 3; tests/care/test_referral_identity.py covers a referral without it).
SEES_NAMES = {"midwife", "nurse_consent", "social_worker"}


def _persona(care: CareCast, persona: str) -> object:
    if persona == "social_other":
        user, _team = other_social_team(care)
        return user
    if persona == "social_withdrawn":
        consent = Consent.objects.get(episode=care.family, receiving_organisation=care.social)
        consent_withdraw(parent_context(care.parent), consent=consent)
        return care.social_worker
    if persona == "nurse_consent":
        care.share_with_nurse()
        return care.nurse
    return getattr(care, persona)


def test_the_table_covers_every_referral_pattern() -> None:
    assert {p.name for p in referral_paths.urlpatterns} == set(EXPECT)


@pytest.mark.parametrize("persona", PERSONAS)
def test_matrix(client: Client, care: CareCast, persona: str) -> None:
    ready(care)
    made = referral(care)
    if persona != "anonymous":
        client.force_login(_persona(care, persona))
    failures: list[str] = []
    for name, methods in EXPECT.items():
        args = [care.family.public_id] + ([] if name == "referral_new" else [made.public_id])
        url = reverse(f"care:{name}", args=args)
        for method, cells in methods.items():
            expected = cells.get(persona, LOGIN if persona == "anonymous" else 404)
            response = client.get(url) if method == "GET" else client.post(url, {"matrix": "1"})
            got = _status(response)
            if got != expected:
                failures.append(f"{method} {name} as {persona}: expected {expected}, got {got}")
            allowed = expected not in (404, LOGIN)
            if not (allowed and persona in SEES_NAMES) and NAMES.search(response.content.decode()):
                failures.append(f"{method} {name} as {persona}: the family's names in the response")
    assert not failures, "\n".join(failures)
    made.refresh_from_db()
    # Only the receiving team's opening changed the status; nothing else did.
    assert made.status == ("ontvangen" if persona == "social_worker" else "verstuurd")
    assert Referral.objects.count() == 1


def test_a_professional_in_both_organisations_teams_sees_it_only_for_the_receiving_team(
    client: Client, care: CareCast
) -> None:
    """A person in the receiving team and in a team of a third organisation: acting for the third one,
    a 404 — access follows the team, not the person."""
    ready(care)
    made = referral(care)
    membership_grant(user=care.social_worker, organisation=care.jgz, role=Role.CARE_PROFESSIONAL, actor=TESTS)
    team_member_add(team=care.nurse_team, user=care.social_worker, actor=TESTS)
    client.force_login(care.social_worker)
    url = reverse("care:referral", args=[care.family.public_id, made.public_id])
    assert client.get(url + f"?team={care.nurse_team.public_id}").status_code == 404
    assert client.get(url + f"?team={care.social_team.public_id}").status_code == 200
