"""Consent and other legal bases for sharing a family's data with another organisation, and the family's
requests for correction (issue 11: "Legal basis and consent").

Consent is explicit and specific: per receiving organisation, data categories and purpose, with the date,
how it was given and the versioned information text shown. Withdrawal takes effect at once: every access
check reads `withdrawn_at`, nothing caches a grant.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class ConsentText(BaseModel):
    """The information text shown to the client when asking consent, versioned: a consent names the
    version it was given on."""

    version = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"{self.title} (versie {self.version})"


class ConsentMethod(models.TextChoices):
    SPOKEN = "mondeling", _("Mondeling, in het gesprek")
    WRITTEN = "schriftelijk", _("Schriftelijk (formulier getekend)")
    DIGITAL = "digitaal", _("Digitaal, door de ouder zelf")


class Consent(BaseModel):
    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="consents")
    # The person the data are about, and who gave the consent (for the child: a parent).
    subject = models.ForeignKey("care.Person", on_delete=models.CASCADE, related_name="consents_about")
    given_by = models.ForeignKey("care.Person", on_delete=models.CASCADE, related_name="consents_given")
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("gegevens"), default=list)
    purpose = models.CharField(_("doel"), max_length=20)
    given_on = models.DateField(_("gegeven op"))
    method = models.CharField(_("hoe gegeven"), max_length=12, choices=ConsentMethod.choices)
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="consents")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_for = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(categories=[]), name="consent_has_categories"),
        ]

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class LegalBasisKind(models.TextChoices):
    MELDCODE = "meldcode", _("Meldcode huiselijk geweld en kindermishandeling")
    VITAL_INTEREST = "vitaal_belang", _("Vitaal belang (acuut gevaar)")
    STATUTORY_TASK = "wettelijke_taak", _("Wettelijke taak")


# Which kinds keep their entries out of the family's own view while the basis applies: a meldcode
# report is not shown to the family while the meldcode procedure runs (the family is informed when it
# is safe; the professional ends the basis then). Explicit here and tested (tests/care/test_family_view.py).
HIDDEN_FROM_FAMILY_WHILE_ACTIVE: frozenset[str] = frozenset({LegalBasisKind.MELDCODE})


class LegalBasis(BaseModel):
    """Another recorded legal basis for sharing, with who invoked it and why."""

    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="legal_bases")
    kind = models.CharField(_("grondslag"), max_length=20, choices=LegalBasisKind.choices)
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    categories = models.JSONField(_("gegevens"), default=list)
    reason = models.TextField(_("waarom"))
    invoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invoked_for = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(categories=[]), name="legal_basis_has_categories"),
            models.CheckConstraint(condition=~Q(reason=""), name="legal_basis_has_reason"),
        ]

    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def hides_from_family(self) -> bool:
        return self.is_active and self.kind in HIDDEN_FROM_FAMILY_WHILE_ACTIVE


class CorrectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "afgehandeld", _("Afgehandeld")


class CorrectionRequest(BaseModel):
    """A parent asks to correct their data: a task for the responsible professional's team."""

    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="corrections")
    person = models.ForeignKey("care.Person", on_delete=models.CASCADE, related_name="corrections")
    team = models.ForeignKey("care.CareTeam", on_delete=models.PROTECT, related_name="corrections")
    text = models.TextField(_("wat klopt er niet"))
    status = models.CharField(max_length=12, choices=CorrectionStatus.choices, default=CorrectionStatus.OPEN)
    answer = models.TextField(_("antwoord"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
