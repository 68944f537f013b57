"""Forms of coalition confirmation: the decision of the national programme, and a re-request."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.coalitions.services.confirmation import NOTE_MAX_LENGTH

if TYPE_CHECKING:  # django-stubs only: a str or a lazy translation
    from django_stubs_ext import StrOrPromise

NOTE_REQUIRED = _("Schrijf waarom de coalitie niet wordt bevestigd. De coördinatoren lezen deze toelichting.")
NOTE_TOO_LONG = _("Gebruik maximaal %(limit_value)d tekens (nu %(show_value)d).")


def _note(label: StrOrPromise, *, required: bool, help_text: StrOrPromise) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": NOTE_REQUIRED, "max_length": NOTE_TOO_LONG},
    )


class ConfirmForm(forms.Form):
    # Prefixes: both decision forms sit on one page, so their fields need distinct ids.
    prefix = "bevestigen"
    note = _note(
        _("Toelichting (niet verplicht)"),
        required=False,
        help_text=_("De coördinatoren van de coalitie zien deze toelichting."),
    )


class RefuseForm(forms.Form):
    prefix = "weigeren"
    note = _note(
        _("Waarom niet bevestigd"),
        required=True,
        help_text=_("Verplicht. Schrijf wat de coalitie moet aanpassen; de coördinatoren zien dit."),
    )


class RerequestForm(forms.Form):
    prefix = "opnieuw"
    note = _note(
        _("Wat is er aangepast (niet verplicht)"),
        required=False,
        help_text=_("Het landelijk programma leest dit bij de nieuwe aanvraag."),
    )
