"""Every submission route, for every persona: owner and curator see it, anyone else gets 404 (never 403)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for, web_client_for
from validation.models import ValidationRun
from validation.status import RunStatus

pytestmark = pytest.mark.django_db

SEES = {"submitter": True, "curator": True, "other_submitter": False, "anonymous": False}


@pytest.fixture
def owned(submitter: User, make_submission: Callable[..., Submission]) -> tuple[Submission, ValidationRun]:
    submission = make_submission(submitter)
    run = ValidationRun.objects.create(
        submission=submission, requested_by=submitter, status=RunStatus.FINISHED
    )
    return submission, run


def _api_reads(s: Submission, r: ValidationRun) -> list[str]:
    return [
        reverse("api-submission-detail", args=[s.pk]),
        reverse("api-submission-files", args=[s.pk]),
        reverse("api-run-list", args=[s.pk]),
        reverse("api-run-detail", args=[s.pk, r.pk]),
        reverse("api-run-findings", args=[s.pk, r.pk]),
    ]


def _web_reads(s: Submission, r: ValidationRun) -> list[str]:
    return [
        reverse("submissions:detail", args=[s.pk]),
        reverse("submissions:status", args=[s.pk]),
        reverse("submissions:run", args=[s.pk, r.pk]),
    ]


@pytest.mark.parametrize("persona", sorted(SEES))
def test_api_reads(
    persona: str, personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    client = api_client_for(personas[persona])
    for url in _api_reads(*owned):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 401, url
            assert response.json()["code"] == "not_authenticated"
        else:
            assert response.status_code == (200 if SEES[persona] else 404), (persona, url)


@pytest.mark.parametrize("persona", sorted(SEES))
def test_web_reads(
    persona: str, personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    client = web_client_for(personas[persona])
    for url in _web_reads(*owned):
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == (200 if SEES[persona] else 404), (persona, url)


@pytest.mark.parametrize("persona", ["other_submitter", "anonymous"])
def test_api_writes_by_strangers_are_refused(
    persona: str, personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    submission, _ = owned
    client = api_client_for(personas[persona])
    expected = 401 if persona == "anonymous" else 404
    for name in ("api-submission-validate", "api-submission-submit"):
        assert client.post(reverse(name, args=[submission.pk])).status_code == expected
    upload = client.post(reverse("api-submission-files", args=[submission.pk]), {"file": b"x"})
    assert upload.status_code == expected
    assert submission.files.count() == 1
    assert ValidationRun.objects.filter(submission=submission).count() == 1


def test_list_shows_only_what_the_user_may_see(
    personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    url = reverse("api-submission-list")
    ids = {
        p: [s["id"] for s in api_client_for(u).get(url).json().get("results", [])]
        for p, u in personas.items()
    }
    submission, _ = owned
    assert ids["submitter"] == [submission.pk]
    assert ids["curator"] == [submission.pk]
    assert ids["other_submitter"] == []
    assert ids["anonymous"] == []


def test_collaborator_sees_the_submission(
    other_submitter: User, owned: tuple[Submission, ValidationRun]
) -> None:
    submission, run = owned
    submission.collaborators.add(other_submitter)
    client = api_client_for(other_submitter)
    for url in _api_reads(submission, run):
        assert client.get(url).status_code == 200, url
