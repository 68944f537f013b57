"""The family episode: one family from before conception (or pregnancy) to the child's second birthday,
shared by a care team of organisations. Minimal personal data (docs/privacy.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class EpisodeStatus(models.TextChoices):
    OPEN = "lopend", _("Lopend")
    CLOSED = "afgesloten", _("Afgesloten")


class EpisodeStage(models.TextChoices):
    """Where the family is in the first 1000 days (the menukaart's phases, seen from the family)."""

    WISH = "kinderwens", _("Kinderwens of (nu) niet zwanger")
    PREGNANT = "zwanger", _("Zwanger")
    BORN = "geboren", _("Kind geboren")


class Episode(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    wijk = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    registered_by = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("fase"), max_length=12, choices=EpisodeStage.choices)
    due_date = models.DateField(_("uitgerekende datum"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EpisodeStatus.choices, default="lopend")
    ended_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    end_reason = models.CharField(_("reden van afsluiten"), max_length=200, blank=True)
    # Synthetic data (demo, tests, load) is labelled as such on every screen.
    is_synthetic = models.BooleanField(default=False)
    # Personal data removed after the retention period; the row stays as an anonymous shell so the
    # access log and aggregates keep their reference.
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="lopend", ended_on__isnull=True)
                | Q(status="afgesloten", ended_on__isnull=False),
                name="episode_closed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Gezin {self.public_id}"


class PersonRole(models.TextChoices):
    PARENT = "ouder", _("(Aanstaande) moeder of ouder met kinderwens")
    PARTNER = "partner", _("Partner")
    CHILD = "kind", _("Kind")


class Person(BaseModel):
    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("rol in het gezin"), max_length=10, choices=PersonRole.choices)
    given_name = models.CharField(_("voornaam"), max_length=100)
    family_name = models.CharField(_("achternaam"), max_length=150, blank=True)
    birth_date = models.DateField(_("geboortedatum"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    phone = models.CharField(_("telefoon"), max_length=20, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    # The BSN is optional, encrypted at rest (KANSRIJK_BSN_KEY) and never shown in lists; the keyed hash
    # lets an explicit match find a person without decrypting anyone else's.
    bsn_encrypted = models.TextField(blank=True)
    bsn_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # The parent's own account (invited by a professional), for the family's view.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="care_persons",
    )

    class Meta:
        ordering = ["role", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "account"], condition=Q(account__isnull=False), name="person_one_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class RelationBasis(models.TextChoices):
    """On what an organisation's access to a family rests."""

    OWN = "eigen", _("Eigen behandel- of begeleidingsrelatie met de cliënt")
    CONSENT = "toestemming", _("Toestemming van de cliënt")
    LEGAL = "wettelijk", _("Andere wettelijke grondslag")


class CareRelation(BaseModel):
    """A team of an organisation is in the family's care team. With basis OWN the team's organisation
    works on its own relation with the client; with CONSENT or LEGAL the relation is only as good as
    the consent or legal basis behind it (checked on every access, so a withdrawal works at once)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="relations")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("care.CareTeam", on_delete=models.PROTECT, related_name="relations")
    basis = models.CharField(_("grondslag"), max_length=12, choices=RelationBasis.choices)
    consent = models.ForeignKey(
        "care.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="relations"
    )
    legal_basis = models.ForeignKey(
        "care.LegalBasis", null=True, blank=True, on_delete=models.PROTECT, related_name="relations"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["episode", "team"], condition=Q(ended_at__isnull=True), name="care_relation_one_open"
            ),
            models.CheckConstraint(
                condition=Q(basis="eigen", consent__isnull=True, legal_basis__isnull=True)
                | Q(basis="toestemming", consent__isnull=False, legal_basis__isnull=True)
                | Q(basis="wettelijk", consent__isnull=True, legal_basis__isnull=False),
                name="care_relation_basis_matches",
            ),
        ]


class TimelineEvent(BaseModel):
    """What happened, per organisation, in words for the care team (no content of answers)."""

    episode = models.ForeignKey(Episode, on_delete=models.CASCADE, related_name="timeline")
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    text = models.CharField(max_length=300)
    category = models.CharField(max_length=16)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
