"""The prenatal home visit by JGZ (voluntary): offered, accepted or declined, held, outcome, next steps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class VisitStatus(models.TextChoices):
    OFFERED = "aangeboden", _("Aangeboden")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Niet gewenst")
    HELD = "gehouden", _("Gehouden")
    NOT_HELD = "niet_gehouden", _("Niet doorgegaan")


class HomeVisit(BaseModel):
    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="visits")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("care.CareTeam", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=VisitStatus.choices, default=VisitStatus.OFFERED)
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    outcome = models.TextField(_("uitkomst"), blank=True)
    next_steps = models.TextField(_("vervolgafspraken"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="gehouden") | models.Q(held_on__isnull=False),
                name="home_visit_held_has_date",
            ),
        ]
