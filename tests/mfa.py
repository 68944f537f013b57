"""Two-step verification for test users: every signed-in user must have an authenticator app (TOTP).

`give_totp` stores the secret exactly as allauth's own activation does (`TOTP.activate` encrypts it
through the MFA adapter), so `force_login` users pass the RequireMFA middleware and a form login asks for
the code as in production. No audit event: tests that count events should only see their own.
"""

from __future__ import annotations

import time

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


# A code read this close to the end of its 30-second window may be stale by the time the test posts it
# (a busy CI machine), and allauth accepts the current window only: wait for the next one instead.
_MARGIN_S = 3.0


def totp_code(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (or `step` periods later) for `secret`; at the end of a
    window, the next window's code once it has begun."""
    left = 30 - timezone.now().timestamp() % 30
    if step == 0 and left < _MARGIN_S:
        time.sleep(left + 0.05)
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30 + step))
