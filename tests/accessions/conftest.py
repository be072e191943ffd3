"""Approved submissions made the way the portal makes them: real files, a real validation run (executed in
this process by validation's own service), the curator's approval through the transition table, then
``submission_accessions_assign`` as curation's approve calls it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import transaction

from accessions.models import ApprovedRecord, OutputsState, ReleaseRequest
from accessions.outputs import approved_outputs_build
from accessions.release import release_request_record, submission_release
from accessions.services import submission_accessions_assign
from accounts.models import User
from submissions.metadata import submission_update
from submissions.models import ReleaseMode, Submission
from submissions.services import submission_transition
from submissions.status import Status
from validation.services import validation_run_execute, validation_run_start

CONTACT = {
    "contact": {"first": "Rosalind", "last": "Franklin", "email": "rf@example.org"},
    "authors": [{"first": "Rosalind", "last": "Franklin"}],
    "affiliation": {"institution": "King's College", "city": "London", "country": "United Kingdom"},
}


def to_review(submission: Submission, by: User) -> Submission:
    run = validation_run_start(submission=submission, by=by, submit=True)
    validation_run_execute(run_id=run.pk)
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW, list(run.findings.filter(severity_level__gte=3)[:5])
    return submission


def approve(submission: Submission, curator: User) -> Submission:
    """What curation's approve does, in one transaction: the move, then the accessions."""
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        submission_transition(submission=locked, to=Status.APPROVED, by=curator, note="approved")
        submission_accessions_assign(submission=locked, by=curator)
    submission.refresh_from_db()
    return submission


@pytest.fixture
def reviewed(
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> Callable[..., Submission]:
    def make(files: dict[str, bytes] | None = None, title: str = "Genome") -> Submission:
        submission = make_submission(submitter, files or synthetic_genome(), title=title)
        # The wizard's submitter block, as a real submission has (the .sqn's Submit-block needs a contact).
        submission_update(submission=submission, by=submitter, data=CONTACT)
        return to_review(submission, submitter)

    return make


def outputs_ready(submission: Submission) -> ApprovedRecord:
    """Build the approved outputs here, with the worker task's own service, and check they are ready."""
    record = ApprovedRecord.objects.get(submission=submission)
    approved_outputs_build(record_id=record.pk)
    record.refresh_from_db()
    assert record.outputs_state == OutputsState.READY, record.outputs_failure
    return record


def release_now(submission: Submission, by: User) -> Submission:
    """Release an approved submission whose outputs are ready, through the release services: the plan set to
    immediate (an early-release request, unless it is so already), then the beat's release of that one."""
    if submission.release_mode != ReleaseMode.IMMEDIATE:
        release_request_record(submission=submission, by=by, kind=ReleaseRequest.Kind.EARLY, date=None)
    assert submission_release(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.status == Status.RELEASED
    return submission
