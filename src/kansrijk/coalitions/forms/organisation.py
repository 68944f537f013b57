"""Forms of the "Mijn organisatie" pages. They check input only; the rules live in the accounts services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import Role
from kansrijk.accounts.organisation_services import ORG_GRANTABLE_ROLES
from kansrijk.core.forms import SingleLineCharField

EMAIL_REQUIRED = _("Vul het e-mailadres in.")
EMAIL_INVALID = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl.")
ROLE_INVALID = _("Kies een van de rollen uit de lijst.")


class MemberAddForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID},
        help_text=_(
            "Heeft deze persoon nog geen account? Dan krijgt hij of zij een e-mail met een link om een "
            "wachtwoord te kiezen."
        ),
    )
    first_name = SingleLineCharField(label=_("Voornaam"), max_length=150, required=False)
    last_name = SingleLineCharField(label=_("Achternaam"), max_length=150, required=False)
    # Only the roles an organisation may hand out; the national and platform roles are never offered.
    role = forms.ChoiceField(
        label=_("Rol"),
        choices=[(r.value, r.label) for r in ORG_GRANTABLE_ROLES],
        initial=Role.PARTNER_MEMBER,
        error_messages={"invalid_choice": ROLE_INVALID},
        help_text=_(
            "Medewerker: kan meedoen in coalities als een coördinator hem of haar uitnodigt. "
            "Coördinator: kan ook coalities aanvragen en coördineren. Beheerder: beheert deze pagina. "
            "Zorgprofessional: werkt met gezinnen, alleen binnen het eigen team. "
            "Logbeheerder: controleert wie welke gezinsgegevens heeft ingezien."
        ),
    )


class AccessReviewForm(forms.Form):
    # The fingerprint of the list as shown: if it changed in the meantime, the confirmation is refused.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
