"""`make run`'s demo data: the demo curator signs in and finds a submission waiting in the queue."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from accounts.models import User
from submissions.status import Status
from tests.fixtures.users import web_client_for

pytestmark = pytest.mark.django_db


def test_demo_curator_lands_on_a_queue_with_the_demo_submission() -> None:
    call_command("demo_setup", "--quiet-passwords")
    call_command("demo_setup", "--quiet-passwords")  # safe to run again: nothing doubles

    curator = User.objects.get(username="curator")
    waiting = User.objects.get(username="submitter").submissions.get(
        title="Demo: genome awaiting curator review"
    )
    assert waiting.status == Status.IN_REVIEW
    client = web_client_for(curator)
    landing = client.get("/review/landing/")
    assert landing.status_code == 302 and landing["Location"] == "/review/"
    page = client.get("/review/").content.decode()
    assert "Demo: genome awaiting curator review" in page
    assert User.objects.get(username="submitter").submissions.count() == 3  # + the released demo genome
