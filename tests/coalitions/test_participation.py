"""Who belongs where (docs/adr/0007): explicit participation, partnership proposals, removal.

Regression tests for three holes, each through the real views:
1. a coordinator could join any other coalition through an invitation in their own coalition;
2. adding a partner pulled an organisation in without its consent;
3. removing a partner left its people in (as coordinators too), and open invitations could bring them back.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from kansrijk.accounts.models import (
    Membership,
    MembershipRequest,
    MembershipRequestStatus,
    Organisation,
    Role,
    User,
)
from kansrijk.accounts.services import membership_grant, user_create
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.forms.zelfscan import statement_field_name
from kansrijk.coalitions.models import (
    Action,
    Coalition,
    CoalitionPartner,
    GoodPractice,
    Invitation,
    Participation,
    ParticipationRole,
    PartnerStatus,
    ZelfscanResponse,
)
from kansrijk.coalitions.selectors.access import coordinators_of, user_coordinates
from kansrijk.coalitions.services.coalition import (
    LAST_COORDINATOR_PARTNER,
    coordinator_add,
    coordinator_remove,
    partner_add,
    partner_remove,
)
from kansrijk.coalitions.services.invitations import ALREADY_IN, PARTNER_GONE, invitation_create
from kansrijk.coalitions.services.participation import (
    NOT_ORGANISATION_ADMIN,
    REASON_PARTNER_REMOVED,
    partner_accept,
)
from kansrijk.coalitions.services.plan import action_create
from kansrijk.coalitions.views.invitations import INVITATION_WAITING
from tests.coalitions.conftest import client_for
from tests.coalitions.test_plan_support import jgz
from tests.coalitions.zelfscan_support import active_statements, make_platform_admin, open_round
from tests.mfa import give_totp
from tests.personas import PASSWORD, Cast
from tests.system import TESTS

pytestmark = pytest.mark.django_db

LINK = re.compile(r"(http://testserver/coalities/uitnodiging/[A-Za-z0-9_-]+/)")
NEW_PASSWORD = "Kraamvisite-2025-lang"
PARTNERSHIPS = "/coalities/partnerschappen/"


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _invite(
    client: Client, slug: str, email: str, organisation: Organisation, role: str = "deelnemer"
) -> Any:
    data = {"email": email, "organisation": str(organisation.public_id), "role": role}
    return client.post(f"/coalities/{slug}/uitnodigingen/", {f"invite-{k}": v for k, v in data.items()})


def _last_link() -> str:
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def _member_of(email: str, organisation: Organisation, role: Role = Role.PARTNER_MEMBER) -> User:
    user = user_create(email=email, password=PASSWORD, actor=TESTS)
    membership_grant(user=user, organisation=organisation, role=role, actor=TESTS)
    give_totp(user)
    return user


def _writes_in_test(cast: Cast) -> list[tuple[str, dict[str, Any]]]:
    """Three writes inside the coalition "test": a plan status change, a zelfscan answer, a practice."""
    action = action_create(
        coalition=cast.coalition, title="JGZ-actie", owner=jgz(cast), actor=cast.coordinator
    )
    zs_round = open_round(cast.coalition, cast.coordinator)
    answers = {statement_field_name(s): 3 for s in active_statements()}
    practice = {
        "title": "Babyspreekuur",
        "target_group": "Ouders",
        "description": "Een budgetcoach.",
        "results": "Meer ouders bij schuldhulp.",
        "contact": "coach@example.nl",
        "theme": "armoede_schulden",
        "phase": "na_geboorte",
    }
    return [
        (reverse("coalitions:actie_status", args=["test", action.public_id]), {"to": "lopend"}),
        (reverse("coalitions:zelfscan_answer", args=["test", zs_round.public_id]), answers),
        (reverse("coalitions:praktijk_nieuw", args=["test"]), practice),
    ]


def _assert_locked_out_of_test(client: Client, writes: list[tuple[str, dict[str, Any]]]) -> None:
    for url in ("/coalities/test/", "/coalities/test/partners/", "/coalities/test/plan/"):
        assert client.get(url).status_code == 404, url
    for url, data in writes:
        assert client.post(url, data).status_code == 404, url
    assert Action.objects.get().status != "lopend"
    assert not ZelfscanResponse.objects.exists() and not GoodPractice.objects.exists()


# --- 1. a coordinator cannot join another coalition ------------------------------------------------


def test_invitation_form_offers_only_this_coalitions_accepted_partners(cast: Cast) -> None:
    partner_add(coalition=cast.coalition, organisation=_org("Verloskundigen Test"), actor=cast.coordinator)
    form = client_for(cast.coordinator).get("/coalities/test/partners/").context["invitation_form"]
    offered = [o.name for o in form.fields["organisation"].queryset]
    assert offered == ["Gemeente Test", "JGZ Test"]  # not the proposed one, no other organisation
    assert "new_name" not in form.fields  # no new organisation on the invitation form
    elders = client_for(cast.other_coordinator).get("/coalities/elders/partners/").context["invitation_form"]
    assert [o.name for o in elders.fields["organisation"].queryset] == ["Gemeente Elders"]


def test_attack_path_coordinator_of_another_coalition_cannot_get_in(cast: Cast) -> None:
    """The issue's attack: in their own coalition, the coordinator of "elders" invites their own address on
    behalf of JGZ Test (a partner of "test"), accepts, becomes a member of JGZ Test and so reads and writes
    in "test". Now each step is closed."""
    writes = _writes_in_test(cast)
    attacker = client_for(cast.other_coordinator)
    jgz_org = _org("JGZ Test")

    # Step 1: JGZ Test is not a partner of elders, so it cannot be chosen.
    before = Invitation.objects.count()
    response = _invite(attacker, "elders", cast.other_coordinator.email, jgz_org)
    assert response.status_code == 422
    assert Invitation.objects.count() == before and mail.outbox == []

    # Step 2: proposing JGZ Test as partner of elders pulls nobody in; JGZ's admin (here the platform
    # admin: JGZ Test has none) must accept.
    response = attacker.post(
        "/coalities/elders/partners/toevoegen/",
        {"partner-organisation": str(jgz_org.public_id), "partner-level": "uitvoerend"},
    )
    assert response.status_code == 302
    elders = Coalition.objects.get(slug="elders")
    proposal = CoalitionPartner.objects.get(coalition=elders, organisation=jgz_org)
    assert proposal.status == PartnerStatus.PROPOSED
    assert _invite(attacker, "elders", cast.other_coordinator.email, jgz_org).status_code == 422
    admin = make_platform_admin()
    give_totp(admin)
    assert (
        client_for(admin)
        .post(reverse("coalitions:partnership_accept", args=[proposal.public_id]))
        .status_code
        == 302
    )

    # Step 3: now invitable in elders, but accepting never makes anyone a member of JGZ Test.
    assert _invite(attacker, "elders", cast.other_coordinator.email, jgz_org).status_code == 302
    own = Client()
    own.force_login(cast.other_coordinator)
    response = own.post(_last_link())
    assert response.status_code == 422
    assert ALREADY_IN.format(organisation="Gemeente Elders") in response.content.decode()
    # ... and with a fresh address of their own, the account waits for JGZ Test's admin.
    assert _invite(attacker, "elders", "handlanger@elders.test", jgz_org).status_code == 302
    link = _last_link()
    fresh = Client()
    page = fresh.get(link).content.decode()
    assert "u bent nog geen medewerker van JGZ Test op Kansrijk" in page
    response = fresh.post(
        link, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD, "first_name": "", "last_name": ""}
    )
    assert response.status_code == 302 and response["Location"] == "/coalities/"
    accomplice = User.objects.get(email="handlanger@elders.test")
    assert not Membership.objects.filter(user=accomplice).exists()
    assert not Membership.objects.filter(user=cast.other_coordinator, organisation=jgz_org).exists()
    request = MembershipRequest.objects.get(user=accomplice)
    assert (request.organisation, request.status) == (jgz_org, MembershipRequestStatus.OPEN)
    give_totp(accomplice)
    body = fresh.get("/coalities/").content.decode()  # logged in by accepting; the message waits there
    assert INVITATION_WAITING.format(coalition="Coalitie Elders", organisation="JGZ Test") in body
    # Not even elders yet (no membership of JGZ Test), and never "test".
    accomplice_client = client_for(accomplice)
    assert accomplice_client.get("/coalities/elders/").status_code == 404
    _assert_locked_out_of_test(accomplice_client, writes)
    _assert_locked_out_of_test(attacker, writes)


def test_a_member_of_a_partner_organisation_without_participation_sees_404(cast: Cast) -> None:
    colleague = _member_of("collega@jgz.test", _org("JGZ Test"))
    client = client_for(colleague)
    _assert_locked_out_of_test(client, _writes_in_test(cast))
    assert "Coalitie Test" not in client.get("/coalities/").content.decode()


def test_participation_takes_effect_once_the_organisations_admin_lets_them_in(cast: Cast) -> None:
    assert (
        _invite(client_for(cast.coordinator), "test", "nieuw@jgz.test", _org("JGZ Test")).status_code == 302
    )
    client = Client()
    client.post(_last_link(), {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    user = User.objects.get(email="nieuw@jgz.test")
    give_totp(user)
    client = client_for(user)
    assert client.get("/coalities/test/").status_code == 404
    admin = _member_of("beheer@jgz.test", _org("JGZ Test"), Role.ORG_ADMIN)
    from kansrijk.accounts.organisation_services import membership_request_grant

    membership_request_grant(request=MembershipRequest.objects.get(user=user), actor=admin)
    assert client.get("/coalities/test/").status_code == 200


# --- 2. partnerships are proposed and accepted by the organisation ------------------------------------


def test_org_admin_accepts_a_proposal_on_the_partnerships_page(cast: Cast) -> None:
    verloskunde = _org("Verloskundigen Test")
    proposal = partner_add(coalition=cast.coalition, organisation=verloskunde, actor=cast.coordinator)
    admin = _member_of("beheer@vk.test", verloskunde, Role.ORG_ADMIN)
    page = client_for(admin).get(PARTNERSHIPS)
    assert page.status_code == 200 and [p.pk for p in page.context["proposed"]] == [proposal.pk]
    assert "Coalitie Test vraagt Verloskundigen Test als partner" in page.content.decode()
    assert "Bekijk de voorstellen" in client_for(admin).get("/coalities/").content.decode()
    # Nobody else decides: the coordinator, a member, the admin of another organisation.
    other_admin = _member_of("beheer@elders.test", _org("Gemeente Elders"), Role.ORG_ADMIN)
    url = reverse("coalitions:partnership_accept", args=[proposal.public_id])
    for who in (cast.coordinator, cast.professional, other_admin):
        assert client_for(who).post(url).status_code == 404
    assert client_for(cast.coordinator).get(PARTNERSHIPS).status_code == 404
    with pytest.raises(PermissionDenied, match=re.escape(str(NOT_ORGANISATION_ADMIN))):
        partner_accept(partner=proposal, actor=cast.coordinator)
    proposal.refresh_from_db()
    assert proposal.status == PartnerStatus.PROPOSED
    # The platform admin has no say in an organisation that has its own admin.
    platform = make_platform_admin()
    give_totp(platform)
    assert client_for(platform).post(url).status_code == 404

    assert client_for(admin).post(url).status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decided_by) == (PartnerStatus.ACCEPTED, admin)
    assert AuditEvent.objects.filter(action="coalition.partner_accepted", actor=admin).exists()
    # Accepting lets nobody in by itself: the professional of Verloskundigen Test still sees nothing.
    assert client_for(cast.professional).get("/coalities/test/").status_code == 404
    rows = client_for(cast.coordinator).get("/coalities/test/partners/").context["rows"]
    assert "Verloskundigen Test" in [r.partner.organisation.name for r in rows]


def test_org_admin_declines_and_the_coordinator_sees_it(cast: Cast) -> None:
    verloskunde = _org("Verloskundigen Test")
    proposal = partner_add(coalition=cast.coalition, organisation=verloskunde, actor=cast.coordinator)
    admin = _member_of("beheer@vk.test", verloskunde, Role.ORG_ADMIN)
    url = reverse("coalitions:partnership_decline", args=[proposal.public_id])
    assert client_for(admin).post(url, {"reason": "Geen capaciteit"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == PartnerStatus.DECLINED
    event = AuditEvent.objects.get(action="coalition.partner_declined")
    assert event.changes["reason"] == "Geen capaciteit"
    page = client_for(cast.coordinator).get("/coalities/test/partners/")
    assert "afgewezen op" in page.content.decode()
    assert verloskunde.pk not in [
        o.pk for o in page.context["invitation_form"].fields["organisation"].queryset
    ]
    # Decided once: a second decision is refused.
    assert (
        client_for(admin)
        .post(reverse("coalitions:partnership_accept", args=[proposal.public_id]))
        .status_code
        == 404
    )


def test_the_platform_admin_decides_for_an_organisation_without_admin(cast: Cast) -> None:
    proposal = partner_add(
        coalition=cast.coalition, organisation=_org("Verloskundigen Test"), actor=cast.coordinator
    )
    platform = make_platform_admin()
    give_totp(platform)
    assert [p.pk for p in client_for(platform).get(PARTNERSHIPS).context["proposed"]] == [proposal.pk]
    assert (
        client_for(platform)
        .post(reverse("coalitions:partnership_accept", args=[proposal.public_id]))
        .status_code
        == 302
    )
    proposal.refresh_from_db()
    assert proposal.status == PartnerStatus.ACCEPTED


def test_a_proposed_partner_cannot_be_kartrekker_or_be_invited_for(cast: Cast) -> None:
    proposal = partner_add(
        coalition=cast.coalition, organisation=_org("Verloskundigen Test"), actor=cast.coordinator
    )
    client = client_for(cast.coordinator)
    assert (
        client.post(reverse("coalitions:partner_lead", args=["test", proposal.public_id])).status_code == 422
    )
    with pytest.raises(ValidationError):
        invitation_create(
            coalition=cast.coalition,
            email="x@vk.test",
            organisation=proposal.organisation,
            actor=cast.coordinator,
        )
    assert _invite(client, "test", "x@vk.test", proposal.organisation).status_code == 422


# --- 3. removing a partner ends everything via it -------------------------------------------------------


def test_removing_a_partner_ends_its_participations_and_coordinator_rights(cast: Cast) -> None:
    coordinator_add(coalition=cast.coalition, user=cast.partner_member, actor=cast.coordinator)
    assert user_coordinates(cast.partner_member, cast.coalition)
    jgz_partner = jgz(cast)
    response = client_for(cast.coordinator).post(
        reverse("coalitions:partner_remove", args=["test", jgz_partner.public_id])
    )
    assert response.status_code == 302
    participation = Participation.objects.get(user=cast.partner_member)
    assert participation.ended_at is not None and participation.ended_reason == REASON_PARTNER_REMOVED
    assert cast.partner_member not in coordinators_of(cast.coalition)
    client = client_for(cast.partner_member)
    assert client.get("/coalities/test/").status_code == 404
    assert (
        client.post(reverse("coalitions:partner_lead", args=["test", jgz_partner.public_id])).status_code
        == 404
    )
    event = AuditEvent.objects.get(action="coalition.partner_removed")
    assert event.changes["participations_ended"] == [cast.partner_member.email]


def test_removing_a_partner_revokes_its_open_invitations(cast: Cast) -> None:
    client = client_for(cast.coordinator)
    assert _invite(client, "test", "nieuw@jgz.test", _org("JGZ Test")).status_code == 302
    link = _last_link()
    client.post(reverse("coalitions:partner_remove", args=["test", jgz(cast).public_id]))
    assert not Invitation.objects.exists()
    assert Client().get(link).status_code == 404
    event = AuditEvent.objects.get(action="coalition.partner_removed")
    assert event.changes["invitations_revoked"] == ["nieuw@jgz.test"]


def test_an_invitation_is_checked_again_when_accepted(cast: Cast) -> None:
    """An invitation whose organisation is no longer an accepted partner never lets anyone in."""
    invitation, token = invitation_create(
        coalition=cast.coalition, email="pro@test.nl", organisation=_org("JGZ Test"), actor=cast.coordinator
    )
    # The partnership goes away behind the invitation's back (e.g. an invitation from before the fix).
    CoalitionPartner.objects.filter(coalition=cast.coalition, organisation__name="JGZ Test").delete()
    client = client_for(cast.professional)
    link = f"/coalities/uitnodiging/{token}/"
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 410
        assert PARTNER_GONE.format(organisation="JGZ Test") in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert not Participation.objects.filter(user=cast.professional).exists()
    assert not CoalitionPartner.objects.filter(
        coalition=cast.coalition, organisation__name="JGZ Test"
    ).exists()
    assert client.get("/coalities/test/").status_code == 404


def test_a_partner_through_which_all_coordinators_take_part_cannot_be_removed(cast: Cast) -> None:
    coordinator_add(coalition=cast.coalition, user=cast.partner_member, actor=cast.coordinator)
    coordinator_remove(coalition=cast.coalition, user=cast.coordinator, actor=cast.partner_member)
    with pytest.raises(ValidationError, match=str(LAST_COORDINATOR_PARTNER)):
        partner_remove(partner=jgz(cast), actor=cast.partner_member)
    assert Participation.objects.get(user=cast.partner_member).role == ParticipationRole.COORDINATOR
