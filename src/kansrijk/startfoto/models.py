"""Duiding: a coordinator's interpretation note on an indicator of a municipality's startfoto."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from kansrijk.areas.models import Area, Indicator
from kansrijk.coalitions.models import Coalition
from kansrijk.core.models import BaseModel


class Duiding(BaseModel):
    coalition = models.ForeignKey(Coalition, on_delete=models.CASCADE, related_name="duidingen")
    municipality = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="duidingen")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="duidingen")
    text = models.TextField(max_length=4000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    author_label = models.CharField(max_length=200)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(text__regex=r"\S"), name="duiding_text_not_blank"),
        ]
