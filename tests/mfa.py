"""Two-step verification for test users: every signed-in user must have an authenticator app (TOTP).

`give_totp` stores the secret exactly as allauth's own activation does (`TOTP.activate` encrypts it
through the MFA adapter), so `force_login` users pass the RequireMFA middleware and a form login asks for
the code as in production. No audit event: tests that count events should only see their own.
"""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import timezone

from kansrijk.accounts.models import User
from kansrijk.accounts.selectors import user_totp_secret


def give_totp(user: User, secret: str | None = None) -> str:
    """Give `user` an authenticator app (idempotent) and return its base32 secret."""
    existing = user_totp_secret(user)
    if existing is not None:
        return existing
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later) for `secret`."""
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30 + step))
