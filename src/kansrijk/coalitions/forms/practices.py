"""Forms of the good practices: sharing one, and searching them all."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Phase
from kansrijk.coalitions.models import PracticeTheme
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

REQUIRED = _("Dit veld is verplicht.")


def _text(
    label: StrOrPromise,
    *,
    max_length: int | None = None,
    rows: int = 0,
    required: bool = True,
    help_text: StrOrPromise = "",
) -> forms.CharField:
    common: dict[str, Any] = {"label": label, "required": required, "help_text": help_text}
    common["error_messages"] = {"required": REQUIRED}
    if max_length is not None:
        common["max_length"] = max_length
    if rows:
        return MultiLineCharField(rows=rows, **common)
    return SingleLineCharField(**common)


class PracticeForm(forms.Form):
    title = _text(_("Wat"), max_length=200, help_text=_("De naam van de aanpak of interventie."))
    target_group = _text(
        _("Voor wie"), max_length=300, help_text=_("Bijvoorbeeld: zwangeren met geldzorgen.")
    )
    description = _text(_("Beschrijving"), rows=5)
    results = _text(
        _("Resultaten"), rows=3, required=False, help_text=_("Wat heeft het opgeleverd, en hoe weet u dat?")
    )
    contact = _text(
        _("Contact"),
        max_length=300,
        help_text=_(
            "Naam en e-mailadres van een professional die erover vertelt (geen gegevens van gezinnen)."
        ),
    )
    theme = forms.ChoiceField(
        label=_("Thema"), choices=PracticeTheme.choices, error_messages={"required": REQUIRED}
    )
    phase = forms.ChoiceField(label=_("Fase"), choices=Phase.choices, error_messages={"required": REQUIRED})


class PracticeSearchForm(forms.Form):
    q = SingleLineCharField(label=_("Zoeken"), max_length=100, required=False)
    thema = forms.ChoiceField(
        label=_("Thema"), choices=[("", _("Alle thema's")), *PracticeTheme.choices], required=False
    )
    fase = forms.ChoiceField(label=_("Fase"), choices=[("", _("Alle fasen")), *Phase.choices], required=False)
