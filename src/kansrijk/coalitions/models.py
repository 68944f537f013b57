"""A minimal coalition: name, municipalities, coordinators. The coalition-workspace issue extends it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Area
from kansrijk.core.models import BaseModel


class Coalition(BaseModel):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    municipalities = models.ManyToManyField(
        Area, related_name="coalitions", limit_choices_to={"level": "gemeente"}
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="coordinated_coalitions", blank=True
    )
    is_demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
