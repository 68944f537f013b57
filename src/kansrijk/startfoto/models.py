"""Duiding: a coordinator's interpretation note on an indicator of a municipality's startfoto.

Written in a coalition's name. The rules (who may write, which are public, how the author is shown)
live in the coalition layer and reach the startfoto through `startfoto.hooks`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kansrijk.areas.models import Area, Indicator
from kansrijk.core.models import BaseModel


class Duiding(BaseModel):
    # By name, not by import: the area layer imports nothing of the coalition layer (import contracts).
    coalition = models.ForeignKey("coalitions.Coalition", on_delete=models.CASCADE, related_name="duidingen")
    municipality = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="duidingen")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="duidingen")
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # Shown to the public: role and organisation ("Coördinator coalitie, Gemeente Utrecht"), never an e-mail.
    author_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(text__regex=r"\S"), name="duiding_text_not_blank"),
        ]
