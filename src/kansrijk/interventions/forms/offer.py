"""The local-offer form. Choices are limited to this coalition (its partners, municipalities and their
wijken); the rules across fields (phases of the intervention, wijken in the chosen municipalities, no
duplicates) live in services/offer.py, whose messages the view shows next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Area
from kansrijk.areas.selectors import wijken_in
from kansrijk.coalitions.models import Coalition, CoalitionPartner
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.core.form_helpers import date_field
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField
from kansrijk.interventions.models import Intervention, LocalOffer, OfferCost, ReferralNeeded
from kansrijk.interventions.selectors.menukaart import menu_phase_choices
from kansrijk.interventions.services.offer import (
    MUNICIPALITY_NOT_IN_COALITION,
    NEGATIVE_CAPACITY,
    NEGATIVE_WAITING,
    NO_MUNICIPALITY,
    NO_OFFER_PHASE,
    PARTNER_NOT_IN_COALITION,
    WIJK_OUTSIDE_MUNICIPALITIES,
)

INTERVENTION_REQUIRED = _("Kies een interventie van de menukaart.")
UNKNOWN_INTERVENTION = _("Kies een interventie van de menukaart.")
PARTNER_REQUIRED = _("Kies de partner die het aanbiedt.")
WHOLE_NUMBER = _("Vul een heel getal in.")
# Lazy: a module constant, formatted in the language of the request that shows it.
UNKNOWN_WIJK = format_lazy(WIJK_OUTSIDE_MUNICIPALITIES, names=_("Deze wijk"))


class OfferForm(forms.Form):
    intervention = forms.ModelChoiceField(
        label=_("Interventie"),
        queryset=Intervention.objects.none(),
        to_field_name="slug",
        empty_label=_("— kies een interventie —"),
        error_messages={"required": INTERVENTION_REQUIRED, "invalid_choice": UNKNOWN_INTERVENTION},
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=CoalitionPartner.objects.none(),
        to_field_name="public_id",
        empty_label=_("— kies een partner —"),
        error_messages={"required": PARTNER_REQUIRED, "invalid_choice": PARTNER_NOT_IN_COALITION},
    )
    phases = forms.MultipleChoiceField(
        label=_("Fases"),
        help_text=_("Alleen fases waarvoor de interventie bedoeld is (zie de menukaart)."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_OFFER_PHASE},
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Area.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_MUNICIPALITY},
    )
    wijken = forms.ModelMultipleChoiceField(
        label=_("Wijken"),
        help_text=_("Leeg laten als het in de hele gemeente wordt aangeboden."),
        queryset=Area.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    capacity_per_year = forms.IntegerField(
        label=_("Capaciteit per jaar"),
        help_text=_("Aantal gezinnen of trajecten per jaar. Onbekend: leeg laten."),
        required=False,
        error_messages={"invalid": WHOLE_NUMBER},
    )
    waiting_days = forms.IntegerField(
        label=_("Wachttijd in dagen"),
        help_text=_("Gemiddelde tijd tot het eerste contact. Onbekend: leeg laten."),
        required=False,
        error_messages={"invalid": WHOLE_NUMBER},
    )
    contact = SingleLineCharField(
        label=_("Contact"),
        max_length=300,
        required=False,
        help_text=_(
            "Voor professionals: afdeling, telefoonnummer of e-mailadres. Geen gegevens van gezinnen."
        ),
    )
    since = date_field(_("Sinds"), required=False, help_text=_("Sinds wanneer het hier wordt aangeboden."))

    # --- the public Wegwijzer: a proposal that the partner organisation itself confirms ---
    show_on_wegwijzer = forms.BooleanField(
        label=_("Voorstellen voor de Wegwijzer"),
        required=False,
        help_text=_(
            "De Wegwijzer is openbaar, voor ouders. Het aanbod komt er pas op als de partnerorganisatie het "
            "zelf bevestigt. Na elke wijziging hieronder bevestigt de partner opnieuw."
        ),
    )
    public_description = forms.CharField(
        label=_("Wat het is, voor ouders"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Korte zinnen, eenvoudige woorden (B1). Leeg: de tekst van de menukaart."),
    )
    public_phone = SingleLineCharField(
        label=_("Openbaar telefoonnummer"),
        max_length=40,
        required=False,
        help_text=_("Het nummer voor ouders. Nooit een direct nummer van een professional."),
    )
    public_address = SingleLineCharField(label=_("Openbaar adres"), max_length=200, required=False)
    public_website = SingleLineCharField(
        label=_("Openbare website"), max_length=300, required=False, help_text=_("Begint met https://.")
    )
    # Not required: an offer saved without them (an older form, the API) stays "onbekend".
    cost = forms.TypedChoiceField(
        label=_("Kosten voor ouders"),
        choices=OfferCost.choices,
        initial=OfferCost.ONBEKEND,
        required=False,
        empty_value=OfferCost.ONBEKEND,
    )
    referral_needed = forms.TypedChoiceField(
        label=_("Verwijzing nodig"),
        choices=ReferralNeeded.choices,
        initial=ReferralNeeded.ONBEKEND,
        required=False,
        empty_value=ReferralNeeded.ONBEKEND,
    )
    public_translations = MultiLineCharField(
        label=_("Vertalingen van “wat het is”"),
        required=False,
        help_text=_("Eén taal per regel: taalcode, dubbele punt, tekst. Bijvoorbeeld “en: Help with money.”"),
    )

    def __init__(
        self, *args: Any, coalition: Coalition, offer: LocalOffer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        interventions = Intervention.objects.filter(is_active=True)
        if offer is not None:  # an offer keeps its intervention even after it left the menukaart
            interventions = Intervention.objects.filter(is_active=True) | Intervention.objects.filter(
                pk=offer.intervention_id
            )
        self.fields["intervention"].queryset = interventions.order_by("name")  # type: ignore[attr-defined]
        partners = partners_accepted(coalition)
        self.fields["partner"].queryset = partners  # type: ignore[attr-defined]
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name  # type: ignore[attr-defined]
        self.fields["phases"].choices = menu_phase_choices()  # type: ignore[attr-defined]
        municipalities = coalition.municipalities.order_by("name")
        field = self.fields["municipalities"]
        field.queryset = municipalities  # type: ignore[attr-defined]
        field.label_from_instance = lambda a: a.name  # type: ignore[attr-defined]
        field.error_messages["invalid_choice"] = str(MUNICIPALITY_NOT_IN_COALITION).format(
            names=_("Deze gemeente")
        )
        if municipalities.count() == 1 and not self.is_bound and "municipalities" not in self.initial:
            self.initial["municipalities"] = list(municipalities)
        several = municipalities.count() > 1
        wijken = self.fields["wijken"]
        wijken.queryset = wijken_in(coalition.municipalities.all())  # type: ignore[attr-defined]
        wijken.label_from_instance = (  # type: ignore[attr-defined]
            (lambda a: f"{a.name} ({a.parent.name})") if several else (lambda a: a.name)
        )
        wijken.error_messages["invalid_choice"] = UNKNOWN_WIJK

    def clean_capacity_per_year(self) -> int | None:
        value = self.cleaned_data["capacity_per_year"]
        if value is not None and value < 0:
            raise ValidationError(NEGATIVE_CAPACITY)
        return value

    def clean_public_translations(self) -> dict[str, dict[str, str]]:
        return parse_translations(self.cleaned_data["public_translations"])

    def clean_waiting_days(self) -> int | None:
        value = self.cleaned_data["waiting_days"]
        if value is not None and value < 0:
            raise ValidationError(NEGATIVE_WAITING)
        return value


def offer_initial(offer: LocalOffer) -> dict[str, Any]:
    return {
        "intervention": offer.intervention,
        "partner": offer.partner,
        "phases": list(offer.phases),
        "municipalities": list(offer.municipalities.all()),
        "wijken": list(offer.wijken.all()),
        "capacity_per_year": offer.capacity_per_year,
        "waiting_days": offer.waiting_days,
        "contact": offer.contact,
        "since": offer.since,
        "show_on_wegwijzer": offer.show_on_wegwijzer,
        "public_description": offer.public_description,
        "public_phone": offer.public_phone,
        "public_address": offer.public_address,
        "public_website": offer.public_website,
        "cost": offer.cost,
        "referral_needed": offer.referral_needed,
        "public_translations": format_translations(offer.public_translations),
    }


def parse_translations(text: str) -> dict[str, dict[str, str]]:
    """ "ar: …" lines → {"ar": {"description": "…"}}; the service checks the language codes."""
    result: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        code, sep, rest = line.partition(":")
        if not sep or not rest.strip():
            raise ValidationError(_("Schrijf elke regel als taalcode, dubbele punt, tekst."))
        result[code.strip().lower()] = {"description": rest.strip()}
    return result


def format_translations(translations: dict[str, dict[str, str]]) -> str:
    return "\n".join(f"{code}: {t.get('description', '')}" for code, t in sorted(translations.items()))
