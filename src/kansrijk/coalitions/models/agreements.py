"""Ketenafspraken between partners, and good practices a coalition shares with the others."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Phase
from kansrijk.core.models import BaseModel


class AgreementLevel(models.TextChoices):
    # The three levels of the Handreiking ketenaanpak Kansrijke Start (VWS/Pharos, Dec 2023).
    UITVOERING = "uitvoering", _("Uitvoering")
    ORGANISATIE = "organisatie", _("Organisatie")
    BESTUUR = "bestuur", _("Bestuur")


# An agreed agreement is flagged for review this many days before its review date (and after it).
REVIEW_NOTICE_DAYS = 30


class AgreementStatus(models.TextChoices):
    # A concept comes from the regional checklist (or is still being discussed): not yet agreed,
    # so it gets no review reminders.
    CONCEPT = "concept", _("Concept")
    AGREED = "vastgesteld", _("Vastgesteld")


class Agreement(BaseModel):
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="agreements")
    level = models.CharField(_("niveau"), max_length=16, choices=AgreementLevel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=AgreementStatus.choices, default=AgreementStatus.AGREED
    )
    # Number of the point of Kansrijk's own regional checklist this agreement was drafted from.
    checklist_point = models.PositiveSmallIntegerField(null=True, blank=True)
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

    def review_due(self, today: datetime.date | None = None) -> bool:
        """Agreed, and the review date has passed or is within REVIEW_NOTICE_DAYS (uses this row only)."""
        today = today or timezone.localdate()
        return self.status == AgreementStatus.AGREED and self.review_date <= today + datetime.timedelta(
            days=REVIEW_NOTICE_DAYS
        )

    def review_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.status == AgreementStatus.AGREED and self.review_date < today


class AgreementReviewReminder(BaseModel):
    """That the coordinators were mailed about one agreement's review date: at most once per date."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="review_reminders")
    # The review date the mail was about: a new review date gets its own reminder.
    review_date = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "review_date"], name="agreement_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} ({self.review_date})"


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
    # Withdrawn practices stay with their coalition (and in the audit trail) but leave the shared search.
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
