"""The "Mijn organisatie" pages (/organisaties/): members, requests, leavers and the access review.

Denied: the admin of another organisation (404), a coordinator, a partner member and the national
programme (403 on the list, 404 on an organisation), anonymous (to the login page), and the platform
admin for an organisation that has its own admin (404).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kansrijk.accounts.models import AccessReview, Membership, Role, User
from kansrijk.accounts.organisation_selectors import user_administers
from kansrijk.accounts.organisation_services import membership_request_create
from tests.coalitions.conftest import client_for
from tests.org_admin_support import World, make_world, person


@pytest.fixture
def world(db: None) -> World:
    return make_world()


def _url(name: str, *args: object) -> str:
    return reverse(f"organisaties:{name}", args=args)


def test_list_shows_administered_organisations(world: World) -> None:
    response = client_for(world.jgz_admin).get(_url("list"))
    assert response.status_code == 200
    assert "JGZ Noord" in response.text and "Gemeente Zuid" not in response.text
    assert "Welzijn Oost" not in response.text


def test_platform_admin_sees_organisations_without_admin_only(world: World) -> None:
    response = client_for(world.platform).get(_url("list"))
    assert response.status_code == 200
    assert "Organisaties zonder beheerder" in response.text and "Welzijn Oost" in response.text
    assert "JGZ Noord" not in response.text


def test_list_refused_to_non_admins_and_anonymous(world: World) -> None:
    for user in [world.coordinator, world.anna, world.national]:
        assert client_for(user).get(_url("list")).status_code == 403, user
    response = Client().get(_url("list"))
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")


def test_organisation_page_only_for_its_admin(world: World) -> None:
    url = _url("detail", world.jgz.public_id)
    response = client_for(world.jgz_admin).get(url)
    assert response.status_code == 200
    assert "Anna de Vries" in response.text and "Collega toevoegen" in response.text
    for user in [world.gem_admin, world.coordinator, world.anna, world.national, world.platform]:
        assert client_for(user).get(url).status_code == 404, user
    assert Client().get(url)["Location"].startswith("/account/login/")
    # Every action is behind the same check.
    membership = world.anna.memberships.get()
    for name, args in [
        ("member_add", ()),
        ("membership_revoke", (membership.public_id,)),
        ("member_deactivate", (world.anna.public_id,)),
        ("member_remove", (world.anna.public_id,)),
        ("access_confirm", ()),
        ("participation_revoke", (world.anna_participation.public_id,)),
    ]:
        response = client_for(world.gem_admin).post(
            _url(name, world.jgz.public_id, *args), {"role": "org_admin"}
        )
        assert response.status_code == 404, name
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert User.objects.get(pk=world.anna.pk).is_active


def test_admin_adds_colleague_on_the_page(world: World) -> None:
    response = client_for(world.jgz_admin).post(
        _url("member_add", world.jgz.public_id),
        {"email": "nieuw@jgz.nl", "first_name": "Nina", "last_name": "Nieuw", "role": Role.PARTNER_MEMBER},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nieuw@jgz.nl", organisation=world.jgz).exists()
    assert "http://testserver/account/password/reset/key/" in mail.outbox[0].body


@pytest.mark.parametrize("role", [Role.NATIONAL, Role.PLATFORM_ADMIN])
def test_nobody_grants_national_or_platform_roles_on_the_page(world: World, role: Role) -> None:
    for actor, organisation in [(world.jgz_admin, world.jgz), (world.platform, world.welzijn)]:
        response = client_for(actor).post(
            _url("member_add", organisation.public_id), {"email": "anna@jgz.nl", "role": role}
        )
        assert response.status_code == 422
    assert not world.anna.memberships.filter(role=role).exists()
    page = client_for(world.jgz_admin).get(_url("detail", world.jgz.public_id)).text
    assert 'value="national"' not in page and 'value="platform_admin"' not in page


def test_platform_admin_makes_someone_admin_and_then_has_no_access(world: World) -> None:
    platform = client_for(world.platform)
    assert platform.get(_url("detail", world.welzijn.public_id)).status_code == 200
    response = platform.post(
        _url("member_add", world.welzijn.public_id), {"email": "wim@welzijn.nl", "role": Role.ORG_ADMIN}
    )
    assert response.status_code == 302 and response["Location"] == _url("list")
    assert user_administers(world.wim, world.welzijn)
    assert platform.get(_url("detail", world.welzijn.public_id)).status_code == 404


def test_revoking_a_role_ends_the_coalition_participation(world: World) -> None:
    membership = world.anna.memberships.get()
    response = client_for(world.jgz_admin).post(
        _url("membership_revoke", world.jgz.public_id, membership.public_id)
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    world.anna_participation.refresh_from_db()
    assert world.anna_participation.ended_at is not None


def test_leaver_deactivated_after_a_confirm_step_and_logged_out(world: World) -> None:
    anna = client_for(world.anna)
    assert anna.get("/coalities/").status_code == 200
    admin = client_for(world.jgz_admin)
    url = _url("member_deactivate", world.jgz.public_id, world.anna.public_id)
    confirm = admin.get(url)
    assert confirm.status_code == 200 and "uitschakelen" in confirm.text
    assert User.objects.get(pk=world.anna.pk).is_active  # the GET changed nothing
    response = admin.post(url)
    assert response.status_code == 302
    assert not User.objects.get(pk=world.anna.pk).is_active
    assert anna.get("/coalities/")["Location"].startswith("/account/login/")


def test_leaver_working_elsewhere_gets_roles_removed_instead(world: World) -> None:
    person("anna@jgz.nl", world.gemeente, Role.PARTNER_MEMBER)
    admin = client_for(world.jgz_admin)
    url = _url("member_deactivate", world.jgz.public_id, world.anna.public_id)
    confirm = admin.get(url)
    assert "andere organisatie" in confirm.text and "Gemeente Zuid" not in confirm.text
    assert admin.post(url).status_code == 422
    assert User.objects.get(pk=world.anna.pk).is_active
    response = admin.post(_url("member_remove", world.jgz.public_id, world.anna.public_id))
    assert response.status_code == 302
    assert not world.anna.memberships.filter(organisation=world.jgz).exists()


def test_admin_grants_a_membership_request_on_the_page(world: World) -> None:
    request = membership_request_create(
        user=world.wim, organisation=world.jgz, reason="uitnodiging", actor=world.wim
    )
    assert request is not None
    page = client_for(world.jgz_admin).get(_url("detail", world.jgz.public_id))
    assert "wim@welzijn.nl" in page.text and "uitnodiging" in page.text
    # Another organisation's admin cannot reach it, even with the right request id.
    other = client_for(world.gem_admin).post(
        _url("request_grant", world.gemeente.public_id, request.public_id)
    )
    assert other.status_code == 404
    response = client_for(world.jgz_admin).post(_url("request_grant", world.jgz.public_id, request.public_id))
    assert response.status_code == 302
    assert world.wim.memberships.filter(organisation=world.jgz, role=Role.PARTNER_MEMBER).exists()


def test_access_review_lists_coalitions_and_is_confirmed(world: World) -> None:
    admin = client_for(world.jgz_admin)
    page = admin.get(_url("access", world.jgz.public_id))
    assert page.status_code == 200
    assert "Coalitie Zuid (deelnemer)" in page.text and "Anna de Vries" in page.text
    assert "Nog nooit bevestigd" in page.text
    fingerprint = page.context["form"].initial["fingerprint"]
    response = admin.post(_url("access_confirm", world.jgz.public_id), {"fingerprint": fingerprint})
    assert response.status_code == 302
    review = AccessReview.objects.get(organisation=world.jgz)
    assert review.reviewed_by == world.jgz_admin
    lines = {line["email"]: line for line in review.summary["lines"]}
    assert lines["anna@jgz.nl"]["coalitions"][0] == {
        "coalition": "zuid",
        "name": "Coalitie Zuid",
        "role": "deelnemer",
        "partnership_accepted": True,
    }
    assert "langer dan 90 dagen" not in admin.get(_url("access", world.jgz.public_id)).text


def test_access_review_refuses_a_stale_list_and_flags_an_old_review(world: World) -> None:
    admin = client_for(world.jgz_admin)
    fingerprint = admin.get(_url("access", world.jgz.public_id)).context["form"].initial["fingerprint"]
    person("nieuw@jgz.nl", world.jgz, Role.PARTNER_MEMBER)  # the list changes after the admin opened it
    response = admin.post(_url("access_confirm", world.jgz.public_id), {"fingerprint": fingerprint})
    assert response.status_code == 409 and not AccessReview.objects.exists()
    AccessReview.objects.create(organisation=world.jgz, reviewed_by=world.jgz_admin, summary={})
    AccessReview.objects.update(created_at=timezone.now() - timedelta(days=91))
    assert "langer dan 90 dagen" in admin.get(_url("detail", world.jgz.public_id)).text


def test_participation_revoked_from_the_access_review(world: World) -> None:
    participation = world.anna_participation
    # The coordinator's participation is on behalf of another organisation: not this admin's to end.
    other = world.coordinator_participation
    admin = client_for(world.jgz_admin)
    assert admin.post(_url("participation_revoke", world.jgz.public_id, other.public_id)).status_code == 404
    response = admin.post(_url("participation_revoke", world.jgz.public_id, participation.public_id))
    assert response.status_code == 302
    participation.refresh_from_db()
    other.refresh_from_db()
    assert participation.ended_at is not None and other.ended_at is None
    assert world.anna.memberships.filter(organisation=world.jgz).exists()  # the role stays


def test_my_account_links_to_the_organisation_pages_for_admins_only(world: World) -> None:
    assert _url("list") in client_for(world.jgz_admin).get("/account/mijn/").text
    assert _url("list") in client_for(world.platform).get("/account/mijn/").text
    assert _url("list") not in client_for(world.anna).get("/account/mijn/").text
