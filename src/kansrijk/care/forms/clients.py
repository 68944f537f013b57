"""Forms of the organisation admin's page of system clients and identifiers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.core.forms import SingleLineCharField


class ClientCreateForm(forms.Form):
    name = SingleLineCharField(
        label=_("Naam van de koppeling"),
        max_length=120,
        help_text=_("Bijvoorbeeld de naam van het systeem dat de koppeling gebruikt."),
    )


class IdentifiersForm(forms.Form):
    ura = SingleLineCharField(
        label=_("URA-nummer"), max_length=8, required=False, help_text=_("8 cijfers, uit het UZI-register.")
    )
    agb = SingleLineCharField(
        label=_("AGB-code"), max_length=8, required=False, help_text=_("8 cijfers, uit het AGB-register.")
    )
    kvk = SingleLineCharField(label=_("KvK-nummer"), max_length=8, required=False, help_text=_("8 cijfers."))
