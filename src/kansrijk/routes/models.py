"""Klantroutes / zorgpaden per coalition and theme, versioned and published as a sociale kaart.

Shape of the national zorgpadentool: theme → local offer → local agreements → who provides it (partner,
contact) → for which vulnerability levels → expected days to first contact. The care layer will use the
published routes to propose referrals. No personal data of families.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel
from kansrijk.interventions.models import Need


class VulnerabilityLevel(models.TextChoices):
    """The four levels (Rotterdam definition, seed 003), decided by professional and client together."""

    ZELFREDZAAM = "zelfredzaam", _("Zelfredzaam")
    POTENTIEEL_KWETSBAAR = "potentieel_kwetsbaar", _("Potentieel kwetsbaar")
    KWETSBAAR = "kwetsbaar", _("Kwetsbaar")
    ZEER_KWETSBAAR = "zeer_kwetsbaar", _("Zeer kwetsbaar")


class RouteStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    REPLACED = "vervangen", _("Vervangen door een nieuwere versie")


class Klantroute(BaseModel):
    """One version of a coalition's route for one theme. Publishing a new version replaces the old one."""

    coalition = models.ForeignKey(
        "coalitions.Coalition", on_delete=models.CASCADE, related_name="klantroutes"
    )
    need = models.CharField(_("thema"), max_length=32, choices=Need.choices)
    version = models.PositiveSmallIntegerField(_("versie"))
    title = models.CharField(_("titel"), max_length=200)
    introduction = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(max_length=16, choices=RouteStatus.choices, default=RouteStatus.CONCEPT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["need", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "need", "version"], name="klantroute_version_once"),
            models.UniqueConstraint(
                fields=["coalition", "need"],
                condition=Q(status="gepubliceerd"),
                name="klantroute_one_published_per_theme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class RouteStep(BaseModel):
    """A step of a route: who helps with what, for which levels, how fast, under which agreement."""

    route = models.ForeignKey(Klantroute, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("volgorde"))
    title = models.CharField(_("stap"), max_length=200)
    description = models.TextField(_("wat er gebeurt"), blank=True)
    partner = models.ForeignKey(
        "coalitions.CoalitionPartner", on_delete=models.PROTECT, related_name="route_steps"
    )
    offer = models.ForeignKey(
        "interventions.LocalOffer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="route_steps",
    )
    agreement = models.ForeignKey(
        "coalitions.Agreement", null=True, blank=True, on_delete=models.SET_NULL, related_name="route_steps"
    )
    # VulnerabilityLevel values this step is for.
    levels = models.JSONField(_("voor niveaus"), default=list)
    days_to_first_contact = models.PositiveSmallIntegerField(
        _("dagen tot eerste contact"), null=True, blank=True
    )
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        ordering = ["route", "order"]
        constraints = [models.UniqueConstraint(fields=["route", "order"], name="route_step_order_once")]

    def __str__(self) -> str:
        return self.title
