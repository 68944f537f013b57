"""Reads of the zelfscan questionnaires (versions managed by the platform admin) in their JSON format."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from kansrijk.coalitions.models import Questionnaire
from kansrijk.coalitions.selectors.zelfscan import questionnaire_themes


def questionnaires_overview() -> QuerySet[Questionnaire]:
    """Every version, newest first, with the number of themes, statements and rounds."""
    return Questionnaire.objects.annotate(
        theme_count=Count("themes", distinct=True),
        statement_count=Count("themes__statements", distinct=True),
        round_count=Count("rounds", distinct=True),
        open_round_count=Count("rounds", filter=Q(rounds__closed=False), distinct=True),
    ).order_by("-version")


def questionnaire_get(public_id: UUID) -> Questionnaire:
    return get_object_or_404(Questionnaire, public_id=public_id)


def questionnaire_as_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """The version in the upload format (the same as data/zelfscan_v1.json): download, edit, upload."""
    return {
        "version": questionnaire.version,
        "title": questionnaire.title,
        "description": questionnaire.description,
        "themes": [
            {
                "key": theme.key,
                "title": theme.title,
                "source": theme.source,
                "statements": [{"key": s.key, "text": s.text} for s in theme.statements.all()],
            }
            for theme in questionnaire_themes(questionnaire)
        ],
    }


def questionnaire_highest_version() -> int:
    return Questionnaire.objects.aggregate(v=Max("version"))["v"] or 0
