"""Forms of the professional's family pages: worklist filter, registering a family, a person's details,
the child after birth, closing the episode and answering a correction request."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kansrijk.areas.models import Area
from kansrijk.areas.selectors import wijken_of
from kansrijk.care import bsn as bsn_codec
from kansrijk.care.models import EpisodeStage
from kansrijk.coalitions.models import Coalition
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
POSTCODE_INVALID = _("Vul een postcode in zoals 1234 AB.")
BSN_INVALID = _("Dit is geen geldig BSN (9 cijfers die de elfproef halen).")
DATE_IN_FUTURE = _("Deze datum kan niet in de toekomst liggen.")
DUE_DATE_NEEDED = _("Vul de uitgerekende datum in.")
WIJK_OUTSIDE = _("Deze wijk ligt niet in de gekozen gemeente.")
MUNICIPALITY_OUTSIDE = _("Deze gemeente hoort niet bij de gekozen coalitie.")


def _date(label: Any, *, required: bool = False, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _clean_postcode(value: str) -> str:
    value = value.strip()
    if value and not POSTCODE.match(value):
        raise ValidationError(POSTCODE_INVALID)
    return value.replace(" ", "").upper()


def _clean_bsn(value: str) -> str:
    value = value.strip().replace(" ", "").replace(".", "")
    if value and not bsn_codec.is_valid_bsn(value):
        raise ValidationError(BSN_INVALID)
    return value


def _not_future(value: Any) -> Any:
    if value and value > timezone.localdate():
        raise ValidationError(DATE_IN_FUTURE)
    return value


class WijkChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj.name} ({obj.parent.name})" if obj.parent else obj.name


class WorklistFilterForm(forms.Form):
    fase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen")), *EpisodeStage.choices]
    )
    zoek = SingleLineCharField(label=_("Zoek op naam"), required=False, max_length=100)


class PersonFieldsMixin(forms.Form):
    """The fields of one person (also used to correct them later)."""

    given_name = SingleLineCharField(label=_("Voornaam"), max_length=100)
    family_name = SingleLineCharField(label=_("Achternaam"), max_length=150, required=False)
    birth_date = _date(_("Geboortedatum"))
    postcode = SingleLineCharField(label=_("Postcode"), max_length=7, required=False)
    phone = SingleLineCharField(label=_("Telefoon"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mailadres"), required=False)
    bsn = SingleLineCharField(
        label=_("BSN (niet verplicht)"),
        max_length=11,
        required=False,
        help_text=_("Wordt versleuteld bewaard en nooit in lijsten getoond."),
    )

    def clean_postcode(self) -> str:
        return _clean_postcode(self.cleaned_data["postcode"])

    def clean_bsn(self) -> str:
        return _clean_bsn(self.cleaned_data["bsn"])

    def clean_birth_date(self) -> Any:
        return _not_future(self.cleaned_data["birth_date"])


class PersonForm(PersonFieldsMixin):
    bsn = SingleLineCharField(
        label=_("BSN (niet verplicht)"),
        max_length=11,
        required=False,
        help_text=_("Laat leeg om het bewaarde BSN te houden. Een bewaard BSN tonen we nooit."),
    )


class RegisterForm(PersonFieldsMixin):
    coalition = forms.ModelChoiceField(label=_("Coalitie"), queryset=Coalition.objects.none())
    municipality = forms.ModelChoiceField(label=_("Gemeente"), queryset=Area.objects.none())
    wijk = WijkChoiceField(
        label=_("Wijk"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("Kies de wijk waar het gezin woont."),
    )
    stage = forms.ChoiceField(label=_("Fase"), choices=EpisodeStage.choices, initial=EpisodeStage.PREGNANT)
    due_date = _date(_("Uitgerekende datum"), help_text=_("Verplicht als de moeder zwanger is."))
    partner_given_name = SingleLineCharField(label=_("Voornaam partner"), max_length=100, required=False)
    partner_family_name = SingleLineCharField(label=_("Achternaam partner"), max_length=150, required=False)
    partner_birth_date = _date(_("Geboortedatum partner"))

    def __init__(self, *args: Any, coalitions: QuerySet[Coalition], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coalition"].queryset = coalitions  # type: ignore[attr-defined]
        municipalities = Area.objects.filter(coalitions__in=coalitions).distinct().order_by("name")
        self.fields["municipality"].queryset = municipalities  # type: ignore[attr-defined]
        wijk_ids = [w.pk for m in municipalities for w in wijken_of(m)]
        wijken = (
            Area.objects.filter(pk__in=wijk_ids).select_related("parent").order_by("parent__name", "name")
        )
        self.fields["wijk"].queryset = wijken  # type: ignore[attr-defined]
        if coalitions.count() == 1:
            self.fields["coalition"].initial = coalitions.first()
        if municipalities.count() == 1:
            self.fields["municipality"].initial = municipalities.first()

    def clean_partner_birth_date(self) -> Any:
        return _not_future(self.cleaned_data["partner_birth_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coalition, municipality, wijk = data.get("coalition"), data.get("municipality"), data.get("wijk")
        if coalition and municipality and not coalition.municipalities.filter(pk=municipality.pk).exists():
            self.add_error("municipality", MUNICIPALITY_OUTSIDE)
        if municipality and wijk and not wijken_of(municipality).filter(pk=wijk.pk).exists():
            self.add_error("wijk", WIJK_OUTSIDE)
        if data.get("stage") == EpisodeStage.PREGNANT and not data.get("due_date"):
            self.add_error("due_date", DUE_DATE_NEEDED)
        return data


class ChildForm(forms.Form):
    given_name = SingleLineCharField(label=_("Voornaam van het kind"), max_length=100)
    family_name = SingleLineCharField(label=_("Achternaam van het kind"), max_length=150, required=False)
    birth_date = _date(_("Geboortedatum van het kind"), required=True)

    def clean_birth_date(self) -> Any:
        return _not_future(self.cleaned_data["birth_date"])


class CloseForm(forms.Form):
    reason = SingleLineCharField(
        label=_("Reden van afsluiten"),
        max_length=200,
        help_text=_("Bijvoorbeeld: het kind is 2 jaar, of het gezin is verhuisd."),
    )


class CorrectionAnswerForm(forms.Form):
    answer = MultiLineCharField(
        label=_("Uw antwoord aan de ouder"),
        help_text=_("Schrijf wat u heeft aangepast, of waarom niet. De ouder leest dit."),
    )
