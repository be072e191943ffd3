"""Every accessions route, web and API, for the personas: the owner and a collaborator read and write, a
curator reads everything and writes what the design gives curators (the numbering style and the citation,
not release requests nor updates: 403), another submitter gets 404 as for a submission that does not exist,
anonymous 401 (API) or the sign-in page (web)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accessions.models import ApprovedRecord
from accounts.models import User
from submissions.metadata import submission_collaborator_add, submission_release_set
from submissions.models import ReleaseMode, Submission
from tests.accessions.conftest import approve, outputs_ready, release_now
from tests.fixtures.users import PASSWORD, api_client_for, web_client_for

pytestmark = pytest.mark.django_db

PERSONAS = ["submitter", "collaborator", "curator", "other_submitter", "anonymous"]
# What the owner, a collaborator, a curator and another submitter get; anonymous is the same everywhere.
READ = (200, 200, 200, 404)


@pytest.fixture
def collaborator(db: None) -> User:
    return User.objects.create_user(username="colin_collab", email="colin@example.org", password=PASSWORD)


@pytest.fixture
def people(personas: dict[str, User | None], collaborator: User) -> dict[str, User | None]:
    return {**personas, "collaborator": collaborator}


@pytest.fixture
def held(
    reviewed: Callable[..., Submission], submitter: User, collaborator: User, curator: User
) -> Submission:
    """Approved, held until a date, its accessions given and its approved outputs built."""
    submission = reviewed()
    submission_collaborator_add(submission=submission, by=submitter, who=collaborator.username)
    day = timezone.localdate() + datetime.timedelta(days=30)
    submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.ON_DATE, date=day)
    approve(submission, curator)
    outputs_ready(submission)
    return submission


@pytest.fixture
def draft(make_submission: Callable[..., Submission], submitter: User, collaborator: User) -> Submission:
    """Not approved yet: its numbering style may still change."""
    submission = make_submission(submitter, title="Draft genome")
    submission_collaborator_add(submission=submission, by=submitter, who=collaborator.username)
    return submission


def _expected(persona: str, codes: tuple[int, int, int, int]) -> int:
    return dict(zip(["submitter", "collaborator", "curator", "other_submitter"], codes, strict=True)).get(
        persona, 401
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_api(
    persona: str, people: dict[str, User | None], held: Submission, draft: Submission, submitter: User
) -> None:
    client = api_client_for(people[persona])
    sid, base = held.pk, f"/api/v1/submissions/{held.pk}"
    later = (held.release_date or timezone.localdate()) + datetime.timedelta(days=10)
    # (method, url, body, what the owner / a collaborator / a curator / another submitter get)
    cases: list[tuple[str, str, dict[str, Any] | None, tuple[int, int, int, int]]] = [
        ("get", f"{base}/accessions/", None, READ),
        ("get", f"{base}/accessions/?format=tsv", None, READ),
        ("put", f"/api/v1/submissions/{draft.pk}/accessions/", {"style": "chromosome"}, (200, 200, 200, 404)),
        ("put", f"{base}/accessions/", {"style": "chromosome"}, (409, 409, 409, 404)),  # given: fixed
        ("get", f"{base}/publication/", None, READ),
        ("put", f"{base}/publication/", {"doi": "10.1000/xyz123"}, (200, 200, 200, 404)),
        ("put", f"{base}/publication/", {"doi": "not a doi"}, (400, 400, 400, 404)),
        ("get", f"{base}/fates/", None, READ),
        ("get", f"{base}/release-requests/", None, READ),
        (
            "post",
            f"{base}/release-requests/",
            {"kind": "extend", "date": later.isoformat()},
            (201, 201, 403, 404),
        ),
        ("post", f"{base}/release-requests/", {"kind": "later"}, (400, 400, 403, 404)),
        ("post", f"{base}/updates/", None, (409, 403, 403, 404)),  # not released yet; the owner's alone
    ]
    for method, url, data, codes in cases:
        expected = _expected(persona, codes)
        response = getattr(client, method)(url, data or {}, format="json")
        assert response.status_code == expected, (persona, method, url, response.content[:300])
        if expected >= 400:
            body = response.json()
            assert {"code", "message"} <= set(body), body
        elif "format=tsv" in url:
            assert response["Content-Type"].startswith("text/tab-separated-values")
            assert response.content.decode().splitlines()[0].startswith("kind\tlocal_id\t")
    allowed = persona in ("submitter", "collaborator", "curator")
    style = ApprovedRecord.objects.filter(submission=draft).values_list("style", flat=True).first()
    assert (style == "chromosome") == allowed
    assert held.release_requests.count() == (1 if persona in ("submitter", "collaborator") else 0)

    released = release_now(held, submitter)
    after: list[tuple[str, str, dict[str, Any] | None, tuple[int, int, int, int]]] = [
        ("put", f"{base}/publication/", {"doi": "10.1000/other"}, (409, 409, 409, 404)),  # frozen
        ("post", f"{base}/release-requests/", {"kind": "early"}, (409, 409, 403, 404)),
        ("post", f"{base}/updates/", None, (201, 403, 403, 404)),
        ("get", f"{base}/fates/", None, READ),
    ]
    for method, url, data, codes in after:
        expected = _expected(persona, codes)
        response = getattr(client, method)(url, data or {}, format="json")
        assert response.status_code == expected, (persona, method, url, response.content[:300])
        if expected == 201 and url.endswith("/updates/"):
            assert response.json()["update_of"] == sid
    updates = ApprovedRecord.objects.filter(update_of=released).count()
    assert updates == (1 if persona == "submitter" else 0)


@pytest.mark.parametrize("persona", PERSONAS)
def test_web(
    persona: str, people: dict[str, User | None], held: Submission, draft: Submission, submitter: User
) -> None:
    client = web_client_for(people[persona])
    sid = held.pk
    later = (held.release_date or timezone.localdate()) + datetime.timedelta(days=10)
    # (method, url, data, codes): a successful POST redirects (302), refused writes answer 403 or 404.
    cases: list[tuple[str, str, dict[str, str] | None, tuple[int, int, int, int]]] = [
        ("get", reverse("accessions:table", args=[sid]), None, READ),
        ("post", reverse("accessions:table", args=[draft.pk]), {"style": "chromosome"}, (302, 302, 302, 404)),
        ("get", reverse("accessions:publication", args=[sid]), None, READ),
        (
            "post",
            reverse("accessions:publication", args=[sid]),
            {"pubmed_id": "31234567"},
            (302, 302, 302, 404),
        ),
        ("get", reverse("accessions:fates", args=[sid]), None, READ),
        ("get", reverse("submissions:release", args=[sid]), None, READ),
        (
            "post",
            reverse("accessions:release-requests", args=[sid]),
            {"kind": "extend", "date": later.isoformat(), "note": "paper in review"},
            (302, 302, 403, 404),
        ),
        # POST only; 405 before the submission is looked up, so it says nothing about whether it exists.
        ("get", reverse("accessions:release-requests", args=[sid]), None, (405, 405, 405, 405)),
    ]
    for method, url, data, codes in cases:
        response = getattr(client, method)(url, data or {})
        if persona == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            continue
        expected = _expected(persona, codes)
        assert response.status_code == expected, (persona, method, url, response.status_code)
    allowed = persona in ("submitter", "collaborator", "curator")
    style = ApprovedRecord.objects.filter(submission=draft).values_list("style", flat=True).first()
    assert (style == "chromosome") == allowed
    assert held.release_requests.count() == (1 if persona in ("submitter", "collaborator") else 0)

    released = release_now(held, submitter)
    response = client.post(reverse("accessions:update-start", args=[sid]))
    if persona == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        # The owner lands on the new draft; a collaborator is sent back with the reason; curators 403.
        assert response.status_code == _expected(persona, (302, 302, 403, 404)), (
            persona,
            response.status_code,
        )
    assert ApprovedRecord.objects.filter(update_of=released).count() == (1 if persona == "submitter" else 0)
