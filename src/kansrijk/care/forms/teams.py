"""Forms of the organisation admin's team pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.models import User
from kansrijk.core.forms import SingleLineCharField


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name()
        return f"{name} ({obj.email})" if name else obj.email


class TeamCreateForm(forms.Form):
    name = SingleLineCharField(label=_("Naam van het team"), max_length=120)


class TeamMemberForm(forms.Form):
    user = ProfessionalChoiceField(
        label=_("Zorgprofessional"), queryset=User.objects.none(), to_field_name="public_id"
    )

    def __init__(self, *args: Any, professionals: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = professionals  # type: ignore[attr-defined]
