"""Forms of the menukaart: the public filter and the platform admin's intervention form. They parse; the
rules (at least one phase and theme, a rating only with a databank) live in services/menukaart.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import OrganisationKind
from kansrijk.coalitions.domains import Domain
from kansrijk.core.form_helpers import date_field
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField
from kansrijk.interventions.models import Databank, Intervention, Need
from kansrijk.interventions.selectors.menukaart import (
    RECOGNISED,
    MenukaartFilter,
    menu_phase_choices,
    needs_of,
    phases_of,
)
from kansrijk.interventions.services.menukaart import NO_NEED, NO_PHASE, RATING_WITHOUT_DATABANK

INVALID_URL = _("Vul een geldig webadres in, beginnend met https://.")
INVALID_SOURCES = _("Eén webadres per regel; “%(line)s” is geen geldig webadres.")
REQUIRED = _("Vul dit veld in.")


class MenukaartFilterForm(forms.Form):
    q = SingleLineCharField(label=_("Zoeken"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Fase"), required=False)
    need = forms.ChoiceField(label=_("Thema"), required=False)
    domain = forms.ChoiceField(label=_("Domein"), required=False)
    recognition = forms.ChoiceField(
        label=_("Erkenning"),
        required=False,
        choices=[("", _("Alle interventies")), (RECOGNISED, _("Alleen met een oordeel in een databank"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Alle fases")), *menu_phase_choices()]  # type: ignore[attr-defined]
        self.fields["need"].choices = [("", _("Alle thema’s")), *Need.choices]  # type: ignore[attr-defined]
        self.fields["domain"].choices = [("", _("Alle domeinen")), *Domain.choices]  # type: ignore[attr-defined]

    def filters(self) -> MenukaartFilter:
        """The valid part of the filter (an unknown value is ignored, never an error page)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return MenukaartFilter(
            phase=data.get("phase", ""),
            need=data.get("need", ""),
            domain=data.get("domain", ""),
            recognition=data.get("recognition", ""),
            q=data.get("q", ""),
        )


class InterventionForm(forms.Form):
    name = SingleLineCharField(label=_("Naam"), max_length=200, error_messages={"required": REQUIRED})
    slug = forms.SlugField(
        label=_("Webadres (slug)"),
        max_length=80,
        required=False,
        help_text=_("Leeg laten: wordt gemaakt uit de naam."),
    )
    summary = MultiLineCharField(
        label=_("Wat het is"), widget=forms.Textarea(attrs={"rows": 4}), error_messages={"required": REQUIRED}
    )
    target_group = MultiLineCharField(
        label=_("Doelgroep"), widget=forms.Textarea(attrs={"rows": 2}), error_messages={"required": REQUIRED}
    )
    eligibility = MultiLineCharField(
        label=_("Voorwaarden / wie komt in aanmerking"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    phases = forms.MultipleChoiceField(
        label=_("Fases"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_PHASE},
    )
    needs = forms.MultipleChoiceField(
        label=_("Thema’s"),
        choices=Need.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_NEED},
    )
    domain = forms.ChoiceField(label=_("Domein"), choices=Domain.choices)
    executor_kinds = forms.MultipleChoiceField(
        label=_("Uitvoerders (soorten organisaties)"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    executor_text = SingleLineCharField(label=_("Uitvoering (toelichting)"), max_length=300, required=False)
    recognition_databank = forms.ChoiceField(
        label=_("Databank"), required=False, choices=[("", _("Geen (niet gevonden)")), *Databank.choices]
    )
    recognition_rating = SingleLineCharField(
        label=_("Oordeel"),
        max_length=100,
        required=False,
        help_text=_(
            "Zoals in de databank, bijvoorbeeld ‘Effectief – goede aanwijzingen’. Onbekend: leeg laten."
        ),
    )
    recognition_date = date_field(_("Datum oordeel"), required=False)
    recognition_note = SingleLineCharField(label=_("Toelichting erkenning"), max_length=300, required=False)
    licence_holder = SingleLineCharField(label=_("Licentiehouder"), max_length=200, required=False)
    source_url = forms.URLField(
        label=_("Bron (webadres)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": INVALID_URL},
    )
    more_sources = MultiLineCharField(
        label=_("Meer bronnen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Eén webadres per regel."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phases"].choices = menu_phase_choices()  # type: ignore[attr-defined]

    def clean_more_sources(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["more_sources"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError as exc:
                raise ValidationError(INVALID_SOURCES % {"line": line}) from exc
        return lines

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("recognition_rating", "").strip() and not data.get("recognition_databank"):
            self.add_error("recognition_rating", RATING_WITHOUT_DATABANK)
        return data


def intervention_initial(intervention: Intervention) -> dict[str, Any]:
    return {
        "name": intervention.name,
        "slug": intervention.slug,
        "summary": intervention.summary,
        "target_group": intervention.target_group,
        "eligibility": intervention.eligibility,
        "phases": phases_of(intervention),
        "needs": needs_of(intervention),
        "domain": intervention.domain,
        "executor_kinds": list(intervention.executor_kinds),
        "executor_text": intervention.executor_text,
        "recognition_databank": intervention.recognition_databank,
        "recognition_rating": intervention.recognition_rating,
        "recognition_date": intervention.recognition_date,
        "recognition_note": intervention.recognition_note,
        "licence_holder": intervention.licence_holder,
        "source_url": intervention.source_url,
        "more_sources": "\n".join(intervention.more_sources),
    }
