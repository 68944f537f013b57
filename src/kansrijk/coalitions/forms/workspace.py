"""Forms of the workspace pages: create a coalition, partners, coordinators, invitations.

Error messages are module constants (the tests assert them exactly). Forms only check input; the
rules (reserved slugs, duplicates, permissions) live in the services, whose errors the views put
back on these forms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Organisation, OrganisationKind, User
from kansrijk.areas.models import Area
from kansrijk.areas.selectors import municipality_search
from kansrijk.coalitions.models import Coalition, ParticipationRole, PartnerLevel
from kansrijk.coalitions.selectors.access import partners_accepted
from kansrijk.coalitions.services.coalition import NO_MUNICIPALITIES, NewOrganisation
from kansrijk.core.forms import MultiLineCharField, SingleLineCharField

if TYPE_CHECKING:  # django-stubs only: a str or a lazy translation
    from django_stubs_ext import StrOrPromise

NAME_REQUIRED = _("Vul de naam van de coalitie in.")
SLUG_INVALID = _(
    "Gebruik voor het webadres alleen kleine letters, cijfers en streepjes, bijvoorbeeld kansrijk-utrecht."
)
MUNICIPALITY_UNKNOWN = _("Geen gemeente gevonden voor “{query}”.")
MUNICIPALITY_SUGGEST = _(" Bedoelde u: {names}?")
MUNICIPALITY_AMBIGUOUS = _(
    "“{query}” past bij meer dan één gemeente: {names}. Typ de volledige naam of de CBS-code."
)
ORGANISATION_CHOOSE = _(
    "Kies een bestaande organisatie of vul de naam en het soort van een nieuwe organisatie in."
)
ORGANISATION_ONE = _("Kies een bestaande organisatie óf vul een nieuwe in, niet allebei.")
NEW_KIND_REQUIRED = _("Kies het soort van de nieuwe organisatie.")
EMAIL_REQUIRED = _("Vul het e-mailadres in.")
EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
PASSWORDS_DIFFER = _("De twee wachtwoorden zijn niet gelijk.")
PASSWORD_REQUIRED = _("Kies een wachtwoord.")  # noqa: S105 (a message, not a password)
USER_REQUIRED = _("Kies een persoon.")
PARTNER_REQUIRED = _("Kies een partnerorganisatie van deze coalitie.")

_SEPARATORS = re.compile(r"[,;\n]+")

_KIND_CHOICES = [("", _("— kies het soort —")), *OrganisationKind.choices]


def _organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


class _OrganisationChoiceMixin(forms.Form):
    """An existing organisation from the list, or a new one by name and kind (exactly one of both).

    `cleaned_data["organisation_value"]` is the Organisation or a NewOrganisation for the service."""

    existing_field = "organisation"
    prefix_new = "new"

    def _clean_organisation_choice(self, cleaned: dict[str, Any]) -> None:
        existing = cleaned.get(self.existing_field)
        name = (cleaned.get(f"{self.prefix_new}_name") or "").strip()
        kind = cleaned.get(f"{self.prefix_new}_kind") or ""
        if existing and (name or kind):
            self.add_error(self.existing_field, ORGANISATION_ONE)
        elif existing:
            cleaned["organisation_value"] = existing
        elif name and kind:
            cleaned["organisation_value"] = NewOrganisation(name=name, kind=kind)
        elif name:
            self.add_error(f"{self.prefix_new}_kind", NEW_KIND_REQUIRED)
        elif self.existing_field not in self.errors:
            self.add_error(self.existing_field, ORGANISATION_CHOOSE)


def _kind_field(label: StrOrPromise) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=_KIND_CHOICES, required=False)


def resolve_municipalities(text: str) -> tuple[list[Area], list[str]]:
    """Names or CBS codes separated by commas, semicolons or new lines → (areas, errors)."""
    areas: list[Area] = []
    errors: list[str] = []
    for query in (q.strip() for q in _SEPARATORS.split(text)):
        if not query:
            continue
        result = municipality_search(query)
        match = result.single
        if match is not None:
            if match not in areas:
                areas.append(match)
        elif result.matches:
            names = ", ".join(a.name for a in result.matches[:6])
            errors.append(str(MUNICIPALITY_AMBIGUOUS).format(query=query, names=names))
        else:
            message = str(MUNICIPALITY_UNKNOWN).format(query=query)
            if result.suggestions:
                message += str(MUNICIPALITY_SUGGEST).format(
                    names=", ".join(a.name for a in result.suggestions)
                )
            errors.append(message)
    return areas, errors


class CoalitionCreateForm(_OrganisationChoiceMixin):
    existing_field = "lead"
    prefix_new = "lead"

    name = SingleLineCharField(
        label=_("Naam van de coalitie"),
        max_length=200,
        help_text=_("Bijvoorbeeld: Kansrijke Start Utrecht."),
        error_messages={"required": NAME_REQUIRED},
    )
    slug = forms.SlugField(
        label=_("Webadres (slug)"),
        max_length=80,
        required=False,
        help_text=_(
            "Het laatste deel van het webadres: /coalities/<slug>/. Kleine letters, cijfers en streepjes. "
            "Leeg laten: wordt afgeleid van de naam."
        ),
        error_messages={"invalid": SLUG_INVALID},
    )
    municipalities = MultiLineCharField(
        label=_("Gemeenten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Eén of meer gemeenten uit de huidige indeling, gescheiden door komma's of op aparte regels: "
            "naam of CBS-code, bijvoorbeeld: Utrecht, GM0356."
        ),
        error_messages={"required": NO_MUNICIPALITIES},
    )
    lead = forms.ModelChoiceField(
        label=_("Kartrekker: bestaande organisatie"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("— nieuwe organisatie (vul hieronder in) —"),
        help_text=_("De organisatie die de coalitie trekt, meestal de gemeente."),
    )
    lead_name = SingleLineCharField(
        label=_("Of: naam van een nieuwe organisatie"), max_length=200, required=False
    )
    lead_kind = _kind_field(_("Soort nieuwe organisatie"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = _organisations()  # type: ignore[attr-defined]

    def clean_slug(self) -> str:
        return str(self.cleaned_data.get("slug") or "").lower()

    def clean_municipalities(self) -> list[Area]:
        areas, errors = resolve_municipalities(self.cleaned_data["municipalities"])
        if errors:
            raise forms.ValidationError(errors)
        if not areas:
            raise forms.ValidationError(NO_MUNICIPALITIES)
        return areas

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_organisation_choice(cleaned)
        return cleaned


class _PartnerFieldsMixin(forms.Form):
    level = forms.ChoiceField(
        label=_("Niveau"),
        choices=PartnerLevel.choices,
        initial=PartnerLevel.UITVOEREND,
        help_text=_("Bestuurlijk: beslist mee over de koers. Uitvoerend: werkt met gezinnen."),
    )
    role = SingleLineCharField(
        label=_("Rol in de coalitie"),
        max_length=200,
        required=False,
        help_text=_("Bijvoorbeeld: signaleert in de zwangerschap, voert het kraambezoek uit."),
    )
    contact_name = SingleLineCharField(label=_("Contactpersoon"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("E-mail contactpersoon"), required=False, error_messages={"invalid": EMAIL_INVALID}
    )
    contact_phone = SingleLineCharField(label=_("Telefoon contactpersoon"), max_length=40, required=False)


class PartnerAddForm(_OrganisationChoiceMixin, _PartnerFieldsMixin):
    organisation = forms.ModelChoiceField(
        label=_("Bestaande organisatie"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("— nieuwe organisatie (vul hieronder in) —"),
    )
    new_name = SingleLineCharField(
        label=_("Of: naam van een nieuwe organisatie"), max_length=200, required=False
    )
    new_kind = _kind_field(_("Soort nieuwe organisatie"))

    field_order = ["organisation", "new_name", "new_kind", "level", "role"]

    def __init__(self, *args: Any, partner_org_ids: frozenset[int] = frozenset(), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = _organisations()  # type: ignore[attr-defined]
        # Still selectable (the service gives the clear message), but marked in the list.
        field.label_from_instance = lambda o: (  # type: ignore[attr-defined]
            f"{o.name} (al partner)" if o.pk in partner_org_ids else o.name
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._clean_organisation_choice(cleaned)
        return cleaned

    def partner_fields(self) -> dict[str, str]:
        return {
            f: self.cleaned_data[f]
            for f in ("level", "role", "contact_name", "contact_email", "contact_phone")
        }


class PartnerEditForm(_PartnerFieldsMixin):
    pass


class CoordinatorAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Deelnemer aan deze coalitie"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("— kies een persoon —"),
        error_messages={"required": USER_REQUIRED, "invalid_choice": USER_REQUIRED},
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        """`candidates`: only people who take part in the coalition (names and addresses of anyone else
        are never shown to a coordinator)."""
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: (  # type: ignore[attr-defined]
            f"{u.get_full_name()} ({u.email})" if u.get_full_name() else u.email
        )


class InvitationForm(forms.Form):
    """An invitation on behalf of one of this coalition's accepted partners; no other organisation is
    offered (nobody can join on behalf of an organisation that has not agreed to take part)."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
        help_text=_("De uitnodiging gaat naar dit adres; de link is 14 dagen geldig."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Namens partnerorganisatie"),
        queryset=Organisation.objects.none(),
        to_field_name="public_id",
        empty_label=_("— kies een partner —"),
        error_messages={"required": PARTNER_REQUIRED, "invalid_choice": PARTNER_REQUIRED},
        help_text=_("Alleen partners die hun deelname hebben bevestigd."),
    )
    role = forms.ChoiceField(
        label=_("Rol in deze coalitie"),
        choices=ParticipationRole.choices,
        initial=ParticipationRole.MEMBER,
        help_text=_("Een coördinator mag de coalitie wijzigen en anderen uitnodigen."),
    )

    def __init__(self, *args: Any, coalition: Coalition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner_orgs = partners_accepted(coalition).values("organisation_id")
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            pk__in=partner_orgs
        ).order_by("name")


class PartnershipDeclineForm(forms.Form):
    reason = SingleLineCharField(
        label=_("Reden (niet verplicht)"),
        max_length=500,
        required=False,
        help_text=_("De coördinator van de coalitie ziet dat het voorstel is afgewezen."),
    )


class AcceptNewAccountForm(forms.Form):
    first_name = SingleLineCharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = SingleLineCharField(label=_("Achternaam"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "Minstens 10 tekens; geen veelgebruikt wachtwoord en niet te veel zoals uw naam of e-mailadres."
        ),
        error_messages={"required": PASSWORD_REQUIRED},
    )
    password_again = forms.CharField(
        label=_("Wachtwoord (nog een keer)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": PASSWORD_REQUIRED},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("password")
            and cleaned.get("password_again")
            and cleaned["password"] != cleaned["password_again"]
        ):
            self.add_error("password_again", PASSWORDS_DIFFER)
        return cleaned
