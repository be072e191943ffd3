"""The beat task's reaper: a run whose worker vanished is re-enqueued, or failed once out of attempts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.models import User
from submissions.models import Submission
from submissions.status import Status
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun
from validation.services import validation_runs_reap
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _orphan(submission: Submission, by: User, attempts: int) -> ValidationRun:
    """A run left RUNNING by a worker that died and whose message is gone (e.g. a lost broker)."""
    submission.status = Status.VALIDATING
    submission.save()
    return ValidationRun.objects.create(
        submission=submission,
        requested_by=by,
        status=RunStatus.RUNNING,
        attempts=attempts,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )


def test_orphaned_run_is_requeued_and_finishes(
    celery_worker: WorkerProcess, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    run = _orphan(make_submission(submitter), submitter, attempts=1)

    assert validation_runs_reap() == {"requeued": 1, "failed": 0}

    def finished() -> bool:
        run.refresh_from_db()
        return run.status == RunStatus.FINISHED

    wait_for(finished, timeout=60, what="the re-enqueued run to finish")
    assert run.attempts == 2
    run.submission.refresh_from_db()
    assert run.submission.status == Status.IN_REVIEW


def test_run_out_of_attempts_fails_and_returns_the_submission(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    run = _orphan(make_submission(submitter), submitter, attempts=settings.VALIDATION_MAX_ATTEMPTS)

    assert validation_runs_reap() == {"requeued": 0, "failed": 1}

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "lost too many times" in run.failure
    run.submission.refresh_from_db()
    assert run.submission.status == Status.NEEDS_FIX


def test_live_run_is_left_alone(submitter: User, make_submission: Callable[..., Submission]) -> None:
    run = _orphan(make_submission(submitter), submitter, attempts=1)
    run.lease_expires_at = timezone.now() + timedelta(minutes=5)
    run.save()

    assert validation_runs_reap() == {"requeued": 0, "failed": 0}
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING
