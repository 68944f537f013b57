"""The family's own view at /zorg/mijn-gegevens/: a signed-in parent sees their own family's data, withdraws
consent (effective at once) and asks for a correction. Anyone who is not a linked parent gets a 404."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kansrijk.care.models import Person
from kansrijk.care.selectors.family_view import (
    correction_persons,
    family_consent,
    family_view,
    parent_consent_get,
    parent_family,
)
from kansrijk.care.services.consent import consent_withdraw
from kansrijk.care.services.corrections import correction_request
from kansrijk.care.views._common import family_context
from kansrijk.core.forms import MultiLineCharField

TEMPLATE = "care/parent/my_data.html"


class CorrectionForm(forms.Form):
    person = forms.ModelChoiceField(
        label=gettext_lazy("Over wie gaat het?"), queryset=Person.objects.none(), empty_label=None
    )
    text = MultiLineCharField(
        label=gettext_lazy("Wat klopt er niet?"),
        help_text=gettext_lazy("Schrijf op wat er niet klopt en wat het wel moet zijn."),
        rows=4,
    )

    def __init__(self, *args: Any, persons: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = persons
        field.to_field_name = "public_id"


def _page(request: HttpRequest, episode_id: UUID | None, form: CorrectionForm | None = None) -> HttpResponse:
    ctx = family_context(request)
    view = family_view(ctx, episode_id)
    form = form or CorrectionForm(persons=correction_persons(view.access))
    status = 422 if form.is_bound else 200
    return render(request, TEMPLATE, {"view": view, "episode": view.episode, "form": form}, status=status)


@require_GET
@login_required
def my_data(request: HttpRequest, episode_id: UUID | None = None) -> HttpResponse:
    return _page(request, episode_id)


@require_http_methods(["GET", "POST"])
@login_required
def consent_withdraw_confirm(request: HttpRequest, episode_id: UUID, consent_id: UUID) -> HttpResponse:
    ctx = family_context(request)
    if request.method == "POST":
        consent = parent_consent_get(parent_family(ctx, episode_id), consent_id)
        try:
            consent_withdraw(ctx, consent=consent)
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(
                request,
                _("Uw toestemming is ingetrokken. %(org)s kan uw gegevens vanaf nu niet meer zien.")
                % {"org": consent.receiving_organisation.name},
            )
        return redirect("care:parent_family", episode_id=episode_id)
    access, row = family_consent(ctx, episode_id, consent_id)
    context = {"episode": access.episode, "row": row}
    return render(request, "care/parent/consent_withdraw.html", context)


@require_POST
@login_required
def correction(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    ctx = family_context(request)
    access = parent_family(ctx, episode_id)
    form = CorrectionForm(request.POST, persons=correction_persons(access))
    if not form.is_valid():
        return _page(request, episode_id, form)
    try:
        correction_request(
            ctx, episode_id=episode_id, person=form.cleaned_data["person"], text=form.cleaned_data["text"]
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return _page(request, episode_id, form)
    messages.success(request, _("Uw vraag is verstuurd. Uw zorgverlener neemt contact met u op."))
    return redirect("care:parent_family", episode_id=episode_id)
