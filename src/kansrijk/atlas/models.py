"""Versioned atlas models (parameters as JSON, never pickled) and their precomputed estimates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModelKind(models.TextChoices):
    DEFAULT = "default", _("Standaardgewichten")
    FITTED = "fitted", _("Geschat op waargenomen aantallen")


class AtlasModel(models.Model):
    """One version of the estimate. The newest row is the active model; older rows stay for provenance."""

    version = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    kind = models.CharField(max_length=16, choices=ModelKind.choices, default=ModelKind.DEFAULT)
    # {"intercept", "scale", "beta": {key: value}, "sd": {key: value}, "cov": [[...]]}
    coefficients = models.JSONField()
    # {"doel", "omschrijving", "bron", "waarde", "bereik_gemeenten": [min, max]}; "doel" = "geen" keeps the fit
    calibration = models.JSONField()
    # [{"key", "label", "level", "year", "source", "sign", "mean", "sd", "reason"}]
    inputs = models.JSONField()
    # Fit and cross-validation figures (empty for default models): deviance, calibration slope, bins.
    validation = models.JSONField(default=dict, blank=True)
    # National figures: births, number, share, interval.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(condition=Q(version__gte=1), name="atlasmodel_version_positive")
        ]

    def __str__(self) -> str:
        return f"Atlasmodel v{self.version} ({self.kind})"

    @property
    def cache_key(self) -> str:
        # Version plus creation instant: a version number can recur after a rolled-back transaction
        # (tests) or a fresh database, the pair cannot.
        return f"v{self.version}-{int(self.created_at.timestamp() * 1_000_000)}"


class AtlasEstimate(models.Model):
    """One area's estimate under one model version: precomputed so pages and the API only read."""

    model = models.ForeignKey(AtlasModel, on_delete=models.CASCADE, related_name="estimates")
    level = models.CharField(max_length=16)  # "land" | "gemeente" | "wijk" (AreaLevel values)
    # CBS codes (2024 boundaries), not foreign keys: an estimate stays readable when areas are reloaded.
    code = models.CharField(max_length=16)
    name = models.CharField(max_length=200)
    parent_code = models.CharField(max_length=16, blank=True, db_index=True)
    births = models.FloatField()
    share = models.FloatField()
    share_lower = models.FloatField()
    share_upper = models.FloatField()
    number = models.FloatField()
    number_lower = models.FloatField()
    number_upper = models.FloatField()
    drivers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["model", "code"], name="atlasestimate_unique"),
            models.CheckConstraint(
                condition=Q(share__gte=0) & Q(share__lte=1), name="atlasestimate_share_01"
            ),
            models.CheckConstraint(
                condition=Q(share_lower__lte=F("share_upper")), name="atlasestimate_interval"
            ),
            models.CheckConstraint(condition=Q(births__gte=0), name="atlasestimate_births_nonneg"),
        ]
        indexes = [models.Index(fields=["model", "level"])]

    def __str__(self) -> str:
        return f"{self.code} v{self.model_id}: {self.share:.3f}"
