"""The data categories of a family's record, defined once (issue 11).

Consent is given per receiving organisation, category and purpose; a referral (part 2) sends only the
categories its route needs and the consent covers; the family's own view names what an organisation
holds by category. Every screening item and every field of the record belongs to exactly one.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataCategory(models.TextChoices):
    IDENTIFICATION = "identificatie", _("Naam, geboortedatum en contact")
    SCREENING = "screening", _("Antwoorden op de vragenlijst")
    LEVEL = "niveau", _("Afspraak over hoeveel steun nodig is")
    MEDICAL = "medisch", _("Zwangerschap en gezondheid")
    SOCIAL = "sociaal", _("Geld, wonen en veiligheid")
    HANDOVER = "overdracht", _("Gegevens voor de overdracht")


class Purpose(models.TextChoices):
    """Why someone acts on a family's data: part of every access context and log entry."""

    CARE = "zorg", _("Zorg en ondersteuning voor het gezin")
    REFERRAL = "verwijzing", _("Verwijzing en overdracht")
    FAMILY = "eigen_inzage", _("Inzage door de ouder zelf")
    LOG_REVIEW = "logcontrole", _("Controle van de toegang")
    RETENTION = "bewaartermijn", _("Verwijderen na de bewaartermijn")
    ADMINISTRATION = "beheer", _("Beheer van het systeem")


ALL_CATEGORIES: frozenset[str] = frozenset(DataCategory.values)
