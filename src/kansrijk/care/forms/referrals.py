"""Forms of the referral pages: a new referral along the klantroute, the handover set, a move in the loop
and the warm handover. They check input only; the services decide which move is allowed and what it needs.

Every form that changes a referral carries the `version` the page showed (a hidden field): the service
refuses a write on a stale version ("changed by someone else — reload").
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kansrijk.care.models.referral import ReferralOutcome, ReferralStatus, WarmHandoverStatus
from kansrijk.care.referral_states import NEEDS_REASON
from kansrijk.core.forms import MultiLineCharField

S = ReferralStatus


def _date(label: Any, help_text: Any = "", required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class VersionForm(forms.Form):
    """The version of the referral the page showed (optimistic locking)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReferralNewForm(forms.Form):
    """Pick a proposal of the route (a step with a team of its organisation), and say why."""

    choice = forms.ChoiceField(
        label=_("Naar wie verwijst u?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een stap uit de route en een team.")},
    )
    reason = MultiLineCharField(
        label=_("Reden van de verwijzing"),
        help_text=_("Waarom verwijst u dit gezin? Schrijf alleen op wat de ontvanger nodig heeft."),
    )
    message = MultiLineCharField(
        label=_("Bericht aan de ontvanger"),
        required=False,
        help_text=_("Niet verplicht. Bijvoorbeeld wanneer het gezin goed bereikbaar is."),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        """`choices`: "<need>|<step id>|<team id>" with a label, one per team of each proposed step."""
        super().__init__(*args, **kwargs)
        field = self.fields["choice"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def handover_form_class(fields: list[tuple[str, Any]]) -> type[VersionForm]:
    """A form for the handover fields this referral may carry (only the categories it sends)."""
    attrs: dict[str, Any] = {
        name: MultiLineCharField(label=label, required=False, rows=3) for name, label in fields
    }
    return type("HandoverForm", (VersionForm,), attrs)


# The form fields each move asks for (besides the version).
MOVE_FIELDS: dict[str, tuple[str, ...]] = {
    S.REJECTED: ("outcome", "reason"),
    S.REFERRED_ELSEWHERE: ("reason",),
    S.STOPPED: ("outcome", "reason"),
    S.NOT_REACHED: ("reason",),
    S.WITHDRAWN: ("reason",),
    S.FIRST_CONTACT: ("first_contact_on",),
    S.COMPLETED: ("outcome", "reason"),
}

REASON_LABELS: dict[str, Any] = {
    S.REJECTED: _("Waarom wijst u de verwijzing af?"),
    S.REFERRED_ELSEWHERE: _("Naar wie verwijst u door, en waarom?"),
    S.STOPPED: _("Waarom stopt de hulp?"),
    S.NOT_REACHED: _("Wat heeft u geprobeerd?"),
    S.WITHDRAWN: _("Waarom trekt u de verwijzing in?"),
    S.COMPLETED: _("Toelichting"),
}


class MoveForm(VersionForm):
    """One move in the loop (accept, reject, first contact, …) to `target`. Each move on the page has its
    own form (prefixed, so the ids stay unique); the target itself is posted as "naar"."""

    reason = MultiLineCharField(label=_("Reden"), required=False)
    outcome = forms.ChoiceField(
        label=_("Wat is er gebeurd?"), required=False, choices=[("", "---------"), *ReferralOutcome.choices]
    )
    first_contact_on = _date(_("Datum van het eerste contact"))

    def __init__(self, *args: Any, target: str, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"zet-{target}")
        super().__init__(*args, **kwargs)
        self.target = target
        wanted = MOVE_FIELDS.get(target, ())
        for name in ("reason", "outcome", "first_contact_on"):
            if name not in wanted:
                del self.fields[name]
        if "reason" in self.fields:
            self.fields["reason"].label = REASON_LABELS.get(target, _("Reden"))
            self.fields["reason"].required = target in NEEDS_REASON
            if target == S.COMPLETED:
                self.fields["reason"].help_text = _("Niet verplicht. Kies bij 'Anders' wat er gebeurde.")
        if "outcome" in self.fields:
            self.fields["outcome"].required = target == S.COMPLETED
            if target != S.COMPLETED:
                self.fields["outcome"].help_text = _("Niet verplicht.")
        if "first_contact_on" in self.fields:
            self.fields["first_contact_on"].required = True

    @property
    def visible(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name != "version"]


class WarmHandoverForm(VersionForm):
    """The joint contact of the family with both professionals."""

    status = forms.ChoiceField(
        label=_("Warme overdracht"), choices=WarmHandoverStatus.choices, widget=forms.RadioSelect
    )
    planned_on = _date(_("Gepland op"), _("Vul in als de afspraak gepland is."))
    held_on = _date(_("Gehouden op"), _("Vul in als het gesprek is geweest."))
    reason = MultiLineCharField(
        label=_("Waarom niet gehouden"), required=False, help_text=_("Alleen als het gesprek niet doorging.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "warm")
        super().__init__(*args, **kwargs)
