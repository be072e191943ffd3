"""Account life cycle: sign-up with e-mail confirmation, activation."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from accounts.models import SUBMITTERS, User
from accounts.roles import roles_ensure


@transaction.atomic
def user_sign_up(
    *, username: str, email: str, password: str, first_name: str = "", last_name: str = ""
) -> User:
    """Create an inactive submitter and mail a confirmation link; the account works once the link is followed."""
    user = User(
        username=username, email=email.lower(), first_name=first_name, last_name=last_name, is_active=False
    )
    user.set_password(password)
    user.save()
    roles_ensure()
    user.groups.add(Group.objects.get(name=SUBMITTERS))
    transaction.on_commit(lambda: user_send_confirmation(user=user))
    return user


def confirmation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("accounts:activate", args=[uid, token])


def user_send_confirmation(*, user: User) -> None:
    send_mail(
        subject="Confirm your Genome Portal account",
        message=(
            f"Hello {user.get_full_name() or user.username},\n\n"
            "Follow this link to confirm your e-mail address and activate your account:\n\n"
            f"{confirmation_link(user)}\n\n"
            "If you did not sign up, ignore this message.\n"
        ),
        from_email=None,
        recipient_list=[user.email],
    )


def user_activate(*, uidb64: str, token: str) -> User | None:
    """Activate the account the link names; None when the link is invalid or already used."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    # The token covers is_active via last_login/password hash; a used link stops matching after login.
    if user.is_active or not default_token_generator.check_token(user, token):
        return None
    user.is_active = True
    user.save(update_fields=["is_active"])
    return user
