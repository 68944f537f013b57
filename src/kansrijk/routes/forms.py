"""Forms of the klantroutes. The rules live in services.py (one rule for the page, the CLI and the demo);
the choices here are limited to the coalition, and a foreign choice gets the service's message."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansrijk.coalitions.models import Agreement, Coalition, CoalitionPartner
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField
from kansrijk.interventions.models import LocalOffer, Need
from kansrijk.routes.models import VulnerabilityLevel
from kansrijk.routes.services import (
    AGREEMENT_NOT_OF_COALITION,
    DAYS_OUT_OF_RANGE,
    MAX_DAYS,
    NO_LEVEL,
    OFFER_NOT_OF_COALITION,
    STEP_TITLE_REQUIRED,
    TITLE_REQUIRED,
    UNKNOWN_LEVEL,
    UNKNOWN_THEME,
)

# The form cannot name an organisation that is not in its list: it only has the posted id.
PARTNER_NOT_IN_COALITION_FORM = _("De gekozen organisatie is geen partner van deze coalitie.")
PARTNER_REQUIRED = _("Kies de partner die deze stap uitvoert.")


class RouteCreateForm(forms.Form):
    need = forms.ChoiceField(
        label=_("Thema"),
        choices=[("", _("Kies een thema"))] + list(Need.choices),
        error_messages={"required": UNKNOWN_THEME, "invalid_choice": UNKNOWN_THEME},
    )
    title = SingleLineCharField(label=_("Titel"), max_length=200, error_messages={"required": TITLE_REQUIRED})
    introduction = MultiLineCharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Voor wie de route is en wat professionals vooraf moeten weten."),
    )
    copy_published = forms.BooleanField(
        label=_("Begin met een kopie van de gepubliceerde versie"),
        required=False,
        help_text=_("Alleen als dit thema al een gepubliceerde klantroute heeft."),
    )


class RouteEditForm(forms.Form):
    title = SingleLineCharField(label=_("Titel"), max_length=200, error_messages={"required": TITLE_REQUIRED})
    introduction = MultiLineCharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class StepForm(forms.Form):
    title = SingleLineCharField(
        label=_("Stap"),
        max_length=200,
        help_text=_("Bijvoorbeeld: “Aanmelden bij schuldhulp”."),
        error_messages={"required": STEP_TITLE_REQUIRED},
    )
    description = MultiLineCharField(
        label=_("Wat er gebeurt"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=CoalitionPartner.objects.none(),
        to_field_name="public_id",
        empty_label=_("Kies een partner"),
        error_messages={"required": PARTNER_REQUIRED, "invalid_choice": PARTNER_NOT_IN_COALITION_FORM},
    )
    contact = SingleLineCharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_("Telefoon, e-mail of loket voor professionals; leeg: het contact van de partner."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Voor niveaus"),
        choices=VulnerabilityLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De niveaus van kwetsbaarheid waarvoor deze stap bedoeld is."),
        error_messages={
            "required": NO_LEVEL,
            "invalid_choice": format_lazy(UNKNOWN_LEVEL, level="%(value)s"),
        },
    )
    days_to_first_contact = forms.IntegerField(
        label=_("Dagen tot eerste contact"),
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
        help_text=_("Verwachte aantal dagen van verwijzing tot het eerste contact (0 tot 365)."),
        error_messages={
            "min_value": DAYS_OUT_OF_RANGE,
            "max_value": DAYS_OUT_OF_RANGE,
            "invalid": DAYS_OUT_OF_RANGE,
        },
    )
    offer = forms.ModelChoiceField(
        label=_("Aanbod (menukaart)"),
        queryset=LocalOffer.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Geen aanbod gekozen"),
        help_text=_("Het lokale aanbod dat deze partner hier geeft."),
        error_messages={"invalid_choice": OFFER_NOT_OF_COALITION},
    )
    agreement = forms.ModelChoiceField(
        label=_("Ketenafspraak"),
        queryset=Agreement.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("Geen afspraak gekozen"),
        help_text=_("De afspraak tussen partners waarop deze stap rust."),
        error_messages={"invalid_choice": AGREEMENT_NOT_OF_COALITION},
    )

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["partner"]
        partner.queryset = partners_accepted(coalition)  # type: ignore[attr-defined]
        partner.label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]
        offer = self.fields["offer"]
        offer.queryset = LocalOffer.objects.filter(coalition=coalition).select_related(  # type: ignore[attr-defined]
            "intervention", "partner__organisation"
        )
        offer.label_from_instance = lambda o: f"{o.intervention.name} — {o.partner.organisation.name}"  # type: ignore[attr-defined]
        agreement = self.fields["agreement"]
        agreement.queryset = Agreement.objects.filter(coalition=coalition)  # type: ignore[attr-defined]
        agreement.label_from_instance = lambda a: a.topic  # type: ignore[attr-defined]
