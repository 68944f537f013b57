"""/beheer/ has no login form of its own: every sign-in goes through allauth (throttle, 2FA, audit)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client

from kansrijk.accounts.models import User
from kansrijk.audit.models import AuditEvent
from tests.accounts.conftest import LOGIN_URL, MFA_URL
from tests.mfa import give_totp, totp_code
from tests.personas import PASSWORD, Cast


@pytest.fixture
def superuser(db: None) -> User:
    user = User.objects.create_superuser(email="root@test.nl", password=PASSWORD)
    give_totp(user)
    return user


def test_admin_login_page_redirects_to_the_one_login(client: Client, db: None) -> None:
    response = client.get("/beheer/login/?next=/beheer/accounts/user/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN_URL}?next={quote('/beheer/accounts/user/', safe='')}"
    assert client.get("/beheer/login/").url == f"{LOGIN_URL}?next=%2Fbeheer%2F"


def test_admin_index_sends_visitors_to_the_one_login(client: Client, db: None) -> None:
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0] == f"{LOGIN_URL}?next=%2Fbeheer%2F"
    assert '<h1 class="utrecht-heading-1">Inloggen</h1>' in response.content.decode()


def test_posting_correct_credentials_to_the_admin_login_does_not_sign_in(
    client: Client, superuser: User
) -> None:
    # Regression: Django's own admin login form signed in with a password only (no 2FA, no throttle).
    response = client.post(
        "/beheer/login/?next=/beheer/", {"username": superuser.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url.startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session
    assert not AuditEvent.objects.filter(action="auth.login").exists()
    assert client.get("/beheer/").status_code == 302


def test_offsite_next_is_replaced_by_the_admin_home(client: Client, db: None) -> None:
    response = client.get("/beheer/login/?next=https://evil.example/")
    assert response.url == f"{LOGIN_URL}?next=%2Fbeheer%2F"


def test_signed_in_non_staff_user_gets_403_not_a_login_loop(client: Client, cast: Cast) -> None:
    client.force_login(cast.coordinator)
    assert client.get("/beheer/login/?next=/beheer/").status_code == 403
    response = client.get("/beheer/", follow=True)
    assert response.status_code == 403


def test_superuser_signs_in_through_allauth_with_a_code_and_lands_in_the_admin(
    client: Client, superuser: User
) -> None:
    response = client.post(
        f"{LOGIN_URL}?next=/beheer/", {"login": superuser.email, "password": PASSWORD, "next": "/beheer/"}
    )
    assert response.status_code == 302 and response.url == MFA_URL
    assert "_auth_user_id" not in client.session  # the password alone is not enough, not even for root
    secret = give_totp(superuser)
    response = client.post(MFA_URL, {"code": totp_code(secret)})
    assert response.status_code == 302 and response.url == "/beheer/"
    assert client.get("/beheer/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.login", actor=superuser).exists()


def test_signed_in_staff_is_sent_on_to_the_admin(client: Client, superuser: User) -> None:
    client.force_login(superuser)
    assert client.get("/beheer/login/?next=/beheer/accounts/").url == "/beheer/accounts/"
