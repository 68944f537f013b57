"""Forms of the zelfscan: open a round, answer the statements, upload a questionnaire version.

The forms give the first, friendly check; the services check the same again (the API and the CLI do
not go through these forms) and the database check constraint is the last line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.coalitions.models import SCALE_MAX, SCALE_MIN, Statement, ZelfscanTheme
from kansrijk.coalitions.services.zelfscan import ANSWER_MISSING, ANSWER_OUT_OF_SCALE, MAX_UPLOAD_BYTES
from kansrijk.core.forms import SingleLineCharField

SCALE_LABELS = {
    1: _("Helemaal niet mee eens"),
    2: _("Niet mee eens"),
    3: _("Neutraal"),
    4: _("Mee eens"),
    5: _("Helemaal mee eens"),
}
SCALE_CHOICES = [(v, f"{v} – {SCALE_LABELS[v]}") for v in range(SCALE_MIN, SCALE_MAX + 1)]


def statement_field_name(statement: Statement) -> str:
    return f"stelling-{statement.pk}"


class ZelfscanRoundForm(forms.Form):
    name = SingleLineCharField(
        label=_("Naam van de ronde"),
        max_length=100,
        help_text=_("Bijvoorbeeld ‘Nulmeting 2025’ of ‘Voorjaar 2026’."),
    )
    opened_on = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De datum waarop de ronde begint."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"opened_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


@dataclass(frozen=True)
class StatementField:
    statement: Statement
    field: BoundField


@dataclass(frozen=True)
class ThemeFields:
    theme: ZelfscanTheme
    fields: list[StatementField]


class ZelfscanAnswerForm(forms.Form):
    """One radio group (1..5) per statement; every statement must be answered."""

    # The server's error messages (with a summary at the top) are clearer than the browser's own.
    use_required_attribute = False

    def __init__(self, *args: Any, themes: Sequence[ZelfscanTheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes = list(themes)
        for theme in self.themes:
            for statement in theme.statements.all():
                # Django fills %(value)s into invalid_choice (not into required): a % in the statement
                # text must stay literal there.
                text = statement.text.replace("%", "%%")
                self.fields[statement_field_name(statement)] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=SCALE_CHOICES,
                    coerce=int,
                    widget=forms.RadioSelect(
                        attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
                    ),
                    error_messages={
                        "required": str(ANSWER_MISSING).format(statement=statement.text),
                        "invalid_choice": str(ANSWER_OUT_OF_SCALE).format(statement=text, value="%(value)s"),
                    },
                )

    def grouped(self) -> list[ThemeFields]:
        return [
            ThemeFields(
                theme=theme,
                fields=[StatementField(s, self[statement_field_name(s)]) for s in theme.statements.all()],
            )
            for theme in self.themes
        ]

    def answers(self) -> dict[int, int]:
        """statement id → value, for zelfscan_response_submit."""
        return {
            statement.pk: self.cleaned_data[statement_field_name(statement)]
            for theme in self.themes
            for statement in theme.statements.all()
        }


def answers_initial(answers: dict[int, int]) -> dict[str, int]:
    return {f"stelling-{pk}": value for pk, value in answers.items()}


class QuestionnaireUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Vragenlijst (JSON-bestand)"),
        help_text=_(
            "In hetzelfde formaat als de download van een bestaande versie: version, title, description "
            "en themes met key, title, source en statements (key, text). Het versienummer moet hoger zijn "
            "dan de hoogste bestaande versie."
        ),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (maximaal %(max)s kB)."), params={"max": MAX_UPLOAD_BYTES // 1000}
            )
        return bytes(upload.read())
