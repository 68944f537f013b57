"""Forms of the startfoto pages: search and duiding (Dutch error messages, asserted by the tests)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

DUIDING_MAX = 4000
TEXT_REQUIRED = _("Vul een duiding in.")
TEXT_TOO_LONG = _("Een duiding is ten hoogste %(limit_value)d tekens (nu %(show_value)d).")
COALITION_REQUIRED = _("Kies de coalitie namens wie u de duiding schrijft.")


class SearchForm(forms.Form):
    q = SingleLineCharField(
        label=_("Gemeente (naam of CBS-code)"),
        max_length=100,
        required=False,
        help_text=_("Bijvoorbeeld Utrecht, Hengelo of GM0344."),
    )


class DuidingForm(forms.Form):
    indicator = SingleLineCharField(widget=forms.HiddenInput, max_length=64)
    coalition: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Namens coalitie"),
        queryset=None,  # set per request: the coalitions in whose name this user may write
        to_field_name="public_id",
        error_messages={"required": COALITION_REQUIRED, "invalid_choice": COALITION_REQUIRED},
    )
    text = MultiLineCharField(
        label=_("Duiding"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=DUIDING_MAX,
        strip=True,
        help_text=_(
            "Wat betekent dit cijfer voor uw gemeente? Ten hoogste 4000 tekens; zichtbaar voor iedereen."
        ),
        error_messages={"required": TEXT_REQUIRED, "max_length": TEXT_TOO_LONG},
    )

    def __init__(self, *args: Any, coalitions: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["coalition"]
        field.queryset = coalitions  # type: ignore[attr-defined]
        # One coalition: no choice to make, but the value is still posted (and checked) as usual.
        if len(coalitions) == 1:
            field.initial = coalitions[0].public_id
            field.widget = forms.HiddenInput()
