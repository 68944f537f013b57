"""Forms of the ketenafspraken. Partners and dates are checked in services/agreements.py (one rule for the
page, the CLI and the API); the view puts the service's messages next to the fields."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.coalitions.forms.plan import TITLE_REQUIRED
from kansrijk.coalitions.models import AgreementLevel, Coalition, CoalitionPartner
from kansrijk.coalitions.models.agreements import AgreementStatus
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.selectors.agreements import checklist_points
from kansrijk.coalitions.services.agreements import (
    NO_CHECKLIST_POINTS,
    PARTNER_NOT_IN_COALITION,
    UNKNOWN_CHECKLIST_POINT,
)
from kansrijk.core.form_helpers import date_field
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

LEVEL_REQUIRED = _("Kies het niveau van de afspraak.")
TEXT_REQUIRED = _("Beschrijf de afspraak.")
DATE_REQUIRED = _("Vul een datum in.")


def _partners_field(required: bool = False) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=_("Partners die de afspraak maken"),
        help_text=_("Minstens twee partners van deze coalitie."),
        queryset=CoalitionPartner.objects.none(),
        to_field_name="public_id",
        required=required,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": PARTNER_NOT_IN_COALITION,
            "invalid_pk_value": PARTNER_NOT_IN_COALITION,
        },
    )


def _set_partners(form: forms.Form, coalition: Coalition) -> None:
    field = form.fields["partners"]
    field.queryset = partners_accepted(coalition)  # type: ignore[attr-defined]
    field.label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]


class AgreementForm(forms.Form):
    level = forms.ChoiceField(
        label=_("Niveau"),
        choices=AgreementLevel.choices,
        help_text=_("De drie niveaus van de Handreiking ketenaanpak: uitvoering, organisatie en bestuur."),
        error_messages={"required": LEVEL_REQUIRED},
    )
    topic = SingleLineCharField(
        label=_("Onderwerp"), max_length=200, error_messages={"required": TITLE_REQUIRED}
    )
    text = MultiLineCharField(
        label=_("Afspraak"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": TEXT_REQUIRED},
    )
    partners = _partners_field()
    start_date = date_field(_("Ingangsdatum"), required=True)
    review_date = date_field(
        _("Evaluatiedatum"),
        required=True,
        help_text=_("Vanaf 30 dagen vóór deze datum staat de afspraak gemarkeerd als ‘evaluatie nodig’."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=AgreementStatus.choices,
        initial=AgreementStatus.AGREED,
        help_text=_("Een concept hoeft nog geen partners te hebben en krijgt geen evaluatieherinnering."),
    )

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_partners(self, coalition)
        for name in ("start_date", "review_date"):
            self.fields[name].error_messages["required"] = DATE_REQUIRED


def _in_a_year() -> datetime.date:
    today = timezone.localdate()
    return (
        today.replace(year=today.year + 1)
        if not (today.month == 2 and today.day == 29)
        else today + datetime.timedelta(days=365)
    )


class ChecklistForm(forms.Form):
    points = forms.TypedMultipleChoiceField(
        label=_("Punten van de checklist"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_CHECKLIST_POINTS, "invalid_choice": UNKNOWN_CHECKLIST_POINT},
    )
    partners = _partners_field()
    start_date = date_field(_("Ingangsdatum"), required=True)
    review_date = date_field(_("Evaluatiedatum"), required=True)

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        points = checklist_points(coalition=coalition)
        self.fields["points"].choices = [  # type: ignore[attr-defined]
            (p.number, f"{p.number}. {p.topic} ({p.level_label})") for p in points
        ]
        _set_partners(self, coalition)
        self.fields["partners"].help_text = _(
            "Mag leeg blijven: concepten krijgen hun partners als u ze uitwerkt."
        )
        self.fields["start_date"].initial = timezone.localdate()
        self.fields["review_date"].initial = _in_a_year()
        for name in ("start_date", "review_date"):
            self.fields[name].error_messages["required"] = DATE_REQUIRED
