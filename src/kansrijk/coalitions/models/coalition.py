"""The coalition, its partner organisations and invitations to join it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, Role
from kansrijk.areas.models import Area
from kansrijk.core.models import BaseModel


class Coalition(BaseModel):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    municipalities = models.ManyToManyField(
        Area, related_name="coalitions", limit_choices_to={"level": "gemeente"}
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_coalitions", blank=True
    )
    # The kartrekker: RIVM names an active lead as a condition for a working coalition (domain.md §1).
    lead = models.ForeignKey(
        Organisation,
        verbose_name=_("kartrekker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_coalitions",
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerLevel(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    UITVOEREND = "uitvoerend", _("Uitvoerend")


class CoalitionPartner(BaseModel):
    """An organisation taking part in a coalition. Contact details are of professionals, not families."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="coalition_partnerships"
    )
    role = models.CharField(_("rol in de coalitie"), max_length=200, blank=True)
    level = models.CharField(
        _("niveau"), max_length=16, choices=PartnerLevel.choices, default=PartnerLevel.UITVOEREND
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "organisation"], name="coalition_partner_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.coalition}"


class Invitation(BaseModel):
    """An invitation by e-mail. Only a hash of the token is stored: the link in the mail is the secret."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="invitations")
    role = models.CharField(
        _("rol in Kansrijk"), max_length=20, choices=Role.choices, default=Role.PROFESSIONAL
    )
    partner_role = models.CharField(_("rol in de coalitie"), max_length=200, blank=True)
    level = models.CharField(
        _("niveau"), max_length=16, choices=PartnerLevel.choices, default=PartnerLevel.UITVOEREND
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.coalition}"
