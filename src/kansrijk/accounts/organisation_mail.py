"""Mails of organisation management: a new account's set-password link, a new role's notice.

No password ever travels by mail: a new account gets allauth's own password-reset link.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from kansrijk.accounts.models import Organisation, Role, User
from kansrijk.core.mail import single_line


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _set_password_link(user: User, link_base: str) -> str:
    # allauth's own password-reset link: a signed, expiring token that stops working once the password
    # is set. No password ever travels by mail.
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return f"{link_base}{path}"


def mail_new_account(user: User, organisation: Organisation, role: Role, actor: User, link_base: str) -> None:
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    send_mail(
        subject=f"Uw account bij Kansrijk voor {single_line(organisation.name)}",
        message=(
            f"{_name(actor)} heeft een account voor u gemaakt op Kansrijk, namens {organisation.name}.\n"
            f"Uw rol: {role.label}.\n\n"
            f"Kies eerst een wachtwoord via deze link: {_set_password_link(user, link_base)}\n\n"
            f"De link werkt {days} dagen en maar één keer. Daarna logt u in met uw e-mailadres {user.email}.\n"
            "Verwachtte u deze e-mail niet? Dan kunt u hem negeren."
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def mail_role_added(user: User, organisation: Organisation, role: Role, actor: User, link_base: str) -> None:
    # Someone who gets a role should hear of it: a role given without their knowledge would go unnoticed.
    send_mail(
        subject=f"Nieuwe rol bij {single_line(organisation.name)} (Kansrijk)",
        message=(
            f"{_name(actor)} heeft u op Kansrijk de rol {role.label} gegeven bij {organisation.name}.\n\n"
            f"Inloggen: {link_base}{reverse('account_login')}\n\n"
            "Klopt dit niet? Neem dan contact op met de beheerder van uw organisatie."
        ),
        from_email=None,
        recipient_list=[user.email],
    )
