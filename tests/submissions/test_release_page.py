"""The release page: submitters change the plan; curators read it, with no form that would answer 403."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.models import User
from submissions.models import ReleaseMode, Submission
from tests.fixtures.users import web_client_for

pytestmark = pytest.mark.django_db


def test_the_owner_gets_the_form(submitter: User, make_submission: Callable[..., Submission]) -> None:
    submission = make_submission(submitter)
    page = web_client_for(submitter).get(reverse("submissions:release", args=[submission.pk]))
    assert page.status_code == 200
    assert b'id="release-form"' in page.content


def test_a_curator_reads_the_plan_without_a_form(
    submitter: User, curator: User, make_submission: Callable[..., Submission]
) -> None:
    submission = make_submission(submitter)
    client = web_client_for(curator)
    page = client.get(reverse("submissions:release", args=[submission.pk]))
    assert page.status_code == 200
    assert b'id="release-form"' not in page.content
    assert b'id="release-plan"' in page.content
    assert b"Only the submission's owner and collaborators change the release plan." in page.content

    # A hand-made POST is refused on the page itself, with the reason, and changes nothing.
    refused = client.post(
        reverse("submissions:release", args=[submission.pk]),
        {"mode": ReleaseMode.ON_DATE, "date": "2030-01-01"},
    )
    assert refused.status_code == 403
    assert b"Only the submission&#x27;s owner and collaborators change its release plan." in refused.content
    submission.refresh_from_db()
    assert submission.release_mode == ReleaseMode.IMMEDIATE
