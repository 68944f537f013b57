"""Areas (Nederland → provincie / GGD-regio → gemeente → wijk), the indicator catalogue and observations.

Observations keep numerator and denominator wherever they can be derived, so that every region value
is sum(numerator) / sum(denominator) and never a mean of percentages (design.md §3).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    NL = "land", _("Nederland")
    PROVINCE = "provincie", _("Provincie")
    GGD = "ggd_regio", _("GGD-regio")
    PEERS = "vergelijkbaar", _("Vergelijkbare gemeenten")
    MUNICIPALITY = "gemeente", _("Gemeente")
    WIJK = "wijk", _("Wijk")


class Area(models.Model):
    """One area. Codes are CBS codes (NL00, PVxx, GMxxxx, WKxxxxxx); GGD regions and peer groups,
    which have no CBS code in the open data, get a stable code of our own (GGD-…, VG-…)."""

    # GGD region codes are derived from their names (GGD-veiligheids-en-…): up to ~60 characters.
    code = models.CharField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    name_short = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=16, choices=AreaLevel.choices, db_index=True)
    # wijk → gemeente; gemeente → provincie; provincie/GGD → Nederland.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    province = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="province_members"
    )
    ggd_region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="ggd_members"
    )
    peer_group = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="peer_members"
    )
    # False for municipalities that only exist in earlier years (dissolved by a merger).
    current = models.BooleanField(default=True)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    # Lower-cased, accent- and suffix-free name for tolerant search.
    search_name = models.CharField(max_length=200, blank=True, db_index=True)
    # Simplified, repaired GeoJSON geometry (a JSON string), empty when there is none.
    geometry = models.TextField(blank=True)

    class Meta:
        ordering = ["level", "name"]
        indexes = [models.Index(fields=["level", "current"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Phase(models.TextChoices):
    CONTEXT = "context", _("Context")
    PRECONCEPTIE = "preconceptie", _("Vóór de zwangerschap")
    ZWANGERSCHAP = "zwangerschap", _("Zwangerschap")
    GEBOORTE = "geboorte", _("Geboorte en kraamperiode")
    NA_GEBOORTE = "na_geboorte", _("Na de geboorte (0–2 jaar)")


class Direction(models.TextChoices):
    HIGHER_BETTER = "hoger_beter", _("Hoger is gunstiger")
    HIGHER_WORSE = "hoger_ongunstiger", _("Hoger is ongunstiger")
    NEUTRAL = "neutraal", _("Neutraal")


class IndicatorSource(models.TextChoices):
    CBS = "cbs", _("CBS open data")
    PERINATAL = "perinataal", _("Perined / RIVM-import")


class Indicator(models.Model):
    key = models.SlugField(max_length=64, unique=True)
    title = models.CharField(max_length=200)
    definition = models.TextField()
    unit = models.CharField(max_length=32)
    # value = numerator / denominator × scale (100 for %, 1000 for per 1,000, 1 for averages and counts).
    scale = models.FloatField(default=100)
    numerator_label = models.CharField(max_length=200, blank=True)
    denominator_label = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=300)
    source_kind = models.CharField(
        max_length=16, choices=IndicatorSource.choices, default=IndicatorSource.CBS
    )
    phase = models.CharField(max_length=16, choices=Phase.choices, default=Phase.CONTEXT)
    direction = models.CharField(max_length=20, choices=Direction.choices, default=Direction.NEUTRAL)
    theme = models.CharField(max_length=64, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    # Published national reference (e.g. Perined 2021) shown when no local figures are imported.
    reference_value = models.FloatField(null=True, blank=True)
    reference_year = models.PositiveSmallIntegerField(null=True, blank=True)
    reference_source = models.CharField(max_length=300, blank=True)
    available_for_wijk = models.BooleanField(default=False)
    # Computed by us from other published figures (e.g. births = rate × inhabitants): labelled as such.
    derived = models.BooleanField(default=False)

    class Meta:
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.title


class Observation(models.Model):
    area = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="observations")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    year = models.PositiveSmallIntegerField()
    # None = suppressed by the source or not published; never filled in by us.
    value = models.FloatField(null=True, blank=True)
    numerator = models.FloatField(null=True, blank=True)
    denominator = models.FloatField(null=True, blank=True)
    # True when the value is derived with a proxy denominator or rounded inputs (labelled in the UI).
    approximate = models.BooleanField(default=False)
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["area", "indicator", "year"], name="observation_unique"),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gte=0),
                name="observation_denominator_nonnegative",
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.key} {self.area.code} {self.year}: {self.value}"


class ImportRun(models.Model):
    """What an import read: shown to the user and kept for provenance."""

    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32)
    source = models.CharField(max_length=500)
    rows = models.PositiveIntegerField(default=0)
    observations = models.PositiveIntegerField(default=0)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.source} ({self.rows} regels)"

    @property
    def public_source(self) -> str:
        """The source as users may read it: `source` keeps the server's data directory for provenance
        ("CBS / PDOK open data (CC BY 4.0): /srv/…"), which is no text for a public page (issue 10)."""
        label, sep, rest = self.source.partition(": ")
        return label if sep and rest.startswith(("/", ".")) else self.source


class PostcodeArea(models.Model):
    """A four-digit postcode (PC4) and the current municipality it lies in, for search by postcode.

    From the 2021 postcode table (one main municipality per PC4), mapped through the mergers since then
    to today's municipality (`kansrijk.areas.mergers`). Replaced as a whole on every open-data load."""

    postcode = models.CharField(max_length=4, unique=True)
    municipality = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="postcodes")
    # Place and municipality as the source names them (the municipality may since have merged).
    place = models.CharField(max_length=200, blank=True)
    source_municipality = models.CharField(max_length=200)

    class Meta:
        ordering = ["postcode"]
        constraints = [
            # Dutch postcodes run from 1000 to 9999 (text comparison: the importer checks the digits).
            models.CheckConstraint(
                condition=Q(postcode__gte="1000", postcode__lte="9999"), name="postcode_area_pc4"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.postcode} → {self.municipality_id}"
