"""System clients: another organisation's software that exchanges referrals with Kansrijk through the FHIR
API (issue 12), one credential per client, managed by the organisation's own admin.

The secret is shown once, at creation; only its SHA-256 hash is stored (the secret is 256 random bits, so
a fast hash is enough: nothing to brute-force). A client authenticates with
`Authorization: Bearer <key_id>.<secret>`; a revoked client is refused at once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kansrijk.core.models import BaseModel


class SystemClient(BaseModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="system_clients"
    )
    name = models.CharField(_("naam van de koppeling"), max_length=120)
    # Public part of the credential (the part before the dot); never contains a dot.
    key_id = models.CharField(max_length=40, unique=True)
    secret_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                condition=Q(revoked_at__isnull=True),
                name="system_client_name_once",
            ),
            models.CheckConstraint(condition=~Q(secret_hash=""), name="system_client_has_secret"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
