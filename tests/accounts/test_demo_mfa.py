"""The demo accounts sign in with two-step verification too: the console shows each account's password
and TOTP secret once, and `kansrijk demo totp E-MAIL` shows the current code of a demo account."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from kansrijk.accounts.models import User
from kansrijk.accounts.selectors import user_totp_secret
from kansrijk.demo.management.commands.demo import DEMO_USERS
from tests.mfa import totp_code

LINE = re.compile(r"^\s+(\S+@demo\.kansrijk\.nl)\s+wachtwoord: (\S+)\s+totp-geheim: ([A-Z2-7]{32})\s", re.M)


def _demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def test_every_demo_account_gets_an_authenticator_shown_once_per_line(db: None) -> None:
    lines = LINE.findall(_demo())
    assert sorted(email for email, _, _ in lines) == sorted(row[0] for row in DEMO_USERS)
    for email, _password, secret in lines:
        user = User.objects.get(email=email)
        assert user_totp_secret(user) == secret
        assert EmailAddress.objects.get(user=user, primary=True).verified  # no confirmation step at login
    assert LINE.findall(_demo()) == []  # a second run shows nothing new
    again = dict((email, secret) for email, _, secret in LINE.findall(_demo("--reset-passwords")))
    assert again == {email: secret for email, _, secret in lines}  # the same app keeps working


def test_fixed_totp_secret_from_the_environment(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    monkeypatch.setenv("KANSRIJK_DEMO_TOTP_SECRET", secret)
    assert {s for _, _, s in LINE.findall(_demo())} == {secret}


def test_totp_prints_the_current_code_of_a_demo_account(db: None) -> None:
    _demo()
    email = "coordinator@demo.kansrijk.nl"
    code = _demo("totp", email).strip()
    secret = user_totp_secret(User.objects.get(email=email))
    assert secret is not None and code in {totp_code(secret), totp_code(secret, step=-1)}


def test_totp_refuses_other_accounts(db: None) -> None:
    User.objects.create_user(email="echt@gemeente.nl", password="x-wachtwoord-123")
    with pytest.raises(CommandError, match="geen demo-account"):
        _demo("totp", "echt@gemeente.nl")
    with pytest.raises(CommandError, match="e-mailadres"):
        _demo("totp")
