"""The access log (NEN 7513): its own append-only table, separate from the audit log of configuration
changes. Tamper-evident: every entry carries an HMAC over its content and the previous entry's MAC in
the same chain, keyed outside the database (KANSRIJK_ACCESS_LOG_KEY). Chains are sharded (one per family,
one per organisation for lists) so writers of different families never queue on one lock.

No foreign keys to personal data: removing a family after the retention period must not cascade into
the log, and the chain must stay verifiable. Entries name families by their public id.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessEvent(models.TextChoices):
    READ = "lezen", _("Ingezien")
    SEARCH = "zoeken", _("In een lijst getoond")
    EXPORT = "exporteren", _("Geëxporteerd")
    CREATE = "aanmaken", _("Vastgelegd")
    UPDATE = "wijzigen", _("Gewijzigd")
    DELETE = "verwijderen", _("Verwijderd")


class AccessLogEntry(models.Model):
    chain = models.CharField(max_length=64)
    seq = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    event = models.CharField(max_length=12, choices=AccessEvent.choices)
    action = models.CharField(max_length=60)
    episode_id = models.UUIDField(null=True, blank=True)
    # A list or search names every family it showed (one entry, not one per family).
    episodes = models.JSONField(default=list, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    user_label = models.CharField(max_length=254)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    organisation_label = models.CharField(max_length=200, blank=True)
    team_label = models.CharField(max_length=120, blank=True)
    responsible_label = models.CharField(max_length=254, blank=True)
    purpose = models.CharField(max_length=20)
    basis = models.CharField(max_length=80)
    # What was touched, by category and field name — never the content.
    detail = models.JSONField(default=dict, blank=True)
    prev_mac = models.CharField(max_length=64)
    mac = models.CharField(max_length=64)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="access_log_chain_seq"),
        ]
        indexes = [
            models.Index(fields=["episode_id", "occurred_at"], name="access_log_episode"),
            models.Index(fields=["organisation_id", "occurred_at"], name="access_log_org"),
            models.Index(fields=["user_id", "occurred_at"], name="access_log_user"),
        ]

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}: {self.action}"


class ChainHead(models.Model):
    """The last entry of each chain, locked (SELECT … FOR UPDATE) by the writer that appends to it."""

    chain = models.CharField(max_length=64, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    mac = models.CharField(max_length=64, default="")

    def __str__(self) -> str:
        return f"{self.chain} @ {self.seq}"
