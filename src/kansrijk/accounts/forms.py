"""Account forms that tighten allauth's defaults."""

from __future__ import annotations

from allauth.account.forms import AddEmailForm as AllauthAddEmailForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.internal.flows.email_verification import send_verification_email_to_address
from allauth.account.models import EmailAddress
from allauth.account.utils import filter_users_by_email
from django import forms
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kansrijk.accounts.backends import users_by_login_address

EMAIL_TAKEN = _("Dit e-mailadres hoort al bij een ander account. Kies een ander e-mailadres.")


class AddEmailForm(AllauthAddEmailForm):
    """A new login address that belongs to another account is refused with a clear message.

    allauth stays silent about it to prevent address enumeration, and then the change fails later on
    the unique login address (a server error). A signed-in user may learn that an address is taken:
    the page is rate-limited, and the open pages (login, password reset) still reveal nothing.
    """

    def clean_email(self) -> str:
        value = str(self.cleaned_data["email"]).strip().lower()
        if any(other.pk != self.user.pk for other in filter_users_by_email(value)):
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return super().clean_email()

    def save(self, request: HttpRequest) -> EmailAddress:
        """Record the wished-for address and send it a confirmation link; the login address stays.

        allauth's own version replaces "the" unverified address of the account, which for an account
        made by an administrator is the login address itself: that would empty the user's e-mail.
        Here only an earlier pending address (never the login address) is replaced.
        """
        assert self.user is not None  # noqa: S101 - the form is only built for a signed-in user
        email = self.cleaned_data["email"]
        with transaction.atomic():
            EmailAddress.objects.filter(user_id=self.user.pk, verified=False).exclude(
                email__iexact=self.user.email
            ).delete()
            address = EmailAddress.objects.create(user=self.user, email=email, primary=False, verified=False)
        send_verification_email_to_address(request, address)
        return address


class ResetPasswordForm(AllauthResetPasswordForm):
    """A reset link goes only to a login address, never to a pending (unconfirmed) new address."""

    def clean_email(self) -> str:
        email = super().clean_email()
        self.users = users_by_login_address(email)
        return email
