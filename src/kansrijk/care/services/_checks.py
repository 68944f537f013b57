"""Checks every care service starts with (private to care.services)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from kansrijk.care.context import AccessContext
from kansrijk.care.selectors.access import EpisodeAccess, episode_access

NOT_PROFESSIONAL = _("Alleen een zorgprofessional die voor een team werkt, kan dit doen.")
CATEGORY_NOT_COVERED = _("Uw toegang tot dit gezin dekt deze gegevens niet.")


def require_professional(ctx: AccessContext) -> None:
    if not ctx.is_professional:
        raise PermissionDenied(NOT_PROFESSIONAL)


def require_category(ctx: AccessContext, public_id: UUID, category: str) -> EpisodeAccess:
    """The family for a write in `category`: 404 when not visible, refused when the basis does not cover it."""
    require_professional(ctx)
    access = episode_access(ctx, public_id)
    if not access.may_see(category):
        raise PermissionDenied(CATEGORY_NOT_COVERED)
    return access
