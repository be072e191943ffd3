"""Every submission route, for every persona: owner and curator see it, anyone else gets 404 (never 403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for, web_client_for
from validation.models import RunArtifact, ValidationRun
from validation.status import RunStatus

pytestmark = pytest.mark.django_db

SEES = {"submitter": True, "curator": True, "other_submitter": False, "anonymous": False}


@pytest.fixture
def owned(submitter: User, make_submission: Callable[..., Submission]) -> tuple[Submission, ValidationRun]:
    submission = make_submission(submitter)
    record = submission.files.get()
    run = ValidationRun.objects.create(
        submission=submission,
        requested_by=submitter,
        status=RunStatus.FINISHED,
        inputs=[{"name": record.original_name, "stored": record.stored.name, "sha256": record.sha256}],
    )
    artifact = RunArtifact(run=run, name="genome.val", size=3)
    artifact.stored.save("genome.val", ContentFile(b"ok\n"), save=False)
    artifact.save()
    return submission, run


def _api_reads(s: Submission, r: ValidationRun) -> list[str]:
    file_id = s.files.get().pk
    return [
        reverse("api-submission-detail", args=[s.pk]),
        reverse("api-submission-files", args=[s.pk]),
        reverse("api-submission-file-detail", args=[s.pk, file_id]),
        reverse("api-upload-list", args=[s.pk]),
        reverse("api-submission-release", args=[s.pk]),
        reverse("api-submission-collaborators", args=[s.pk]),
        reverse("api-run-list", args=[s.pk]),
        reverse("api-run-detail", args=[s.pk, r.pk]),
        reverse("api-run-findings", args=[s.pk, r.pk]),
        reverse("api-run-artifacts", args=[s.pk, r.pk]),
        reverse("api-run-artifact", args=[s.pk, r.pk, "genome.val"]),
        reverse("api-run-context", args=[s.pk, r.pk]) + "?file=genome.fsa&line=1",
    ]


def _web_reads(s: Submission, r: ValidationRun) -> list[str]:
    return [
        reverse("submissions:detail", args=[s.pk]),
        reverse("validation:status", args=[s.pk]),
        reverse("submissions:release", args=[s.pk]),
        reverse("submissions:collaborators", args=[s.pk]),
        reverse("validation:run", args=[s.pk, r.pk]),
        reverse("validation:run_context", args=[s.pk, r.pk]) + "?file=genome.fsa&line=1",
        reverse("validation:run_artifact", args=[s.pk, r.pk, "genome.val"]),
    ]


# Changes: the owner may; curators see but do not edit (403); anyone else gets 404; anonymous 401 / login.
WRITES = {"submitter": None, "curator": 403, "other_submitter": 404, "anonymous": 401}


def _api_writes(client: Any, s: Submission) -> list[tuple[str, Any]]:
    file_id = s.files.get().pk
    return [
        (
            "patch",
            client.patch(
                reverse("api-submission-detail", args=[s.pk]), {"genome_coverage": "3x"}, format="json"
            ),
        ),
        (
            "release",
            client.put(reverse("api-submission-release", args=[s.pk]), {"mode": "immediate"}, format="json"),
        ),
        (
            "collab",
            client.post(reverse("api-submission-collaborators", args=[s.pk]), {"user": "cora_curator"}),
        ),
        ("uncollab", client.delete(reverse("api-submission-collaborator-detail", args=[s.pk, 999]))),
        ("validate", client.post(reverse("api-submission-validate", args=[s.pk]))),
        ("delete-file", client.delete(reverse("api-submission-file-detail", args=[s.pk, file_id]))),
    ]


@pytest.mark.parametrize("persona", sorted(WRITES))
def test_api_writes(
    persona: str, personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    submission, _ = owned
    for name, response in _api_writes(api_client_for(personas[persona]), submission):
        expected = WRITES[persona]
        if expected is None:
            assert response.status_code < 300, (name, response.content)
        else:
            assert response.status_code == expected, (persona, name, response.status_code)
    submission.refresh_from_db()
    assert submission.genome_coverage == ("3x" if persona == "submitter" else "")


@pytest.mark.parametrize("persona", sorted(WRITES))
def test_web_writes(
    persona: str, personas: dict[str, User | None], owned: tuple[Submission, ValidationRun]
) -> None:
    submission, _ = owned
    client = web_client_for(personas[persona])
    urls = [
        (reverse("submissions:edit", args=[submission.pk]), {"genome_coverage": "3x"}),
        (reverse("submissions:release", args=[submission.pk]), {"mode": "immediate"}),
        (reverse("submissions:collaborators", args=[submission.pk]), {"user": "nobody"}),
        (reverse("validation:submit", args=[submission.pk]), {"action": "validate"}),
        (reverse("submissions:file_delete", args=[submission.pk, submission.files.get().pk]), {}),
    ]
    for url, data in urls:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif persona == "submitter":
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == WRITES[persona], (persona, url)
    if persona != "submitter":
        assert submission.files.count() == 1
        assert ValidationRun.objects.filter(submission=submission).count() == 1
    edit_page = client.get(reverse("submissions:edit", args=[submission.pk]))
    assert (
        edit_page.status_code
        == {"submitter": 200, "curator": 403, "other_submitter": 404, "anonymous": 302}[persona]
    )


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
