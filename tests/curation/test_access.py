"""Every curation route for the four personas: curators review; the owner (who knows the submission exists)
reads messages, decisions and waivers and gets 403 on curators' actions; anyone else 404; anonymous 401 or
the sign-in page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.models import User
from curation.models import Decision
from submissions.models import Submission
from submissions.status import Status
from tests.curation.conftest import submit_and_run
from tests.fixtures.users import api_client_for, web_client_for
from validation.models import ValidationRun, Waiver

pytestmark = pytest.mark.django_db

PERSONAS = ["submitter", "other_submitter", "curator", "anonymous"]


@pytest.fixture
def reviewable(
    submitter: User, make_reviewable: Callable[..., tuple[Submission, ValidationRun]]
) -> tuple[Submission, ValidationRun]:
    submission, _ = make_reviewable(submitter, prefix="OTHER")
    assert submission.status == Status.NEEDS_FIX
    # Two runs, so the diff has something to compare.
    later = submit_and_run(submission, submitter)
    return submission, later


def _finding(run: ValidationRun) -> int:
    first = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").first()
    assert first is not None
    return first.pk


# What each persona gets on reads: the curators' pages and queue, and the submitters' thread.
CURATOR_READ = {"curator": 200, "submitter": 403, "other_submitter": 404}
SHARED_READ = {"curator": 200, "submitter": 200, "other_submitter": 404}


@pytest.mark.parametrize("persona", PERSONAS)
def test_web_reads(
    persona: str, personas: dict[str, User | None], reviewable: tuple[Submission, ValidationRun]
) -> None:
    submission, run = reviewable
    client = web_client_for(personas[persona])
    first_run = submission.runs.order_by("pk").first()
    assert first_run is not None
    cases = [
        (reverse("curation:queue"), {"curator": 200, "submitter": 404, "other_submitter": 404}),
        (reverse("curation:review", args=[submission.pk]), CURATOR_READ),
        (
            reverse("curation:diff", args=[submission.pk]) + f"?since={first_run.pk}&to={run.pk}",
            CURATOR_READ,
        ),
        (reverse("curation:thread", args=[submission.pk]), SHARED_READ),
    ]
    for url, expected in cases:
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        else:
            assert response.status_code == expected[persona], (persona, url, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
def test_web_writes(
    persona: str, personas: dict[str, User | None], reviewable: tuple[Submission, ValidationRun]
) -> None:
    submission, run = reviewable
    client = web_client_for(personas[persona])
    cases = [
        (reverse("curation:assign", args=[submission.pk]), {}, CURATOR_READ),
        (
            reverse("curation:waive", args=[submission.pk]),
            {"finding": _finding(run), "reason": "biology: RNA editing"},
            CURATOR_READ,
        ),
        (
            reverse("curation:decide", args=[submission.pk]),
            {"action": "reject", "message": "no"},
            CURATOR_READ,
        ),
        (reverse("curation:thread", args=[submission.pk]), {"body": "hello"}, SHARED_READ),
    ]
    for url, data, expected in cases:
        response = client.post(url, data)
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif expected[persona] == 200:
            assert response.status_code == 302, (persona, url, response.status_code)
        else:
            assert response.status_code == expected[persona], (persona, url, response.status_code)
    waivers = Waiver.objects.filter(submission=submission)
    assert waivers.count() == (1 if persona == "curator" else 0)
    if waivers:
        revoke = reverse("curation:revoke", args=[submission.pk, waivers.get().pk])
        assert client.post(revoke, {"reason": "changed my mind"}).status_code == 302
        assert waivers.get().revoked_at is not None
    assert submission.review_messages.count() == (1 if persona in ("curator", "submitter") else 0)
    # needs_fix: a decision is refused (shown as a message on the page), never taken.
    assert Decision.objects.filter(submission=submission).count() == 0


@pytest.mark.parametrize("persona", PERSONAS)
def test_api(
    persona: str, personas: dict[str, User | None], reviewable: tuple[Submission, ValidationRun]
) -> None:
    submission, run = reviewable
    client = api_client_for(personas[persona])
    sid = submission.pk
    first_run = submission.runs.order_by("pk").first()
    assert first_run is not None
    waiver = Waiver.objects.create(
        submission=submission, code="X.Y", location="genome.tbl", reason="setup for revoke", created_by=None
    )
    # (method, url, body, what a curator / the owner / another submitter get)
    cases: list[tuple[str, str, dict[str, object] | None, tuple[int, int, int]]] = [
        ("get", "/api/v1/review/queue/", None, (200, 404, 404)),
        ("post", f"/api/v1/review/{sid}/assign/", None, (200, 403, 404)),
        ("get", f"/api/v1/review/{sid}/decision/", None, (200, 200, 404)),
        ("post", f"/api/v1/review/{sid}/decision/", {"action": "approve"}, (409, 403, 404)),
        ("get", f"/api/v1/review/{sid}/waivers/", None, (200, 200, 404)),
        (
            "post",
            f"/api/v1/review/{sid}/waivers/",
            {"finding": _finding(run), "reason": "biology: RNA editing"},
            (201, 403, 404),
        ),
        ("post", f"/api/v1/review/{sid}/waivers/{waiver.pk}/revoke/", {"reason": "no"}, (200, 403, 404)),
        ("get", f"/api/v1/review/{sid}/diff/?since={first_run.pk}&to={run.pk}", None, (200, 403, 404)),
        ("get", f"/api/v1/submissions/{sid}/messages/", None, (200, 200, 404)),
        ("post", f"/api/v1/submissions/{sid}/messages/", {"body": "hello"}, (201, 201, 404)),
    ]
    for method, url, data, (as_curator, as_owner, as_other) in cases:
        expected = {
            "curator": as_curator,
            "submitter": as_owner,
            "other_submitter": as_other,
            "anonymous": 401,
        }[persona]
        response = getattr(client, method)(url, data or {}, format="json")
        assert response.status_code == expected, (persona, method, url, response.content[:300])
        if response.status_code >= 400:
            body = response.json()
            assert {"code", "message"} <= set(body), body


def test_collaborator_reads_the_thread_and_posts(
    other_submitter: User, reviewable: tuple[Submission, ValidationRun]
) -> None:
    submission, _ = reviewable
    submission.collaborators.add(other_submitter)
    client = api_client_for(other_submitter)
    url = f"/api/v1/submissions/{submission.pk}/messages/"
    assert client.post(url, {"body": "I fixed the table."}, format="json").status_code == 201
    assert [m["author"] for m in client.get(url).json()] == [other_submitter.username]
    assert client.get(f"/api/v1/review/{submission.pk}/waivers/").status_code == 200
    assert client.post(f"/api/v1/review/{submission.pk}/assign/").status_code == 403


def test_sign_in_lands_curators_on_the_queue(curator: User, submitter: User) -> None:
    for user, where in ((curator, reverse("curation:queue")), (submitter, reverse("submissions:list"))):
        client = web_client_for(None)
        response = client.post(
            reverse("accounts:login"),
            {"username": user.username, "password": "correct-horse-battery-staple-42"},
        )
        assert response.status_code == 302
        assert client.get(response["Location"])["Location"] == where
