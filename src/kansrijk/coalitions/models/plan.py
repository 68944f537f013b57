"""The coalition's plan: ambitions → goals → actions, with owners, due dates and a status workflow."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Indicator
from kansrijk.core.models import BaseModel


class ActionStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    IN_PROGRESS = "lopend", _("Loopt")
    ON_HOLD = "gepauzeerd", _("Gepauzeerd")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "gestopt", _("Gestopt")


# Statuses after which an action needs no more work (never overdue). The transitions: workflow.py.
FINAL_STATUSES = frozenset({ActionStatus.DONE, ActionStatus.CANCELLED})


class Ambition(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="ambitions")
    title = models.CharField(_("ambitie"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Goal(BaseModel):
    ambition = models.ForeignKey(Ambition, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("doel"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)
    # Goals are followed with indicators of the areas catalogue (the startfoto's figures).
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="coalition_goals")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class Action(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="actions")
    # An adopted national action may not be tied to a goal yet.
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    title = models.CharField(_("actie"), max_length=300)
    description = models.TextField(_("toelichting"), blank=True)
    owner = models.ForeignKey(
        "coalitions.CoalitionPartner",
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    due_date = models.DateField(_("klaar op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    # Number (1–14) of the national action of the vervolgaanpak 2022–2025 this was adopted from.
    national_action = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due_date", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "national_action"],
                condition=Q(national_action__isnull=False),
                name="action_national_once_per_coalition",
            ),
            models.CheckConstraint(
                condition=Q(national_action__isnull=True)
                | Q(national_action__gte=1, national_action__lte=14),
                name="action_national_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Past its due date and not finished or stopped (uses this row only)."""
        today = today or timezone.localdate()
        return self.due_date is not None and self.due_date < today and self.status not in FINAL_STATUSES
