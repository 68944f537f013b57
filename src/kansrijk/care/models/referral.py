"""Referral along the klantroute with a warm handover, as a closed loop (issue 12).

A referral is addressed to one team of another organisation (the route proposes the organisation; the
sender picks its team). Its status follows one transition table (kansrijk.care.referral_states), each
transition recorded as a `ReferralTransition`. Access follows the state: while sent or received the
receiving team sees the referral and its handover set only; acceptance creates the care relation;
rejection, withdrawal or expiry end even that limited view (the Nuts eOverdracht rule).

Optimistic locking: every write names the `version` it read and bumps it; a write on a stale version
is refused ("changed by someone else — reload"), so two professionals never lose a write.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class ReferralStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    SENT = "verstuurd", _("Verstuurd")
    RECEIVED = "ontvangen", _("Ontvangen")
    ACCEPTED = "geaccepteerd", _("Geaccepteerd")
    REJECTED = "afgewezen", _("Afgewezen")
    FIRST_CONTACT = "eerste_contact", _("Eerste contact geweest")
    COMPLETED = "afgerond", _("Afgerond")
    STOPPED = "gestopt", _("Gestopt")
    WITHDRAWN = "ingetrokken", _("Ingetrokken door de verwijzer")
    EXPIRED = "verlopen", _("Verlopen: geen reactie")
    NOT_REACHED = "niet_bereikt", _("Gezin niet bereikt")
    REFERRED_ELSEWHERE = "elders_verwezen", _("Elders verwezen")


# Sent and not yet closed: the receiver is working on it. A second referral of the same family to the same
# organisation for the same theme while one is open would be a duplicate the receiver has to notice;
# `referral_one_open_per_theme` forbids it (tests/care/test_referral_duplicates.py checks this list against
# the transition table's final statuses).
OPEN_STATUSES: tuple[str, ...] = (
    ReferralStatus.SENT,
    ReferralStatus.RECEIVED,
    ReferralStatus.ACCEPTED,
    ReferralStatus.FIRST_CONTACT,
)


class ReferralSide(models.TextChoices):
    """Who may make a transition: the sending team, the receiving team, or the system (expiry)."""

    SENDER = "verwijzer", _("Verwijzer")
    RECEIVER = "ontvanger", _("Ontvanger")
    SYSTEM = "systeem", _("Systeem")


class ReferralOutcome(models.TextChoices):
    """What happened, named (findhelp's closed-loop outcomes, in Dutch)."""

    HELP_RECEIVED = "hulp_ontvangen", _("Het gezin heeft hulp gekregen")
    NOT_ELIGIBLE = "past_niet", _("De hulp past niet bij de vraag van het gezin")
    NO_CAPACITY = "geen_plek", _("Geen plek of geen tijd beschikbaar")
    FAMILY_DECLINED = "gezin_wil_niet", _("Het gezin wil (nu) geen hulp")
    MOVED = "verhuisd", _("Het gezin is verhuisd")
    OTHER = "anders", _("Anders (zie toelichting)")


class Referral(BaseModel):
    episode = models.ForeignKey("care.Episode", on_delete=models.CASCADE, related_name="referrals")
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.PROTECT, related_name="+")
    # The menukaart theme (interventions.Need) and the level the route was chosen for.
    need = models.CharField(_("thema"), max_length=32)
    level = models.CharField(_("niveau"), max_length=24, blank=True)
    # The route step that proposed it; the titles are kept because a route version may be replaced.
    route_step = models.ForeignKey(
        "routes.RouteStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    route_title = models.CharField(max_length=200, blank=True)
    step_title = models.CharField(max_length=200, blank=True)
    intervention_title = models.CharField(max_length=200, blank=True)
    sender_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    sender_team = models.ForeignKey("care.CareTeam", on_delete=models.PROTECT, related_name="referrals_sent")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    receiving_organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    receiving_team = models.ForeignKey(
        "care.CareTeam", on_delete=models.PROTECT, related_name="referrals_received"
    )
    status = models.CharField(max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.CONCEPT)
    reason = models.TextField(_("reden van de verwijzing"))
    message = models.TextField(_("bericht aan de ontvanger"), blank=True)
    # The data categories sent: what the route needs AND the basis covers (data minimisation).
    categories = models.JSONField(_("gegevens"), default=list)
    # The basis for sending: a consent for the receiving organisation, or another legal basis.
    consent = models.ForeignKey(
        "care.Consent", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    legal_basis = models.ForeignKey(
        "care.LegalBasis", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    # Time to first contact: expected days from the route, counted from the signal (the screening).
    expected_days = models.PositiveSmallIntegerField(null=True, blank=True)
    signalled_on = models.DateField(_("gesignaleerd op"))
    sent_at = models.DateTimeField(null=True, blank=True)
    due_on = models.DateField(_("eerste contact uiterlijk"), null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    first_contact_on = models.DateField(_("eerste contact op"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    # Why it was rejected, stopped, not reached, referred elsewhere or withdrawn.
    status_reason = models.TextField(_("reden"), blank=True)
    # The care relation acceptance created (the receiving team's access from then on).
    relation = models.ForeignKey(
        "care.CareRelation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # When the last overdue reminder went out (one a day at most; the mail has no personal data).
    reminded_on = models.DateField(null=True, blank=True)
    # A referral that came in through FHIR keeps the sender system's Task identifier.
    external_id = models.CharField(max_length=200, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["receiving_team", "status"], name="referral_receiver_status"),
            models.Index(fields=["sender_team", "status"], name="referral_sender_status"),
            models.Index(fields=["status", "due_on"], name="referral_status_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(sender_organisation=models.F("receiving_organisation")),
                name="referral_to_another_organisation",
            ),
            models.CheckConstraint(
                condition=Q(consent__isnull=True) | Q(legal_basis__isnull=True),
                name="referral_one_basis",
            ),
            # Once sent, a referral rests on a recorded basis and names what it sends.
            # A concept withdrawn before it was sent never had a basis or categories.
            models.CheckConstraint(
                condition=Q(status="concept")
                | Q(status="ingetrokken", sent_at__isnull=True)
                | ((Q(consent__isnull=False) | Q(legal_basis__isnull=False)) & Q(sent_at__isnull=False)),
                name="referral_sent_has_basis",
            ),
            models.CheckConstraint(
                condition=Q(status="concept")
                | Q(status="ingetrokken", sent_at__isnull=True)
                | ~Q(categories=[]),
                name="referral_sent_has_categories",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="referral_has_reason"),
            models.CheckConstraint(
                condition=~Q(status="afgerond") | ~Q(outcome=""), name="referral_completed_has_outcome"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["afgewezen", "gestopt", "niet_bereikt", "elders_verwezen"])
                | ~Q(status_reason=""),
                name="referral_end_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["eerste_contact", "afgerond"]) | Q(first_contact_on__isnull=False),
                name="referral_first_contact_has_date",
            ),
            models.UniqueConstraint(
                fields=["episode", "receiving_organisation", "need"],
                condition=Q(status__in=OPEN_STATUSES),
                name="referral_one_open_per_theme",
            ),
            models.UniqueConstraint(
                fields=["receiving_organisation", "external_id"],
                condition=~Q(external_id=""),
                name="referral_external_id_once",
            ),
        ]

    def __str__(self) -> str:
        return f"Verwijzing {self.public_id}"


class ReferralTransition(BaseModel):
    """One step of a referral's history: from, to, by which side, who, why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    to_status = models.CharField(max_length=16, choices=ReferralStatus.choices)
    side = models.CharField(max_length=10, choices=ReferralSide.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", null=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]


class HandoverSet(BaseModel):
    """The V&VN minimum handover set for the first 1000 days (../shared/domain.md §7.5), as structured
    fields. Each field belongs to one data category (kansrijk.care.referral_handover.FIELD_CATEGORY); a
    field is filled and shown only when the referral sends its category. Item 1 (consent) is the
    referral's basis, item 3 (name and address) and item 6 (risk inventory) come from the record."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="handover")
    # 4. Contacts of the coordinating and the handing-over professional.
    contacts = models.TextField(_("contact coördinerend en overdragend professional"), blank=True)
    # 5. General maternal anamnesis, medical part.
    health = models.TextField(_("algemene gezondheid, middelen, medicatie"), blank=True)
    # 5. General maternal anamnesis, psychosocial part (money, relationship, safety).
    psychosocial = models.TextField(_("psychosociale situatie, geld, relatie, veiligheid"), blank=True)
    # 7. Interventions used and their results.
    interventions_used = models.TextField(_("ingezette hulp en resultaat"), blank=True)
    # 8. Relevant partner data.
    partner = models.TextField(_("relevante gegevens over de partner"), blank=True)
    # 9. Pregnancy and birth data.
    obstetric = models.TextField(_("zwangerschap en bevalling"), blank=True)
    # What was agreed with the family about the handover (their wishes, how to reach them).
    agreements = models.TextField(_("afspraken met het gezin"), blank=True)


class WarmHandoverStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    PLANNED = "gepland", _("Gepland")
    HELD = "gehouden", _("Gehouden")
    NOT_HELD = "niet_gehouden", _("Niet gehouden")


class WarmHandover(BaseModel):
    """The joint contact of the family with both professionals (seed 002: "afspraken over een warme
    overdracht"): proposed, planned, held or not held (with the reason)."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="warm_handover")
    status = models.CharField(
        max_length=16, choices=WarmHandoverStatus.choices, default=WarmHandoverStatus.PROPOSED
    )
    planned_on = models.DateField(_("gepland op"), null=True, blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="gepland") | Q(planned_on__isnull=False),
                name="warm_handover_planned_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="gehouden") | Q(held_on__isnull=False), name="warm_handover_held_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="niet_gehouden") | ~Q(reason=""), name="warm_handover_not_held_reason"
            ),
        ]
