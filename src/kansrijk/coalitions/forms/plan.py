"""Forms of the plan pages. They only parse input: the rules (owner in this coalition, adopting once,
the status workflow) live in services/plan.py, whose messages the views show next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Indicator
from kansrijk.coalitions.models import ActionStatus, Coalition, CoalitionPartner, Goal
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.selectors.plan import goals_of
from kansrijk.coalitions.services.plan import GOAL_NOT_IN_COALITION, OWNER_NOT_IN_COALITION
from kansrijk.core.form_helpers import date_field
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

TITLE_REQUIRED = _("Vul een titel in.")
UNKNOWN_INDICATOR = _("Kies indicatoren uit de lijst.")
STATUS_REQUIRED = _("Kies de nieuwe status.")
NUMBER_REQUIRED = _("Kies een landelijke actie.")


class AmbitionForm(forms.Form):
    title = SingleLineCharField(
        label=_("Ambitie"), max_length=300, error_messages={"required": TITLE_REQUIRED}
    )
    description = MultiLineCharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalForm(forms.Form):
    title = SingleLineCharField(label=_("Doel"), max_length=300, error_messages={"required": TITLE_REQUIRED})
    description = MultiLineCharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicatoren om het doel te volgen"),
        help_text=_(
            "Cijfers uit de startfoto. Bij het doel ziet u per gemeente van de coalitie en voor Nederland "
            "het laatste cijfer, met bron en jaar."
        ),
        queryset=Indicator.objects.order_by("order", "key"),
        to_field_name="key",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": UNKNOWN_INDICATOR, "invalid_pk_value": UNKNOWN_INDICATOR},
    )


class _ActionFields(forms.Form):
    """Goal, owner and due date, limited to this coalition's goals and partners."""

    goal = forms.ModelChoiceField(
        label=_("Doel"),
        queryset=Goal.objects.none(),  # this coalition's goals, set in __init__
        to_field_name="public_id",
        required=False,
        empty_label=_("(nog) geen doel"),
        error_messages={"invalid_choice": GOAL_NOT_IN_COALITION},
    )
    owner = forms.ModelChoiceField(
        label=_("Eigenaar"),
        help_text=_("De partnerorganisatie die de actie trekt."),
        queryset=CoalitionPartner.objects.none(),  # this coalition's partners, set in __init__
        to_field_name="public_id",
        required=False,
        empty_label=_("(nog) geen eigenaar"),
        error_messages={"invalid_choice": OWNER_NOT_IN_COALITION},
    )
    due_date = date_field(_("Klaar op"), required=False)

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goals = goals_of(coalition).order_by("ambition__created_at", "created_at")
        self.fields["goal"].queryset = goals  # type: ignore[attr-defined]
        self.fields["goal"].label_from_instance = lambda g: f"{g.ambition.title} → {g.title}"  # type: ignore[attr-defined]
        partners = partners_accepted(coalition)
        self.fields["owner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["owner"].label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]


class ActionForm(_ActionFields):
    title = SingleLineCharField(label=_("Actie"), max_length=300, error_messages={"required": TITLE_REQUIRED})
    description = MultiLineCharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["title", "description", "goal", "owner", "due_date"]


class AdoptForm(_ActionFields):
    """Adopt a national action: as is (only the number) or adapted (title, description, goal, owner, date)."""

    number = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": NUMBER_REQUIRED})
    title = SingleLineCharField(
        label=_("Titel"),
        max_length=300,
        required=False,
        help_text=_("Leeg laten: de titel van de landelijke actie."),
    )
    description = MultiLineCharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    field_order = ["number", "title", "description", "goal", "owner", "due_date"]


class StatusForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Nieuwe status"), choices=ActionStatus.choices, error_messages={"required": STATUS_REQUIRED}
    )
