"""The form of one balans cell's notes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.core.forms import MultiLineCharField
from kansrijk.interventions.services.balans import NOTE_MAX_LENGTH


class BalansNoteForm(forms.Form):
    goes_well = MultiLineCharField(
        label=_("Wat gaat goed"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld: welk aanbod werkt, welke samenwerking loopt. Hoogstens 2000 tekens."),
    )
    gaps = MultiLineCharField(
        label=_("Waar liggen hiaten"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bijvoorbeeld: wie wordt niet bereikt, waar is een wachtlijst. Hoogstens 2000 tekens."),
    )
