"""Start-up checks for account settings: a typo in a role name must not silently switch off 2FA."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks

from kansrijk.accounts.models import Role


def check_mfa_roles(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    unknown = sorted(set(settings.KANSRIJK_MFA_REQUIRED_ROLES) - set(Role.values))
    if not unknown:
        return []
    return [
        checks.Error(
            f"KANSRIJK_MFA_REQUIRED_ROLES bevat onbekende rollen: {', '.join(unknown)}",
            hint=f"Kies uit: {', '.join(Role.values)}",
            id="kansrijk.E001",
        )
    ]


def register() -> None:
    checks.register(check_mfa_roles, checks.Tags.security)
