"""The coalition, its partner organisations and invitations to join it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation
from kansrijk.areas.models import Area
from kansrijk.core.models import BaseModel


class CoalitionStatus(models.TextChoices):
    # A new coalition is "aangevraagd" until the national programme or the platform admin confirms it:
    # only confirmed coalitions publish duidingen, appear on public pages or count in comparisons.
    REQUESTED = "aangevraagd", _("Aangevraagd")
    CONFIRMED = "bevestigd", _("Bevestigd")
    REFUSED = "afgewezen", _("Afgewezen")


class Coalition(BaseModel):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    municipalities = models.ManyToManyField(
        Area, related_name="coalitions", limit_choices_to={"level": "gemeente"}
    )
    # Who coordinates is a Participation with role coordinator (docs/adr/0007), not a field here.
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
    status = models.CharField(
        _("status"), max_length=12, choices=CoalitionStatus.choices, default=CoalitionStatus.REQUESTED
    )
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status_note = models.CharField(_("toelichting bij de status"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PartnerLevel(models.TextChoices):
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    UITVOEREND = "uitvoerend", _("Uitvoerend")


class PartnerStatus(models.TextChoices):
    # A coordinator proposes; the organisation's admin (or the platform admin for an organisation
    # without one) accepts. Until then the organisation is not pulled in and nobody of it participates.
    PROPOSED = "voorgesteld", _("Voorgesteld")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    DECLINED = "afgewezen", _("Afgewezen")


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
    status = models.CharField(
        _("status"), max_length=12, choices=PartnerStatus.choices, default=PartnerStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

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
    # The role in this coalition, never a role in an organisation: only an organisation's own admin
    # manages who belongs to it (docs/adr/0007).
    role = models.CharField(
        _("rol in de coalitie"),
        max_length=20,
        choices=[("deelnemer", _("Deelnemer")), ("coordinator", _("Coördinator"))],
        default="deelnemer",
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


class ParticipationRole(models.TextChoices):
    MEMBER = "deelnemer", _("Deelnemer")
    COORDINATOR = "coordinator", _("Coördinator")


class Participation(BaseModel):
    """One person takes part in one coalition on behalf of one accepted partner organisation.

    The only source of visibility of a coalition's workspace (besides the national programme's read
    access): belonging to an organisation that happens to be a partner gives nothing by itself. It has
    effect only while the person is an active member of that organisation and the partnership is accepted.
    Ending keeps the row (who had access when) and sets `ended_at`."""

    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coalition_participations"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(
        _("rol in de coalitie"),
        max_length=20,
        choices=ParticipationRole.choices,
        default=ParticipationRole.MEMBER,
    )
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_reason = models.CharField(_("reden einde"), max_length=200, blank=True)

    class Meta:
        ordering = ["coalition__name", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="participation_one_active_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.coalition} ({self.get_role_display()})"
