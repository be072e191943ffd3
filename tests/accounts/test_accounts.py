"""Sign-up with e-mail confirmation, login, password reset and API tokens, through the real views."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.fixtures.users import PASSWORD

pytestmark = pytest.mark.django_db


def _link(body: str) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", body)
    assert match, body
    return match.group(1)


def test_sign_up_needs_the_emailed_link(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:sign_up"),
            {
                "username": "newbie",
                "email": "New@Example.org",
                "password1": "a-long-passphrase-9",
                "password2": "a-long-passphrase-9",
            },
        )
    assert response.status_code == 200
    user = User.objects.get(username="newbie")
    assert not user.is_active and user.email == "new@example.org"
    assert user.groups.filter(name="Submitters").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new@example.org"]

    assert not client.login(username="newbie", password="a-long-passphrase-9")
    activated = client.get(_link(mail.outbox[0].body))
    assert activated.status_code == 302
    assert User.objects.get(username="newbie").is_active
    # A used link does not work twice.
    assert client.get(_link(mail.outbox[0].body)).status_code == 400


def test_duplicate_email_is_refused(submitter: User) -> None:
    response = Client().post(
        reverse("accounts:sign_up"),
        {
            "username": "x2",
            "email": submitter.email.upper(),
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
        },
    )
    assert response.status_code == 200
    assert "exists" in response.content.decode()
    assert not User.objects.filter(username="x2").exists()


def test_login_and_logout(submitter: User) -> None:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": submitter.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("submissions:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("submissions:list")).status_code == 302


def test_password_reset(submitter: User) -> None:
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": submitter.email})
    assert len(mail.outbox) == 1
    form_url = client.get(_link(mail.outbox[0].body), follow=True).redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": "another-passphrase-7", "new_password2": "another-passphrase-7"}
    )
    assert done.status_code == 302
    assert Client().login(username=submitter.username, password="another-passphrase-7")


def test_token_endpoint(submitter: User) -> None:
    client = Client()
    response = client.post(reverse("api-token"), {"username": submitter.username, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {token}")
    assert me.json()["username"] == submitter.username and me.json()["is_curator"] is False
    wrong = client.post(reverse("api-token"), {"username": submitter.username, "password": "nope"})
    assert wrong.status_code == 400


def test_curator_role(curator: User, submitter: User) -> None:
    assert curator.has_perm("submissions.review_submission") and curator.is_staff
    assert not submitter.has_perm("submissions.review_submission")
