"""The monitor's tables: indicator definitions (data), tallies (counts from care's outbox) and the
publications per closed period (the only figures pages, exports and the API read).

No personal data anywhere here: a tally is a count per coalition, municipality, wijk, day and metric
(the first-contact histogram in `bucket`); a published figure is a count or a share per area and period
that went through `kansrijk.core.disclosure`. Suppressed figures keep NULL counts: the hidden counts
never leave the tallies.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    BEFORE = "voor_zwangerschap", _("Vóór de zwangerschap")
    PREGNANCY = "zwangerschap", _("Zwangerschap")
    AFTER = "na_geboorte", _("Na de geboorte")
    PROCESS = "proces", _("Ketenproces")


class IndicatorSet(models.TextChoices):
    CHAIN = "kansrijk_keten", _("Ketenproces (Kansrijk)")
    RIVM_NATIONAL = "rivm_landelijk", _("Landelijke monitor (RIVM)")
    RIVM_LOCAL = "rivm_lokaal", _("Lokale monitor, basisset (RIVM)")


class Unit(models.TextChoices):
    PERCENTAGE = "percentage", _("Percentage")
    COUNT = "aantal", _("Aantal")
    DAYS = "dagen", _("Dagen")


class IndicatorDefinition(models.Model):
    """One indicator as data (`monitoring/data/indicators.json`, loaded by `services.sync`). An RIVM
    indicator whose numerator or denominator is not documented has them empty and `defined=False`:
    shown as "definitie nog niet bekend", never computed."""

    key = models.SlugField(max_length=80, unique=True)
    title = models.CharField(_("titel"), max_length=300)
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    indicator_set = models.CharField(_("set"), max_length=20, choices=IndicatorSet.choices)
    numerator = models.TextField(_("teller"), blank=True)
    denominator = models.TextField(_("noemer"), blank=True)
    source = models.TextField(_("bron"))
    source_url = models.URLField(_("bron (adres)"), max_length=500)
    unit = models.CharField(_("eenheid"), max_length=12, choices=Unit.choices)
    suppression = models.TextField(_("onderdrukking"), blank=True)
    defined = models.BooleanField(_("definitie bekend"), default=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.key


class Tally(models.Model):
    """A count of outbox events of one metric, per coalition, municipality, wijk ("" = unknown) and day.
    Incremented with one INSERT … ON CONFLICT … DO UPDATE per consumed batch (services/consume.py)."""

    id = models.BigAutoField(primary_key=True)
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.PROTECT, related_name="+")
    municipality = models.CharField(max_length=16)
    wijk = models.CharField(max_length=16, blank=True)
    day = models.DateField()
    metric = models.CharField(max_length=64)
    # Days from signal to first contact for the histogram metric (capped at MAX_BUCKET); 0 otherwise.
    bucket = models.PositiveSmallIntegerField(default=0)
    is_synthetic = models.BooleanField(default=False)
    value = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "municipality", "wijk", "day", "metric", "bucket", "is_synthetic"],
                name="monitoring_tally_unique",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="monitoring_tally_value_nonnegative"),
        ]
        indexes = [models.Index(fields=["day"], name="monitoring_tally_day")]

    def __str__(self) -> str:
        return f"{self.metric}[{self.bucket}] {self.municipality}/{self.wijk or '-'} {self.day}: {self.value}"


class PeriodKind(models.TextChoices):
    WEEK = "week", _("Week")
    MONTH = "maand", _("Maand")


class Publication(models.Model):
    """The figures of one closed period, published once and never recomputed."""

    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()  # exclusive
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["period_kind", "period_start"], name="monitoring_publication_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.period_start}"


class AreaKind(models.TextChoices):
    COALITION = "coalitie", _("Coalitie")
    MUNICIPALITY = "gemeente", _("Gemeente")
    WIJK = "wijk", _("Wijk")
    GGD = "ggd_regio", _("GGD-regio")
    NATIONAL = "nederland", _("Nederland")


class PublishedFigure(models.Model):
    """One published cell row. `suppressed` rows have NULL teller, noemer and waarde."""

    id = models.BigAutoField(primary_key=True)
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    indicator = models.CharField(max_length=80)
    category = models.CharField(max_length=64, blank=True)
    area_kind = models.CharField(max_length=12, choices=AreaKind.choices)
    # CBS code; GGD-… for a GGD region; the coalition's public_id for a coalition; NL00 for Nederland;
    # "GMxxxx-onbekend" for the events of a municipality whose wijk is not known.
    area_code = models.CharField(max_length=80)
    area_name = models.CharField(max_length=200, blank=True)
    coalition = models.ForeignKey(
        "coalitions.Coalition", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    teller = models.IntegerField(null=True, blank=True)
    noemer = models.IntegerField(null=True, blank=True)
    waarde = models.FloatField(null=True, blank=True)
    suppressed = models.BooleanField(default=False)
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["publication", "indicator", "category", "area_kind", "area_code"]
        indexes = [
            models.Index(fields=["publication", "area_kind", "area_code"], name="monitoring_fig_area"),
            models.Index(fields=["coalition", "publication"], name="monitoring_fig_coalition"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}/{self.category} {self.area_kind}:{self.area_code}"
