"""Extension and early-release requests: recorded with who, when, from and to; applied through the release
plan's own service (its ReleaseChange history and limits); shown on the submission's release page."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.urls import reverse
from django.utils import timezone

from accessions.models import ReleaseRequest
from accounts.models import User
from submissions.metadata import submission_release_set
from submissions.models import ReleaseMode, Submission
from tests.accessions.conftest import approve, outputs_ready, release_now
from tests.fixtures.users import api_client_for, web_client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(reviewed: Callable[..., Submission], submitter: User, curator: User) -> Submission:
    submission = reviewed()
    day = timezone.localdate() + datetime.timedelta(days=60)
    submission_release_set(submission=submission, by=submitter, mode=ReleaseMode.ON_DATE, date=day)
    return approve(submission, curator)


def test_an_extension_and_an_early_release_over_the_api(held: Submission, submitter: User) -> None:
    client = api_client_for(submitter)
    url = f"/api/v1/submissions/{held.pk}/release-requests/"
    first = held.release_date
    assert first is not None
    later = first + datetime.timedelta(days=90)
    response = client.post(
        url, {"kind": "extend", "date": later.isoformat(), "note": " paper in review "}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["requested_by"], body["from_date"], body["to_date"], body["note"]) == (
        "extend",
        submitter.username,
        first.isoformat(),
        later.isoformat(),
        "paper in review",
    )
    held.refresh_from_db()
    assert (held.release_mode, held.release_date) == (ReleaseMode.ON_DATE, later)
    # The plan's own history has the change too, by the same person.
    change = held.release_changes.order_by("-pk").first()
    assert change is not None and (change.from_date, change.to_date, change.changed_by) == (
        first,
        later,
        submitter,
    )

    # An "extension" to an earlier date, and a date beyond the longest hold, are refused with the field.
    for data in (
        {"kind": "extend", "date": first.isoformat()},
        {"kind": "extend", "date": (timezone.localdate() + datetime.timedelta(days=5000)).isoformat()},
        {"kind": "extend"},
        {"kind": "early", "date": (later + datetime.timedelta(days=1)).isoformat()},
    ):
        refused = client.post(url, data, format="json")
        assert refused.status_code == 400, (data, refused.content)
        assert refused.json()["code"] and "date" in refused.json()["fields"], refused.json()
    assert ReleaseRequest.objects.filter(submission=held).count() == 1  # refused ones leave no record

    # Early, with no date: as soon as possible.
    assert client.post(url, {"kind": "early", "note": "published"}, format="json").status_code == 201
    held.refresh_from_db()
    assert (held.release_mode, held.release_date) == (ReleaseMode.IMMEDIATE, None)
    listed = client.get(url).json()
    assert [(r["kind"], r["from_date"], r["to_date"]) for r in listed] == [
        ("extend", first.isoformat(), later.isoformat()),
        ("early", later.isoformat(), None),
    ]
    # Already as soon as possible: nothing earlier to ask for.
    assert client.post(url, {"kind": "early"}, format="json").status_code == 409


def test_the_release_page_has_the_form_for_submitters_and_the_record_for_curators(
    held: Submission, submitter: User, curator: User
) -> None:
    page = reverse("submissions:release", args=[held.pk])
    owner = web_client_for(submitter)
    html = owner.get(page).content.decode()
    assert 'id="release-request-form"' in html and "No requests yet." in html
    assert held.release_date is not None
    later = held.release_date + datetime.timedelta(days=7)
    response = owner.post(
        reverse("accessions:release-requests", args=[held.pk]),
        {"kind": "extend", "date": later.isoformat(), "note": "reviewers asked for more time"},
    )
    assert response.status_code == 302 and response["Location"] == page
    html = owner.get(page).content.decode()
    assert "reviewers asked for more time" in html and later.isoformat() in html

    # A refused request comes back as a message on the page, and changes nothing.
    owner.post(
        reverse("accessions:release-requests", args=[held.pk]), {"kind": "extend", "date": "2001-01-01"}
    )
    assert "An extension needs a date after the current one." in owner.get(page).content.decode()
    assert ReleaseRequest.objects.filter(submission=held).count() == 1

    # Curators read the record but get no form (their POST answers 403).
    as_curator = web_client_for(curator).get(page).content.decode()
    assert "reviewers asked for more time" in as_curator
    assert 'id="release-request-form"' not in as_curator


def test_no_request_once_released(held: Submission, submitter: User) -> None:
    outputs_ready(held)
    release_now(held, submitter)
    response = api_client_for(submitter).post(
        f"/api/v1/submissions/{held.pk}/release-requests/",
        {"kind": "extend", "date": "2099-01-01"},
        format="json",
    )
    assert response.status_code == 409 and response.json()["code"] == "invalid_state"
