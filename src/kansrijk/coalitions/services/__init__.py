"""Writes of the coalition layer. Other apps import from here: the permission checks are public under
these names (their home, `_common`, is private to this package)."""

from kansrijk.coalitions.services._common import (  # noqa: F401
    NOT_COORDINATOR,
    NOT_MEMBER,
    ensure_coordinator,
    ensure_member,
)
from kansrijk.coalitions.services.coalition import coalition_create  # noqa: F401
