"""Organisation management services: an organisation's admin manages its members (docs/adr/0007).

Denied cases throughout: the admin of another organisation, a coordinator, a partner member, the national
programme, and the platform admin for an organisation that has its own admin.
"""

from __future__ import annotations

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from kansrijk.accounts import hooks
from kansrijk.accounts.models import AccessReview, Membership, MembershipRequestStatus, Role, User
from kansrijk.accounts.organisation_selectors import (
    membership_requests_for,
    organisations_administered_by,
    user_administers,
)
from kansrijk.accounts.organisation_services import (
    DEACTIVATE_PLATFORM_WIDE,
    DEACTIVATE_SELF,
    NOT_ADMIN,
    access_review_record,
    member_add,
    member_remove,
    membership_request_create,
    membership_request_grant,
    membership_request_refuse,
    membership_revoke,
    user_deactivate,
)
from kansrijk.audit.models import AuditEvent
from kansrijk.coalitions.services.lifecycle import participations_end_for
from tests.org_admin_support import World, make_world, person
from tests.system import TESTS


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def _denied_actors(w: World) -> list[User]:
    # Another organisation's admin, a coordinator, a partner member, national, platform admin (JGZ has an admin).
    return [w.gem_admin, w.coordinator, w.anna, w.national, w.platform]


# --- Who administers what -------------------------------------------------------------------------


def test_org_admin_administers_only_own_organisation(world: World) -> None:
    assert list(organisations_administered_by(world.jgz_admin)) == [world.jgz]
    for user in _denied_actors(world):
        assert not user_administers(user, world.jgz), user


def test_platform_admin_administers_only_organisations_without_admin(world: World) -> None:
    administered = set(organisations_administered_by(world.platform))
    assert world.welzijn in administered
    assert world.jgz not in administered and world.gemeente not in administered


def test_organisation_whose_only_admin_is_deactivated_falls_to_platform_admin(world: World) -> None:
    User.objects.filter(pk=world.jgz_admin.pk).update(is_active=False)
    assert user_administers(world.platform, world.jgz)


def test_coalition_layer_registered_its_hook() -> None:
    assert participations_end_for in hooks._membership_ended


# --- Adding a colleague ---------------------------------------------------------------------------


def test_admin_adds_new_colleague_who_sets_own_password_through_the_mailed_link(world: World) -> None:
    membership = member_add(
        organisation=world.jgz,
        email=" Nieuw@JGZ.nl ",
        first_name="Nina",
        last_name="Nieuw",
        role=Role.PARTNER_MEMBER,
        actor=world.jgz_admin,
        link_base="http://testserver",
    )
    user = membership.user
    assert user.email == "nieuw@jgz.nl" and not user.has_usable_password()
    assert AuditEvent.objects.filter(action="user.created", object_id=str(user.public_id)).exists()
    assert AuditEvent.objects.filter(action="membership.granted", actor=world.jgz_admin).exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nieuw@jgz.nl"]
    body = mail.outbox[0].body
    assert "wachtwoord" in body.lower() and "JGZ Noord" in body
    link = re.search(r"http://testserver(/account/password/reset/key/\S+)", body)
    assert link, body
    client = Client()
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    new_password = "een-nieuw-lang-wachtwoord-42"
    response = client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link.group(1),
        {"password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    user.refresh_from_db()
    assert user.check_password(new_password)
    # The link works once: the token is bound to the (now changed) password.
    assert Client().get(link.group(1), follow=True).context["token_fail"]


def test_admin_adds_existing_account_who_is_told_by_mail(world: World) -> None:
    membership = member_add(
        organisation=world.jgz, email="wim@welzijn.nl", role=Role.COORDINATOR, actor=world.jgz_admin
    )
    assert membership.user == world.wim and membership.role == Role.COORDINATOR
    assert mail.outbox[0].to == ["wim@welzijn.nl"] and "Coördinator" in mail.outbox[0].body
    with pytest.raises(ValidationError) as exc:
        member_add(
            organisation=world.jgz, email="wim@welzijn.nl", role=Role.COORDINATOR, actor=world.jgz_admin
        )
    assert "role" in exc.value.error_dict


@pytest.mark.parametrize("role", [Role.NATIONAL, Role.PLATFORM_ADMIN])
def test_nobody_grants_national_or_platform_roles_here(world: World, role: Role) -> None:
    for actor, organisation in [(world.jgz_admin, world.jgz), (world.platform, world.welzijn)]:
        with pytest.raises(ValidationError):
            member_add(organisation=organisation, email="x@jgz.nl", role=role, actor=actor)
    assert not Membership.objects.filter(role=role, user__email="x@jgz.nl").exists()
    assert not User.objects.filter(email="x@jgz.nl").exists()
    with pytest.raises(ValidationError):
        membership_request_create(
            user=world.anna, organisation=world.gemeente, role=role, reason="", actor=TESTS
        )


def test_only_the_organisations_admin_adds_members(world: World) -> None:
    for actor in _denied_actors(world):
        with pytest.raises(PermissionDenied) as exc:
            member_add(organisation=world.jgz, email="y@jgz.nl", role=Role.PARTNER_MEMBER, actor=actor)
        assert str(exc.value) == str(NOT_ADMIN)
    assert not User.objects.filter(email="y@jgz.nl").exists() and not mail.outbox


def test_platform_admin_onboards_organisation_without_admin_and_then_steps_back(world: World) -> None:
    member_add(organisation=world.welzijn, email="wim@welzijn.nl", role=Role.ORG_ADMIN, actor=world.platform)
    assert user_administers(world.wim, world.welzijn)
    assert not user_administers(world.platform, world.welzijn)
    with pytest.raises(PermissionDenied):
        member_add(organisation=world.welzijn, email="z@w.nl", role=Role.PARTNER_MEMBER, actor=world.platform)


# --- Membership requests --------------------------------------------------------------------------


def test_membership_request_is_idempotent_and_not_made_for_a_member(world: World) -> None:
    first = membership_request_create(
        user=world.anna, organisation=world.gemeente, reason="uitnodiging", actor=world.anna
    )
    again = membership_request_create(
        user=world.anna, organisation=world.gemeente, reason="nog eens", actor=world.anna
    )
    assert first is not None and again == first
    assert membership_request_create(user=world.anna, organisation=world.jgz, reason="", actor=TESTS) is None
    assert list(membership_requests_for(world.gem_admin)) == [first]
    assert list(membership_requests_for(world.jgz_admin)) == []
    assert list(membership_requests_for(world.platform)) == []


def test_admin_grants_a_membership_request(world: World) -> None:
    request = membership_request_create(
        user=world.anna, organisation=world.gemeente, reason="", actor=world.anna
    )
    assert request is not None
    for actor in [world.jgz_admin, world.coordinator, world.anna, world.national, world.platform]:
        with pytest.raises(PermissionDenied):
            membership_request_grant(request=request, actor=actor)
    membership = membership_request_grant(request=request, actor=world.gem_admin)
    assert membership.user == world.anna and membership.role == Role.PARTNER_MEMBER
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.GRANTED and request.decided_by == world.gem_admin
    with pytest.raises(ValidationError):
        membership_request_refuse(request=request, actor=world.gem_admin)


def test_platform_admin_decides_requests_only_for_organisations_without_admin(world: World) -> None:
    request = membership_request_create(user=world.anna, organisation=world.welzijn, reason="", actor=TESTS)
    assert request is not None
    membership_request_refuse(request=request, actor=world.platform)
    request.refresh_from_db()
    assert request.status == MembershipRequestStatus.REFUSED
    assert not Membership.objects.filter(user=world.anna, organisation=world.welzijn).exists()


# --- Revoking, removing, deactivating -------------------------------------------------------------


def test_revoking_the_last_role_ends_participations_via_that_organisation(world: World) -> None:
    membership = world.anna.memberships.get(organisation=world.jgz)
    for actor in _denied_actors(world):
        with pytest.raises(PermissionDenied):
            membership_revoke(membership=membership, actor=actor)
    membership_revoke(membership=membership, actor=world.jgz_admin)
    participation = world.anna_participation
    participation.refresh_from_db()
    assert participation.ended_at is not None and "lidmaatschap" in participation.ended_reason
    assert AuditEvent.objects.filter(action="coalition.participation_ended", actor=world.jgz_admin).exists()
    assert AuditEvent.objects.filter(action="membership.revoked", actor=world.jgz_admin).exists()


def test_revoking_one_of_two_roles_keeps_participations(world: World) -> None:
    extra = person("anna@jgz.nl", world.jgz, Role.COORDINATOR)
    membership_revoke(membership=extra.memberships.get(role=Role.COORDINATOR), actor=world.jgz_admin)
    world.anna_participation.refresh_from_db()
    assert world.anna_participation.ended_at is None


def test_the_last_admin_cannot_be_removed(world: World) -> None:
    own = world.jgz_admin.memberships.get(role=Role.ORG_ADMIN)
    with pytest.raises(ValidationError, match="enige beheerder"):
        membership_revoke(membership=own, actor=world.jgz_admin)
    with pytest.raises(ValidationError, match="enige beheerder"):
        member_remove(user=world.jgz_admin, organisation=world.jgz, actor=world.jgz_admin)


def test_deactivating_a_leaver_ends_account_sessions_memberships_and_participations(world: World) -> None:
    client = Client()
    client.force_login(world.anna)  # a real database session, as after the login form
    bystander = Client()
    bystander.force_login(world.coordinator)
    assert client.get("/coalities/").status_code == 200
    sessions_before = Session.objects.count()

    user_deactivate(user=world.anna, organisation=world.jgz, actor=world.jgz_admin)

    world.anna.refresh_from_db()
    assert not world.anna.is_active and not world.anna.memberships.exists()
    assert Session.objects.count() == sessions_before - 1  # only hers
    response = client.get("/coalities/")
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    assert bystander.get("/coalities/").status_code == 200
    world.anna_participation.refresh_from_db()
    assert world.anna_participation.ended_at is not None
    assert world.anna_participation.ended_reason == "account uitgeschakeld"
    event = AuditEvent.objects.get(action="user.deactivated")
    assert event.actor == world.jgz_admin and event.changes["sessions_ended"] == 1


def test_deactivation_refused_for_someone_who_also_works_elsewhere(world: World) -> None:
    person("anna@jgz.nl", world.gemeente, Role.PARTNER_MEMBER)
    with pytest.raises(PermissionDenied) as exc:
        user_deactivate(user=world.anna, organisation=world.jgz, actor=world.jgz_admin)
    assert "andere organisatie" in str(exc.value) and "Gemeente Zuid" not in str(exc.value)
    world.anna.refresh_from_db()
    assert world.anna.is_active
    # What the admin can do instead: end every role at their own organisation.
    member_remove(user=world.anna, organisation=world.jgz, actor=world.jgz_admin)
    assert list(world.anna.memberships.values_list("organisation__name", flat=True)) == ["Gemeente Zuid"]
    world.anna_participation.refresh_from_db()
    assert world.anna_participation.ended_at is not None


def test_deactivation_refused_for_self_and_platform_wide_accounts(world: World) -> None:
    with pytest.raises(PermissionDenied) as exc:
        user_deactivate(user=world.jgz_admin, organisation=world.jgz, actor=world.jgz_admin)
    assert str(exc.value) == str(DEACTIVATE_SELF)
    national_org = world.national.memberships.get().organisation
    with pytest.raises(PermissionDenied) as exc:
        user_deactivate(user=world.national, organisation=national_org, actor=world.platform)
    assert str(exc.value) == str(DEACTIVATE_PLATFORM_WIDE)
    for actor in _denied_actors(world):
        with pytest.raises(PermissionDenied):
            user_deactivate(user=world.anna, organisation=world.jgz, actor=actor)
    world.anna.refresh_from_db()
    assert world.anna.is_active


# --- Access review --------------------------------------------------------------------------------


def test_admin_records_an_access_review(world: World) -> None:
    review = access_review_record(
        organisation=world.jgz, actor=world.jgz_admin, summary={"lines": [{"x": 1}]}
    )
    assert AccessReview.objects.get() == review and review.reviewed_by == world.jgz_admin
    assert AuditEvent.objects.filter(
        action="organisation.access_reviewed", object_id=str(review.public_id)
    ).exists()
    for actor in _denied_actors(world):
        with pytest.raises(PermissionDenied):
            access_review_record(organisation=world.jgz, actor=actor, summary={})
