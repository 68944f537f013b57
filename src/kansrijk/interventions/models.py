"""The menukaart (national catalogue of interventions), the local offer per coalition, and the balans notes.

The catalogue is national content, maintained by the platform admin and readable by everyone. The local
offer says which partner of a coalition provides which intervention where, with capacity and waiting time.
No personal data of families.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Area, Phase
from kansrijk.coalitions.domains import Domain
from kansrijk.core.models import BaseModel


class Need(models.TextChoices):
    """The themes of the balans: needs of (future) parents an intervention can address (seeds 000/001)."""

    FINANCIEN = "financien", _("Financiële problemen en schulden")
    HUISVESTING = "huisvesting", _("Huisvesting")
    PSYCHISCH = "psychisch", _("Psychische problemen")
    VERSLAVING = "verslaving", _("Verslaving (alcohol, drugs)")
    ROKEN = "roken", _("Roken")
    HUISELIJK_GEWELD = "huiselijk_geweld", _("Huiselijk geweld")
    LAAGGELETTERDHEID = "laaggeletterdheid", _("Laaggeletterdheid en taal")
    SOCIAAL_NETWERK = "sociaal_netwerk", _("Sociaal netwerk en steun")
    ONBEDOELDE_ZWANGERSCHAP = "onbedoelde_zwangerschap", _("Onbedoelde zwangerschap en kinderwens")
    OUDERSCHAP = "ouderschap", _("Ouderschap en hechting")
    LVB = "lvb", _("Licht verstandelijke beperking (LVB)")
    GEZONDHEID = "gezondheid", _("Gezondheid van moeder en kind")


class Databank(models.TextChoices):
    RIVM = "rivm_lgl", _("RIVM Loket Gezond Leven")
    NJI = "nji", _("NJi Databank Effectieve Jeugdinterventies")
    NCJ = "ncj", _("NCJ JGZ-interventiebibliotheek")


class Intervention(BaseModel):
    """An intervention or provision on the national menukaart. Unknown facts stay empty, never guessed."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=200, unique=True)
    summary = models.TextField(_("wat het is"))
    target_group = models.TextField(_("doelgroep"))
    eligibility = models.TextField(_("voorwaarden / wie komt in aanmerking"), blank=True)
    # Who carries it out: organisation kinds (accounts.OrganisationKind values) and the domain.
    executor_kinds = models.JSONField(_("uitvoerders (soorten organisaties)"), default=list, blank=True)
    executor_text = models.CharField(_("uitvoering"), max_length=300, blank=True)
    domain = models.CharField(_("domein"), max_length=16, choices=Domain.choices)
    recognition_databank = models.CharField(
        _("databank"), max_length=16, choices=Databank.choices, blank=True
    )
    recognition_rating = models.CharField(_("oordeel"), max_length=100, blank=True)
    recognition_date = models.DateField(_("datum oordeel"), null=True, blank=True)
    recognition_note = models.CharField(_("toelichting erkenning"), max_length=300, blank=True)
    licence_holder = models.CharField(_("licentiehouder"), max_length=200, blank=True)
    source_url = models.URLField(_("bron"), max_length=500, blank=True)
    # Further public sources (URLs) for the facts above, in the order of the research brief.
    more_sources = models.JSONField(_("meer bronnen"), default=list, blank=True)
    is_active = models.BooleanField(_("op de menukaart"), default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class InterventionPhase(models.Model):
    """A phase of the first 1000 days the intervention serves (rows, so both databases can filter)."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="phase_rows")
    phase = models.CharField(max_length=16, choices=Phase.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intervention", "phase"], name="intervention_phase_once")
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id}:{self.phase}"


class InterventionNeed(models.Model):
    """A theme (need) the intervention addresses."""

    intervention = models.ForeignKey(Intervention, on_delete=models.CASCADE, related_name="need_rows")
    need = models.CharField(max_length=32, choices=Need.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["intervention", "need"], name="intervention_need_once")
        ]

    def __str__(self) -> str:
        return f"{self.intervention_id}:{self.need}"


class OfferCost(models.TextChoices):
    """What the local offer costs a parent (shown on the public Wegwijzer)."""

    GRATIS = "gratis", _("Gratis")
    EIGEN_BIJDRAGE = "eigen_bijdrage", _("Eigen bijdrage")
    ZORGVERZEKERING = "zorgverzekering", _("Vergoed door de zorgverzekering")
    ONBEKEND = "onbekend", _("Onbekend")


class ReferralNeeded(models.TextChoices):
    JA = "ja", _("Ja")
    NEE = "nee", _("Nee")
    ONBEKEND = "onbekend", _("Onbekend")


class LocalOffer(BaseModel):
    """A partner of a coalition provides an intervention in (some of) its municipalities or wijken.

    The `public_*` fields, cost and referral are what the public Wegwijzer may show: chosen, not leaked.
    The offer appears there only when `show_on_wegwijzer` is on (a coordinator may propose it) and the
    partner organisation itself confirmed it (`public_confirmed_at`); a change of the public content
    clears that confirmation (services/offer.py)."""

    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="offers")
    partner = models.ForeignKey(
        "coalitions.CoalitionPartner", on_delete=models.CASCADE, related_name="offers"
    )
    intervention = models.ForeignKey(Intervention, on_delete=models.PROTECT, related_name="offers")
    # The phases this offer is used in locally: a subset of the intervention's phases (checked in the service).
    phases = models.JSONField(_("fases"), default=list)
    municipalities = models.ManyToManyField(Area, related_name="offers", blank=True)
    # Empty: the whole of the chosen municipalities.
    wijken = models.ManyToManyField(Area, related_name="wijk_offers", blank=True)
    capacity_per_year = models.PositiveIntegerField(_("capaciteit per jaar"), null=True, blank=True)
    waiting_days = models.PositiveSmallIntegerField(_("wachttijd in dagen"), null=True, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    since = models.DateField(_("sinds"), null=True, blank=True)
    # --- public: the Wegwijzer for parents (never a professional's back line) ---
    public_description = models.CharField(_("wat het is, voor ouders"), max_length=400, blank=True)
    public_phone = models.CharField(_("openbaar telefoonnummer"), max_length=40, blank=True)
    public_address = models.CharField(_("openbaar adres"), max_length=200, blank=True)
    public_website = models.URLField(_("openbare website"), max_length=300, blank=True)
    cost = models.CharField(_("kosten"), max_length=16, choices=OfferCost.choices, default=OfferCost.ONBEKEND)
    referral_needed = models.CharField(
        _("verwijzing nodig"), max_length=8, choices=ReferralNeeded.choices, default=ReferralNeeded.ONBEKEND
    )
    # {"ar": {"description": "…"}, "en": {…}}: any language Django knows (its `bidi` gives the direction).
    public_translations = models.JSONField(_("vertalingen"), default=dict, blank=True)
    show_on_wegwijzer = models.BooleanField(_("toon op de Wegwijzer"), default=False)
    public_confirmed_at = models.DateTimeField(null=True, blank=True)
    public_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["intervention__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "partner", "intervention"], name="local_offer_once_per_partner"
            ),
            models.CheckConstraint(
                condition=Q(capacity_per_year__isnull=True) | Q(capacity_per_year__gte=0),
                name="local_offer_capacity_not_negative",
            ),
            # A confirmation is of an offer that is switched on for the Wegwijzer, never of a hidden one.
            models.CheckConstraint(
                condition=Q(public_confirmed_at__isnull=True) | Q(show_on_wegwijzer=True),
                name="local_offer_confirmed_only_when_shown",
            ),
            models.CheckConstraint(
                condition=Q(cost__in=OfferCost.values), name="local_offer_cost_known_value"
            ),
            models.CheckConstraint(
                condition=Q(referral_needed__in=ReferralNeeded.values),
                name="local_offer_referral_known_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} ({self.partner})"

    @property
    def phase_labels(self) -> list[str]:
        return [str(Phase(p).label) for p in self.phases if p in Phase.values]


class BalansNote(BaseModel):
    """What goes well and where the gaps are, per cell (phase × need) of a coalition's balans."""

    coalition = models.ForeignKey(
        "coalitions.Coalition", on_delete=models.CASCADE, related_name="balans_notes"
    )
    phase = models.CharField(max_length=16, choices=Phase.choices)
    need = models.CharField(max_length=32, choices=Need.choices)
    goes_well = models.TextField(_("wat gaat goed"), blank=True)
    gaps = models.TextField(_("waar liggen hiaten"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coalition", "phase", "need"], name="balans_note_once_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.coalition_id}:{self.phase}:{self.need}"
