"""The organisation admin's system clients (koppelingen) and the organisation's identifiers (URA, AGB,
KvK): create a credential (its secret is shown once), revoke one, set the identifiers. Configuration
only: the admin never sees a family here. 404 for anyone who is not the organisation's own admin."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kansrijk.care.forms import add_service_error
from kansrijk.care.forms.clients import ClientCreateForm, IdentifiersForm
from kansrijk.care.selectors.clients import (
    client_get_administered,
    clients_overview,
    organisation_for_clients,
)
from kansrijk.care.services.clients import client_create, client_revoke, organisation_identifiers_update
from kansrijk.core.auth import signed_in_user

# The new token waits in the (server-side) session for the one page view that shows it.
_SESSION_KEY = "care_new_client"


def _render(
    request: HttpRequest,
    *,
    bound: forms.Form | None = None,
    bound_for: tuple[str, int] | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = clients_overview(signed_in_user(request))
    if not overview:
        raise PermissionDenied(_("U beheert geen organisatie."))
    new_token = request.session.pop(_SESSION_KEY, None) if status == 200 else None
    blocks = []
    for item in overview:
        org = item.organisation
        prefix = f"id_{org.public_id}_%s"
        blocks.append(
            {
                "item": item,
                "identifiers_form": bound
                if bound_for == ("nummers", org.pk)
                else IdentifiersForm(
                    initial={"ura": org.ura, "agb": org.agb, "kvk": org.kvk}, auto_id=prefix
                ),
                "create_form": bound
                if bound_for == ("koppeling", org.pk)
                else ClientCreateForm(auto_id="id_new_" + str(org.public_id) + "_%s"),
                "new_token": new_token
                if new_token and new_token["organisation"] == str(org.public_id)
                else None,
            }
        )
    response = render(request, "care/clients/list.html", {"blocks": blocks}, status=status)
    add_never_cache_headers(response)  # the page may carry a secret once
    return response


@require_GET
@login_required
def clients_view(request: HttpRequest) -> HttpResponse:
    return _render(request)


@require_POST
@login_required
def client_create_view(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    organisation = organisation_for_clients(user, organisation_id)
    form = ClientCreateForm(request.POST, auto_id="id_new_" + str(organisation.public_id) + "_%s")
    if form.is_valid():
        try:
            client, token = client_create(
                organisation=organisation, name=form.cleaned_data["name"], actor=user
            )
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            request.session[_SESSION_KEY] = {
                "organisation": str(organisation.public_id),
                "name": client.name,
                "token": token,
            }
            messages.success(request, _("Koppeling %(name)s is gemaakt.") % {"name": client.name})
            return redirect("care:clients")
    return _render(request, bound=form, bound_for=("koppeling", organisation.pk), status=422)


@require_POST
@login_required
def client_revoke_view(request: HttpRequest, client_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    client = client_get_administered(user, client_id)
    try:
        client_revoke(client=client, actor=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("care:clients")
    messages.success(
        request, _("Koppeling %(name)s is ingetrokken. Hij werkt niet meer.") % {"name": client.name}
    )
    return redirect("care:clients")


@require_POST
@login_required
def identifiers_view(request: HttpRequest, organisation_id: UUID) -> HttpResponse:
    user = signed_in_user(request)
    organisation = organisation_for_clients(user, organisation_id)
    form = IdentifiersForm(request.POST, auto_id=f"id_{organisation.public_id}_%s")
    if form.is_valid():
        try:
            organisation_identifiers_update(organisation=organisation, actor=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("De nummers van %(name)s zijn opgeslagen.") % {"name": organisation.name}
            )
            return redirect("care:clients")
    return _render(request, bound=form, bound_for=("nummers", organisation.pk), status=422)
