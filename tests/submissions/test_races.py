"""Lost updates: an edit whose body is slow to arrive (or to clean) must never write a stale status back.

``submission_update`` cleans the input with no lock held, then locks the row and checks the status it reads
there. Submit pressed meanwhile wins: the edit is refused (409) and the submission stays on its way to review.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import User
from portal.errors import ApplicationError
from submissions.metadata import submission_update
from submissions.models import Submission
from submissions.status import Status
from tests.fixtures.users import api_client_for, web_client_for
from validation.services import validation_run_start

AUTHORS = [{"first": "Ada", "last": f"Author{i}"} for i in range(10_000)]
TRIES = 20


def test_an_update_on_a_stale_copy_does_not_undo_submit(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    stale = make_submission(submitter)
    validation_run_start(submission=Submission.objects.get(pk=stale.pk), by=submitter, submit=True)
    assert stale.status == Status.DRAFT  # the copy the slow request read before Submit
    with pytest.raises(ApplicationError) as refused:
        submission_update(submission=stale, by=submitter, data={"authors": AUTHORS[:3]})
    assert refused.value.status == 409
    fresh = Submission.objects.get(pk=stale.pk)
    assert fresh.status == Status.VALIDATING
    assert fresh.authors == []


def test_an_update_writes_only_its_own_columns(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    stale = make_submission(submitter)
    Submission.objects.filter(pk=stale.pk).update(assembly_name="set elsewhere")
    submission_update(submission=stale, by=submitter, data={"organism": "Homo sapiens"})
    fresh = Submission.objects.get(pk=stale.pk)
    assert (fresh.organism, fresh.assembly_name) == ("Homo sapiens", "set elsewhere")


def _race(edit: Callable[[], Any], submission: Submission, submitter: User) -> tuple[int, int]:
    """Start the slow edit, press Submit 50 ms later; return both status codes."""
    result: dict[str, int] = {}

    def run_edit() -> None:
        try:
            result["edit"] = edit().status_code
        finally:
            connection.close()

    thread = threading.Thread(target=run_edit)
    thread.start()
    time.sleep(0.05)
    submitted = api_client_for(submitter).post(reverse("api-submission-submit", args=[submission.pk]))
    thread.join(60)
    assert not thread.is_alive()
    return result["edit"], submitted.status_code


def _check(submission: Submission, edit_status: int, submit_status: int, codes_ok: tuple[int, ...]) -> None:
    fresh = Submission.objects.get(pk=submission.pk)
    assert submit_status == 202 or submit_status == 201, submit_status
    # Submit always lands; the edit lands only if it came first, and then wholly. A worker left running by an
    # earlier test may already have finished the run: its outcome shows the submit landed just the same.
    assert fresh.status in (Status.VALIDATING, Status.IN_REVIEW, Status.NEEDS_FIX)
    assert edit_status in codes_ok
    assert fresh.runs.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_api_patch_racing_submit_never_loses_submit(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    client = api_client_for(submitter)
    outcomes = []
    for _ in range(TRIES):
        submission = make_submission(submitter)
        url = reverse("api-submission-detail", args=[submission.pk])
        edit, submit = _race(
            lambda url=url: client.patch(url, {"authors": AUTHORS}, format="json"), submission, submitter
        )
        _check(submission, edit, submit, (200, 409))
        fresh = Submission.objects.get(pk=submission.pk)
        assert len(fresh.authors) == (len(AUTHORS) if edit == 200 else 0)
        outcomes.append(edit)
    assert 409 in outcomes or 200 in outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_edit_form_racing_submit_never_loses_submit(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    web = web_client_for(submitter)
    for _ in range(TRIES):
        submission = make_submission(submitter)
        url = reverse("submissions:edit", args=[submission.pk])
        form = {
            "organism": "Saccharomyces cerevisiae",
            "authors": "\n".join(f"Ada Author{i}" for i in range(3000)),
        }
        edit, submit = _race(lambda url=url, form=form: web.post(url, form), submission, submitter)
        # The form answers 302 when it saved, 200 with the refusal shown when Submit came first.
        _check(submission, edit, submit, (200, 302))
