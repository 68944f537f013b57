"""Forms of the monitor pages. The business-case (MKBA) calculator: read from GET, nothing is stored."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from kansrijk.monitoring import mkba


def _field(parameter: mkba.Parameter, *, help_text: str = "") -> forms.Field:
    if parameter.unit == "procent":
        message = mkba.rate_message()
        return forms.DecimalField(
            label=parameter.label,
            min_value=parameter.minimum,
            max_value=parameter.maximum,
            max_digits=4,
            decimal_places=1,
            localize=True,  # "7,5" as a Dutch user types it
            help_text=help_text,
            error_messages={
                "required": _("Vul een percentage in."),
                "invalid": message,
                "min_value": message,
                "max_value": message,
                "max_digits": message,
                "max_decimal_places": _("Gebruik hoogstens één cijfer achter de komma."),
                "max_whole_digits": message,
            },
        )
    message = {
        "gezinnen": mkba.families_message,
        "euro": mkba.cost_message,
        "jaar": mkba.horizon_message,
    }[parameter.unit]()
    return forms.IntegerField(
        label=parameter.label,
        min_value=int(parameter.minimum),
        max_value=int(parameter.maximum),
        required=parameter.unit == "jaar",
        help_text=help_text,
        error_messages={
            "required": _("Vul een periode in hele jaren in."),
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class MkbaForm(forms.Form):
    """Reach and cost per level (both or neither), a horizon, and the return range (sourced defaults)."""

    inputs: mkba.Inputs | None = None  # set by clean() when the input can be calculated

    def __init__(self, *args: Any, prefill: Mapping[str, mkba.Prefill] | None = None, **kwargs: Any) -> None:
        self.prefill = dict(prefill or {})
        super().__init__(*args, **kwargs)
        for parameter in mkba.parameters():
            help_text = ""
            if parameter.unit == "euro":
                help_text = _("Wat het aanbod voor één gezin op dit niveau kost, in hele euro's.")
            elif parameter.unit == "jaar":
                help_text = _(
                    "Over hoeveel jaar telt u de vermeden kosten? Van %(min)d tot %(max)d jaar."
                ) % {
                    "min": mkba.MIN_HORIZON,
                    "max": mkba.MAX_HORIZON,
                }
            elif parameter.source is not None:
                help_text = _("Standaard %(value)s%%: uit “%(title)s”.") % {
                    "value": parameter.default,
                    "title": parameter.source.title,
                }
            self.fields[parameter.key] = _field(parameter, help_text=help_text)
            if parameter.default is not None:
                self.fields[parameter.key].initial = parameter.default
        for level, known in self.prefill.items():
            key = mkba.reach_key(level)
            self.fields[key].initial = known.families
            self.fields[key].help_text = _("Vooraf ingevuld uit: %(source)s. U kunt het aanpassen.") % {
                "source": known.source_label
            }

    def level_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(level label, reach field, cost field) per level, for one fieldset each."""
        return [
            (str(level.label), self[mkba.reach_key(level.value)], self[mkba.cost_key(level.value)])
            for level in mkba.LEVELS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        reach: dict[str, int] = {}
        cost: dict[str, int] = {}
        for level in mkba.LEVELS:
            families = data.get(mkba.reach_key(level.value))
            euros = data.get(mkba.cost_key(level.value))
            if families is None and euros is None:
                continue
            if families is None:
                self.add_error(
                    mkba.reach_key(level.value),
                    _("Vul ook het aantal gezinnen in, of maak de kosten bij dit niveau leeg."),
                )
                continue
            if euros is None:
                self.add_error(
                    mkba.cost_key(level.value),
                    _("Vul ook de kosten per gezin in, of maak het aantal gezinnen bij dit niveau leeg."),
                )
                continue
            reach[level.value] = families
            cost[level.value] = euros
        if self.errors:
            return data
        inputs = mkba.Inputs(
            reach=reach,
            cost=cost,
            horizon_years=data[mkba.HORIZON],
            rate_low=Decimal(data[mkba.RATE_LOW]),
            rate_high=Decimal(data[mkba.RATE_HIGH]),
        )
        errors = mkba.validate(inputs)
        for key, message in errors.items():
            self.add_error(key or None, message)
        if not errors:
            self.inputs = inputs
        return data
