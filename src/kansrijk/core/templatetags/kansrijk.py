"""Template helpers of the UI shell: Utrecht form widgets and the current-page marker in the navigation."""

from __future__ import annotations

import copy

from django import template
from django.forms import BoundField
from django.http import HttpRequest
from django.utils.safestring import SafeString

register = template.Library()

# Utrecht CSS classes per HTML input type; anything not listed is a text box.
_WIDGET_CLASSES = {
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
    "radio": "utrecht-radio-button utrecht-radio-button--html-input",
    "select": "utrecht-select utrecht-select--html-select",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
}
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


def widget_kind(bound_field: BoundField) -> str:
    """The input type ('text', 'checkbox', 'select', 'textarea' …) that decides the markup around it."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type:
        return str(widget.attrs.get("type", input_type))
    name = type(widget).__name__.lower()
    if "textarea" in name:
        return "textarea"
    if "select" in name:
        return "select"
    return "text"


@register.filter
def utrecht_kind(bound_field: BoundField) -> str:
    return widget_kind(bound_field)


@register.filter
def utrecht_widget(bound_field: BoundField) -> SafeString:
    """Render the widget with Utrecht classes, linked to its help and error texts for screen readers."""
    kind = widget_kind(bound_field)
    classes = _WIDGET_CLASSES.get(kind, _TEXTBOX)
    attrs: dict[str, str | bool] = {}  # the widget-attrs type as_widget() takes
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-help")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        classes += f" {classes.split()[0]}--invalid"
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    widget = bound_field.field.widget
    if str(widget.attrs.get("placeholder", "")) == str(bound_field.label):
        # allauth repeats the label as placeholder; with a visible label that is only noise.
        widget = copy.copy(widget)
        widget.attrs = {k: v for k, v in widget.attrs.items() if k != "placeholder"}
    attrs["class"] = f"{widget.attrs.get('class', '')} {classes}".strip()
    return bound_field.as_widget(widget=widget, attrs=attrs)


@register.simple_tag
def aria_current(request: HttpRequest | None, prefix: str, exact: bool = False) -> SafeString:
    """`aria-current="page"` for the navigation link of the section the visitor is in."""
    path = getattr(request, "path", "") or ""
    hit = path == prefix if exact else path.startswith(prefix)
    return SafeString(' aria-current="page"') if hit else SafeString("")
