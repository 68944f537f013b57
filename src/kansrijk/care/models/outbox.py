"""The monitor's outbox: the one door between personal data and every published figure (issue 14).

Care services add one entry in the same transaction as the event they record (`care.services._outbox`);
the monitoring app reads them only through `kansrijk.care.aggregation`. An entry holds no personal data
and no reference to the family: only where (coalition, municipality, wijk), when, what kind, and the few
attributes the kind names (a theme, a level, a number of days, yes/no). "First" (the episode's first
screening or level decision) is decided here in care, which knows the family, so nothing downstream needs
a pseudonym.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MonitorEventKind(models.TextChoices):
    """What happened (the value) and the attributes its entry carries (the comment)."""

    # family_register. attrs: {"fase": stage}
    FAMILY_REGISTERED = "gezin_aangemeld", _("Gezin aangemeld")
    # The episode's FIRST finished screening. attrs: {}
    FAMILY_SCREENED = "gezin_gescreend", _("Gezin gescreend")
    # The episode's FIRST level decision. attrs: {"niveau": level}
    LEVEL_DECIDED = "niveau_besloten", _("Niveau besloten")
    # Referral → verstuurd. attrs: {"thema": need, "toestemming": bool (the basis is a consent)}
    REFERRAL_SENT = "verwijzing_verstuurd", _("Verwijzing verstuurd")
    # → geaccepteerd. attrs: {"thema": need, "op_tijd": bool | None (None: the route gave no days)}
    REFERRAL_ACCEPTED = "verwijzing_geaccepteerd", _("Verwijzing geaccepteerd")
    # → eerste_contact. attrs: {"thema": need, "dagen": int ≥ 0 (since signalled), "warm": bool}
    FIRST_CONTACT = "eerste_contact", _("Eerste contact")
    # child_add from stage zwanger, or episode_close while zwanger. attrs: {"jgz": bool (live JGZ relation)}
    PREGNANCY_ENDED = "zwangerschap_afgerond", _("Zwangerschap afgerond")
    # A home visit created (offered). attrs: {}
    VISIT_OFFERED = "huisbezoek_aangeboden", _("Huisbezoek aangeboden")
    # A visit → gehouden / afgewezen / niet_gehouden. attrs: {"gehouden": bool}
    VISIT_RESOLVED = "huisbezoek_afgerond", _("Huisbezoek afgerond")


class OutboxEntry(models.Model):
    """One event for the monitor. Consumed entries stay (with `consumed_at`) until a retention job removes
    them; the partial indexes keep the pending ones quick to find however many were consumed."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=32, choices=MonitorEventKind.choices)
    occurred_at = models.DateTimeField(default=timezone.now)
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="+")
    wijk = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    attrs = models.JSONField(default=dict, blank=True)
    is_synthetic = models.BooleanField(default=False)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], condition=Q(consumed_at__isnull=True), name="care_outbox_pending"),
            models.Index(
                fields=["occurred_at"], condition=Q(consumed_at__isnull=True), name="care_outbox_pending_at"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.id}"
