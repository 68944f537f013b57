"""Permission checks shared by the coalition services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.coalitions.models import Coalition
from kansrijk.coalitions.selectors.access import user_coordinates, user_is_member

NOT_COORDINATOR = _("Alleen een coördinator van deze coalitie mag dit wijzigen.")
NOT_MEMBER = _("Alleen deelnemers van deze coalitie mogen dit doen.")


def ensure_coordinator(actor: User, coalition: Coalition) -> None:
    # Services check too, not only views: the CLI, the admin and the API call them directly.
    if not user_coordinates(actor, coalition):
        raise PermissionDenied(NOT_COORDINATOR)


def ensure_member(actor: User, coalition: Coalition) -> None:
    if not user_is_member(actor, coalition):
        raise PermissionDenied(NOT_MEMBER)
