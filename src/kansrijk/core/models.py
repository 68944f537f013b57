"""Shared model base: a UUID for URLs, timestamps for every row."""

from __future__ import annotations

import uuid

from django.db import models


class BaseModel(models.Model):
    """Every domain row gets a public UUID (never expose integer keys) and timestamps."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
