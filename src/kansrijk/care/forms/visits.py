"""Forms of the prenatal home visit: offering it, and its next step. They check input; the service decides
which step is allowed and what it needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.care.models import VisitStatus
from kansrijk.core.forms import MultiLineCharField


def _date(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class VisitOfferForm(forms.Form):
    planned_on = _date(_("Gepland op"), _("Niet verplicht. Vul in als u al een afspraak heeft."))


class VisitUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Wat is er gebeurd?"), widget=forms.RadioSelect)
    planned_on = _date(_("Gepland op"), _("Alleen zolang het huisbezoek nog niet is geweest."))
    held_on = _date(_("Gehouden op"), _("Alleen als het huisbezoek is gehouden."))
    outcome = MultiLineCharField(
        label=_("Uitkomst"),
        required=False,
        help_text=_("Wat u samen heeft besproken. Ging het niet door? Schrijf dan hier waarom."),
    )
    next_steps = MultiLineCharField(label=_("Vervolgafspraken"), required=False)

    def __init__(self, *args: Any, current: str, statuses: list[str], keep: bool, **kwargs: Any) -> None:
        """`statuses`: the next steps the workflow allows; `keep`: the current status may stay (to change
        the planned date or the next steps)."""
        super().__init__(*args, **kwargs)
        labels = dict(VisitStatus.choices)
        choices = [(s, labels[s]) for s in statuses]
        if keep:
            choices.insert(0, (current, _("Nog geen verandering: alleen datum of afspraken aanpassen")))
        status_field = self.fields["status"]
        assert isinstance(status_field, forms.ChoiceField)
        status_field.choices = choices
