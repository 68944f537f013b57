"""Forms for sharing a family's data with another organisation: consent, or another legal basis."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.care.categories import DataCategory, Purpose
from kansrijk.care.models import CareTeam, ConsentMethod, LegalBasisKind, Person, PersonRole
from kansrijk.core.forms import MultiLineCharField

# Purposes a professional shares for (the others are the family's own view, log review and retention).
SHARING_PURPOSES = [(p.value, p.label) for p in (Purpose.CARE, Purpose.REFERRAL)]


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: CareTeam) -> str:
        return f"{obj.organisation.name} – {obj.name}"


def _team_field() -> TeamChoiceField:
    return TeamChoiceField(label=_("Delen met (organisatie en team)"), queryset=CareTeam.objects.none())


def _categories_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Welke gegevens"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies alleen wat de andere organisatie nodig heeft."),
    )


class ConsentForm(forms.Form):
    receiving_team = _team_field()
    categories = _categories_field()
    purpose = forms.ChoiceField(label=_("Doel"), choices=SHARING_PURPOSES, initial=Purpose.REFERRAL)
    subject = forms.ModelChoiceField(label=_("Over wie gaan de gegevens"), queryset=Person.objects.none())
    given_by = forms.ModelChoiceField(label=_("Wie gaf toestemming"), queryset=Person.objects.none())
    method = forms.ChoiceField(label=_("Hoe gegeven"), choices=ConsentMethod.choices)
    given_on = forms.DateField(
        label=_("Datum van de toestemming"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    # The version of the information text shown on the form: the consent names the one the parent read.
    text_version = forms.IntegerField(widget=forms.HiddenInput)
    informed = forms.BooleanField(
        label=_("Ik heb de informatie hierboven met de ouder besproken."),
        error_messages={"required": _("Bespreek eerst de informatie met de ouder.")},
    )

    def __init__(
        self, *args: Any, teams: QuerySet[CareTeam], persons: QuerySet[Person], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).setdefault("given_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["receiving_team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["subject"].queryset = persons  # type: ignore[attr-defined]
        self.fields["given_by"].queryset = persons.exclude(role=PersonRole.CHILD)  # type: ignore[attr-defined]


class LegalBasisForm(forms.Form):
    # Its own prefix: it shares the page with the consent form (both have teams and categories).
    prefix = "grondslag"
    kind = forms.ChoiceField(label=_("Grondslag"), choices=LegalBasisKind.choices)
    receiving_team = _team_field()
    categories = _categories_field()
    reason = MultiLineCharField(
        label=_("Waarom gebruikt u deze grondslag?"),
        help_text=_("Bijvoorbeeld: de stappen van de meldcode. Dit wordt vastgelegd met uw naam."),
    )

    def __init__(self, *args: Any, teams: QuerySet[CareTeam], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["receiving_team"].queryset = teams  # type: ignore[attr-defined]
