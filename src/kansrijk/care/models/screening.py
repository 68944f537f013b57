"""Screening instruments as versioned data, screenings (answers per instrument version), and the
vulnerability level decided with the client (design.md §3)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class Instrument(BaseModel):
    """One version of a questionnaire. `definition` holds the items (validated by
    kansrijk.care.instruments on upload): id, text, domain, category, risk or protective, urgent,
    answer options, the answers that count as "present", and the menukaart theme (Need) it points to."""

    key = models.SlugField(max_length=60)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    definition = models.JSONField()
    # Not validated by a professional body yet: shown as "niet gevalideerd — inhoud ter toetsing".
    validated = models.BooleanField(default=False)
    content_owner = models.CharField(_("inhoudelijk eigenaar"), max_length=200)
    is_active = models.BooleanField(default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"


class ScreeningStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    DONE = "afgerond", _("Afgerond")


class Screening(BaseModel):
    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="screenings")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="screenings")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("care.CareTeam", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=ScreeningStatus.choices, default=ScreeningStatus.CONCEPT)
    answers = models.JSONField(default=dict)
    completed_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # The rule's proposal when finished: level, rule version and the trace in plain Dutch.
    proposed_level = models.CharField(max_length=24, blank=True)
    rule_version = models.CharField(max_length=40, blank=True)
    trace = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="concept", completed_at__isnull=True)
                | Q(status="afgerond", completed_at__isnull=False),
                name="screening_done_has_date",
            ),
        ]


class LevelDecision(BaseModel):
    """The level the professional and the client decided together; the proposal is stored beside it,
    with a reason where they differ (a database constraint)."""

    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="level_decisions")
    screening = models.ForeignKey(Screening, null=True, on_delete=models.PROTECT, related_name="decisions")
    proposed_level = models.CharField(max_length=24)
    level = models.CharField(max_length=24)
    reason = models.TextField(blank=True)
    decided_with_client = models.BooleanField()
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reassess_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level=models.F("proposed_level")) | ~Q(reason=""),
                name="level_decision_reason_when_different",
            ),
            models.CheckConstraint(condition=Q(decided_with_client=True), name="level_decision_with_client"),
        ]
