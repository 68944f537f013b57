"""Care teams: inside an organisation, access to families is scoped to the team's caseload (a JGZ
organisation has hundreds of nurses; a nurse sees the families of her own team, not all of them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class CareTeam(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="care_teams"
    )
    name = models.CharField(_("naam van het team"), max_length=120)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="care_team_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class CareTeamMember(BaseModel):
    """A professional works in a team. Effective only while the user is active and holds the care role
    in the team's organisation (the organisation's admin grants both)."""

    team = models.ForeignKey(CareTeam, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_teams")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "user"], name="care_team_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team}"
