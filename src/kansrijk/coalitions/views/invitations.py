"""Invitations: the coordinator sends and revokes them; the invitee accepts through the link in the mail.

The accept page needs no login: the token in the link is the proof. A logged-in invitee accepts with
one button; a new invitee sets a password (Django's password validators) and is logged in; someone
whose account exists is asked to log in first. The token itself is never stored (only its hash).
Someone who is not yet a member of the invitation's organisation is told, before and after accepting, that
the organisation's admin must let them in first (docs/adr/0007).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from allauth.account.internal.flows.login import record_authentication
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from kansrijk.accounts.models import User
from kansrijk.accounts.services import login_succeeded
from kansrijk.coalitions.forms.workspace import AcceptNewAccountForm, InvitationForm
from kansrijk.coalitions.models import Invitation
from kansrijk.coalitions.selectors.access import user_is_member
from kansrijk.coalitions.selectors.workspace import (
    invitation_get_by_token,
    invitations_open,
    invitee_must_wait,
)
from kansrijk.coalitions.services.invitations import (
    ACCOUNT_EXISTS,
    WRONG_USER,
    invitation_accept,
    invitation_accept_new_account,
    invitation_check,
    invitation_create,
    invitation_revoke,
)
from kansrijk.coalitions.views.partners import coordinator_coalition, partners_url, render_partners
from kansrijk.coalitions.views.workspace import add_service_error
from kansrijk.core.auth import signed_in_user

INVITATION_SENT = _("De uitnodiging is verstuurd naar {email}.")
INVITATION_REVOKED = _("De uitnodiging voor {email} is ingetrokken.")
INVITATION_UNKNOWN = _(
    "Deze uitnodiging bestaat niet (meer). Misschien is ze ingetrokken; vraag de coördinator om een nieuwe."
)
INVITATION_ACCEPTED = _("Welkom bij {coalition}! U neemt deel namens {organisation}.")
INVITATION_WAITING = _(
    "U heeft de uitnodiging voor {coalition} aangenomen. U bent nog geen medewerker van {organisation} op "
    "Kansrijk. De beheerder van {organisation} moet u eerst toevoegen; daarna ziet u de coalitie. U hoeft "
    "zelf niets te doen."
)

# Placeholder for the token while Django builds the absolute link (reverse() would escape braces).
_TOKEN_PLACEHOLDER = "TOKEN-PLACEHOLDER"  # noqa: S105 (replaced by the real token)


def accept_url_template(request: HttpRequest) -> str:
    """The absolute accept link with `{token}` for the service, built from this request's host."""
    path = reverse("coalitions:invitation_accept", args=[_TOKEN_PLACEHOLDER])
    return request.build_absolute_uri(path).replace(_TOKEN_PLACEHOLDER, "{token}")


@require_POST
@login_required
def invitation_send(request: HttpRequest, slug: str) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    form = InvitationForm(request.POST, prefix="invite", coalition=coalition)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation, _token = invitation_create(
                coalition=coalition,
                email=data["email"],
                organisation=data["organisation"],
                actor=signed_in_user(request),
                role=data["role"],
                accept_url_template=accept_url_template(request),
            )
        except ValidationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, str(INVITATION_SENT).format(email=invitation.email))
            return redirect(partners_url(coalition, "uitnodigingen"))
    return render_partners(request, coalition, status=422, invitation_form=form)


@require_POST
@login_required
def invitation_revoke_view(request: HttpRequest, slug: str, public_id: UUID) -> HttpResponse:
    coalition = coordinator_coalition(request, slug)
    invitation = invitations_open(coalition).filter(public_id=public_id).first()
    if invitation is None:
        raise Http404(INVITATION_UNKNOWN)
    email = invitation.email
    invitation_revoke(invitation=invitation, actor=signed_in_user(request))
    messages.success(request, str(INVITATION_REVOKED).format(email=email))
    return redirect(partners_url(coalition, "uitnodigingen"))


def _page(
    request: HttpRequest, invitation: Invitation | None, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"invitation": invitation, **extra}
    if invitation is not None and "must_wait" not in context:
        user = request.user if request.user.is_authenticated else None
        context["must_wait"] = invitee_must_wait(invitation, user)
    return render(request, "coalitions/workspace/invitation_accept.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_get_by_token(token)
    if invitation is None:
        return _page(request, None, status=404, problem=INVITATION_UNKNOWN)
    try:
        invitation_check(invitation)
    except ValidationError as exc:
        return _page(request, invitation, status=410, problem=exc.messages[0])
    user = request.user
    if user.is_authenticated:
        if user.email.lower() != invitation.email:
            return _page(request, invitation, status=403, problem=WRONG_USER)
        if request.method == "POST":
            try:
                invitation_accept(invitation=invitation, user=user)
            except (ValidationError, PermissionDenied) as exc:
                message = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                return _page(request, invitation, status=422, problem=message)
            return _accepted(request, invitation)
        return _page(request, invitation, mode="accept")
    login_url = f"{reverse('account_login')}?{urlencode({'next': request.path})}"
    if User.objects.filter(email=invitation.email).exists():
        return _page(request, invitation, mode="login", notice=ACCOUNT_EXISTS, login_url=login_url)
    form = AcceptNewAccountForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                new_user = invitation_accept_new_account(
                    invitation=invitation,
                    password=form.cleaned_data["password"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                )
            except ValidationError as exc:
                add_service_error(form, exc)
            else:
                login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
                # Tell allauth the password was just given, so the two-step set-up that follows does
                # not ask for it again (allauth 65.21 keeps this record in the session; pinned).
                record_authentication(
                    request, new_user, method="password", email=new_user.email, reauthenticated=True
                )
                login_succeeded(user=new_user)
                return _accepted(request, invitation)
        return _page(request, invitation, status=422, mode="register", form=form, login_url=login_url)
    return _page(request, invitation, mode="register", form=form, login_url=login_url)


def _accepted(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    if not user_is_member(request.user, invitation.coalition):
        # Taking part waits for the organisation's admin: the coalition is not visible yet.
        messages.info(
            request,
            str(INVITATION_WAITING).format(
                coalition=invitation.coalition.name, organisation=invitation.organisation.name
            ),
        )
        return redirect("coalitions:list")
    messages.success(
        request,
        str(INVITATION_ACCEPTED).format(
            coalition=invitation.coalition.name, organisation=invitation.organisation.name
        ),
    )
    return redirect("coalitions:home", slug=invitation.coalition.slug)
