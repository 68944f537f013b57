"""A professional invites a parent to the family's own view (POST from the family page)."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kansrijk.care.selectors.access import episode_access
from kansrijk.care.selectors.families import person_get
from kansrijk.care.services.parents import parent_invite
from kansrijk.care.views._common import care_context


class InviteForm(forms.Form):
    # Optional: without it the person's own e-mail address is used.
    email = forms.EmailField(required=False, max_length=254)


def _errors(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


@require_POST
@login_required
def parent_invite_view(request: HttpRequest, public_id: UUID, person_id: UUID) -> HttpResponse:
    ctx = care_context(request)
    person = person_get(episode_access(ctx, public_id), person_id)  # 404 for outsiders
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Dit is geen geldig e-mailadres."))
        return redirect("care:family", public_id=public_id)
    try:
        parent_invite(
            ctx,
            episode_id=public_id,
            person=person,
            email=form.cleaned_data["email"],
            link_base=request.build_absolute_uri("/").rstrip("/"),
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(
            request,
            _("%(name)s heeft een e-mail gekregen om de eigen gegevens te bekijken.") % {"name": person},
        )
    return redirect("care:family", public_id=public_id)
