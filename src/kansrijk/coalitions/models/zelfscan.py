"""The zelfscan: a versioned questionnaire (data, not code), rounds, and one response per user per round."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation
from kansrijk.core.models import BaseModel

SCALE_MIN = 1
SCALE_MAX = 5


class Questionnaire(BaseModel):
    """One version of the zelfscan. Answers stay with the version they were given on."""

    version = models.PositiveSmallIntegerField(_("versie"), unique=True)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    is_active = models.BooleanField(_("actief"), default=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("zelfscan-vragenlijst")
        verbose_name_plural = _("zelfscan-vragenlijsten")
        constraints = [
            # New rounds use the one active version; replacing it is activating another.
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_zelfscan"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"


class ZelfscanTheme(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=64)
    title = models.CharField(_("thema"), max_length=200)
    source = models.CharField(_("bron"), max_length=400, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "key"], name="zelfscan_theme_unique")]

    def __str__(self) -> str:
        return self.title


class Statement(models.Model):
    theme = models.ForeignKey(ZelfscanTheme, on_delete=models.CASCADE, related_name="statements")
    key = models.SlugField(max_length=64)
    text = models.CharField(_("stelling"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]
        constraints = [models.UniqueConstraint(fields=["theme", "key"], name="zelfscan_statement_unique")]

    def __str__(self) -> str:
        return self.text


class ZelfscanRound(BaseModel):
    coalition = models.ForeignKey(
        "coalitions.Coalition", on_delete=models.CASCADE, related_name="zelfscan_rounds"
    )
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField(_("naam van de ronde"), max_length=100)
    opened_on = models.DateField(_("gestart op"))
    closed = models.BooleanField(_("gesloten"), default=False)

    class Meta:
        ordering = ["opened_on", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "name"], name="zelfscan_round_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class ZelfscanResponse(BaseModel):
    round = models.ForeignKey(ZelfscanRound, on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # On whose behalf the user answered; kept when the user leaves.
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="zelfscan_one_response_per_user")
        ]


class ZelfscanAnswer(models.Model):
    response = models.ForeignKey(ZelfscanResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "statement"], name="zelfscan_answer_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=SCALE_MIN) & Q(value__lte=SCALE_MAX), name="zelfscan_answer_in_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}: {self.value}"


class ZelfscanComparisonSnapshot(BaseModel):
    """A periodic, frozen comparison of confirmed, non-demo coalitions for one questionnaire.

    Comparisons are shown only from snapshots and only as bands (never exact means), so neither fake
    coalitions nor comparing "before and after one coalition submits" can recover another coalition's
    scores (issue "Ready for personal data", item 10). `bands` holds per theme key the band edges."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="snapshots")
    taken_on = models.DateField(_("peildatum"))
    coalition_count = models.PositiveIntegerField()
    bands = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_on"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "taken_on"], name="zelfscan_snapshot_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} {self.taken_on}"
