"""Forms of the care layer's pages, one module per part. They check input only; the services decide."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError


def add_service_error(form: forms.Form, exc: ValidationError | PermissionDenied) -> None:
    """Put a service's refusal on the form: on the named field when the form has it, else above it."""
    if isinstance(exc, PermissionDenied):
        form.add_error(None, str(exc))
    elif hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)
