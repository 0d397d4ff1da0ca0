"""Account state changes: signing up and activating an account.

Sign-up never reveals whether an e-mail address already has an account: with an address,
the answer is always « check your mailbox », and the message sent there says either « open
this link to activate your account » or « you already have an account ». Without an
address (most collège pupils), the account is created and usable at once.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from certinum.accounts.models import User


@dataclass(frozen=True)
class SignUpRequest:
    first_name: str
    last_name: str
    username: str
    email: str  # "" when the pupil has none
    password: str
    birthdate: datetime.date


def identifier_in_use(identifier: str) -> bool:
    """Whether a username or an e-mail address already names an account — either column,
    so nobody can take a future user's e-mail address as a username, or the reverse."""
    identifier = identifier.strip()
    return User.objects.filter(
        Q(username__iexact=identifier) | Q(email__iexact=identifier)
    ).exists()


@transaction.atomic
def account_sign_up(*, request: SignUpRequest, site_url: str, next_url: str = "") -> User | None:
    """Create the account. Returns the user when it can be used at once (no e-mail
    address); None when a message was sent to the address instead."""
    user = User(
        first_name=request.first_name,
        last_name=request.last_name,
        username=request.username,
        email=request.email,
        birthdate=request.birthdate,
        is_active=not request.email,
    )
    user.set_password(request.password)
    if not request.email:
        user.save()
        return user
    if identifier_in_use(request.email):
        pending = User.objects.filter(
            email__iexact=request.email, is_active=False, last_login__isnull=True
        ).first()
        if pending is not None:  # signed up before but lost the message: send it again
            transaction.on_commit(
                lambda: _send_activation(pending, site_url=site_url, next_url=next_url)
            )
        else:
            _send_already_registered(request.email, site_url=site_url)
        return None
    user.save()
    transaction.on_commit(lambda: _send_activation(user, site_url=site_url, next_url=next_url))
    return None


def _send_activation(user: User, *, site_url: str, next_url: str) -> None:
    path = reverse(
        "accounts:activate",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    if next_url:
        path += "?" + urlencode({"next": next_url})
    send_mail(
        _("Active ton compte Certinum"),
        render_to_string("accounts/activation_email.txt", {"user": user, "link": site_url + path}),
        None,
        [user.email],
    )


def _send_already_registered(email: str, *, site_url: str) -> None:
    links = {
        "login": site_url + reverse("accounts:login"),
        "reset": site_url + reverse("accounts:password_reset"),
    }
    transaction.on_commit(
        lambda: send_mail(
            _("Tu as déjà un compte Certinum"),
            render_to_string("accounts/already_registered_email.txt", links),
            None,
            [email],
        )
    )


@transaction.atomic
def account_activate(*, user: User, token: str) -> bool:
    """Activate an account from the link sent at sign-up. The link works once."""
    if user.is_active or not default_token_generator.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True
