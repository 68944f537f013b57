"""Forms of the screening pages: choose an instrument, answer it (generated from the definition, grouped
by domain), decide the level with the client, upload an instrument version. They check input only; the
services (kansrijk.care.services.screening) decide."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from kansrijk.care.instruments import Definition, Item
from kansrijk.care.models import Instrument
from kansrijk.routes.models import VulnerabilityLevel

MAX_UPLOAD_BYTES = 200_000
PREFIX = "vraag__"
RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


def field_name(item_id: str) -> str:
    return f"{PREFIX}{item_id}"


class InstrumentChoiceForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Vragenlijst"), widget=forms.RadioSelect(attrs=RADIO))

    def __init__(self, *args: Any, instruments: Sequence[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = [  # type: ignore[attr-defined]
            (str(i.public_id), f"{i.title} (versie {i.version})") for i in instruments
        ]


@dataclass(frozen=True)
class ItemField:
    item: Item
    field: BoundField


class AnswersForm(forms.Form):
    """One radio group per item. Nothing is required here: a concept may be partial; finishing asks
    the service, which names every open question."""

    use_required_attribute = False

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        for item in definition.items:
            self.fields[field_name(item.id)] = forms.ChoiceField(
                label=item.text,
                required=False,
                choices=[(o.value, o.label) for o in item.options],
                widget=forms.RadioSelect(attrs=RADIO),
            )

    def grouped(self) -> list[tuple[str, str, list[ItemField]]]:
        return [
            (key, label, [ItemField(item, self[field_name(item.id)]) for item in items])
            for key, label, items in self.definition.by_domain()
        ]

    def answers(self) -> dict[str, str]:
        return {
            item.id: self.cleaned_data.get(field_name(item.id)) or ""
            for item in self.definition.items
            if self.cleaned_data.get(field_name(item.id))
        }

    def add_service_errors(self, errors: Mapping[str, list[Any]]) -> None:
        for name, messages in errors.items():
            target = field_name(name) if field_name(name) in self.fields else None
            for message in messages:
                self.add_error(target, message)


def answers_initial(answers: Mapping[str, str]) -> dict[str, str]:
    return {field_name(k): v for k, v in answers.items()}


class LevelForm(forms.Form):
    use_required_attribute = False

    level = forms.ChoiceField(
        label=_("Niveau dat u samen met de cliënt kiest"),
        choices=VulnerabilityLevel.choices,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"required": _("Kies een van de vier niveaus.")},
    )
    decided_with_client = forms.BooleanField(
        label=_("Samen met de cliënt besloten"),
        error_messages={
            "required": _("Leg het niveau pas vast als u het samen met de cliënt hebt besloten.")
        },
    )
    reason = forms.CharField(
        label=_("Waarom kiest u samen een ander niveau dan het voorstel?"),
        help_text=_("Verplicht als het niveau anders is dan het voorstel."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Vragenlijst (JSON-bestand)"),
        help_text=_(
            "In het formaat van de meegeleverde vragenlijsten: key, version, title, content_owner en items "
            "(id, text, label, domain, category, kind, urgent, options, present, need). Het versienummer "
            "moet hoger zijn dan de hoogste bestaande versie van dezelfde key."
        ),
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Het bestand is te groot (maximaal %(max)s kB)."), params={"max": MAX_UPLOAD_BYTES // 1000}
            )
        return bytes(upload.read())
