"""Ketenafspraken between partners, and good practices a coalition shares with the others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Phase
from kansrijk.core.models import BaseModel


class AgreementLevel(models.TextChoices):
    # The three levels of the Handreiking ketenaanpak Kansrijke Start (VWS/Pharos, Dec 2023).
    UITVOERING = "uitvoering", _("Uitvoering")
    ORGANISATIE = "organisatie", _("Organisatie")
    BESTUUR = "bestuur", _("Bestuur")


class Agreement(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="agreements")
    level = models.CharField(_("niveau"), max_length=16, choices=AgreementLevel.choices)
    topic = models.CharField(_("onderwerp"), max_length=200)
    text = models.TextField(_("afspraak"))
    start_date = models.DateField(_("ingangsdatum"))
    review_date = models.DateField(_("evaluatiedatum"))
    partners = models.ManyToManyField("coalitions.CoalitionPartner", related_name="agreements")

    class Meta:
        ordering = ["review_date", "topic"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_date__gte=F("start_date")), name="agreement_review_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class PracticeTheme(models.TextChoices):
    SAMENWERKING = "samenwerking", _("Samenwerking en ketenaanpak")
    VROEGSIGNALERING = "vroegsignalering", _("Vroegsignalering")
    ARMOEDE = "armoede_schulden", _("Armoede en schulden")
    MENTAAL = "mentale_gezondheid", _("Mentale gezondheid")
    LEEFSTIJL = "leefstijl", _("Leefstijl (roken, alcohol, voeding)")
    OUDERSCHAP = "ouderschap", _("Sterk ouderschap")
    TAAL = "taal", _("Taal en laaggeletterdheid")
    KINDWENS = "kindwens", _("Kinderwens en gezond zwanger worden")
    ERVARING = "ervaringsdeskundigheid", _("Ervaringsdeskundigheid")
    OVERIG = "overig", _("Overig")


class GoodPractice(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="practices")
    title = models.CharField(_("wat"), max_length=200)
    description = models.TextField(_("beschrijving"))
    target_group = models.CharField(_("voor wie"), max_length=300)
    results = models.TextField(_("resultaten"), blank=True)
    contact = models.CharField(_("contact"), max_length=300)
    theme = models.CharField(_("thema"), max_length=32, choices=PracticeTheme.choices)
    phase = models.CharField(_("fase"), max_length=16, choices=Phase.choices)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
