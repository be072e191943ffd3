"""SIGKILL the worker in the middle of a run, start another, and see the run finish exactly once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun
from validation.services import validation_run_start
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.slow]

# Short on purpose: the new worker gets the message back after the visibility timeout and may claim the run
# once the dead worker's lease runs out.
# One-task runs: a run spread over workers is recovered chunk by chunk instead (tests/validation/test_spread.py).
FAST_RECOVERY = {
    "CELERY_VISIBILITY_TIMEOUT": "6",
    "VALIDATION_LEASE_SECONDS": "10",
    "VALIDATION_SPREAD_BYTES": "0",
}


@pytest.fixture
def own_queue(settings: Any) -> str:
    """A queue no other test worker listens to, so only the workers this test starts and kills see the run."""
    settings.VALIDATION_QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-kill"
    return str(settings.VALIDATION_QUEUE)


def test_run_survives_sigkill_of_its_worker(
    own_queue: str,
    worker_factory: Callable[..., WorkerProcess],
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> None:
    # Big enough that reading takes several seconds, so the kill lands mid-run.
    submission = make_submission(
        submitter, synthetic_genome(size=100_000_000, genes=3000, contigs=50, seed=5)
    )
    first = worker_factory(PORTAL_VALIDATION_QUEUE=own_queue, **FAST_RECOVERY)
    first.start()
    run = validation_run_start(submission=submission, by=submitter, submit=True)

    def running_with_progress() -> bool:
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING and run.progress >= 10

    wait_for(running_with_progress, timeout=60, interval=0.05, what="the run to report progress")
    first.kill()
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING, "the kill must land mid-run for this test to mean anything"
    assert run.attempts == 1

    second = worker_factory(PORTAL_VALIDATION_QUEUE=own_queue, **FAST_RECOVERY)
    second.start()

    def settled() -> ValidationRun | None:
        run.refresh_from_db()
        return run if run.status in (RunStatus.FINISHED, RunStatus.FAILED) else None

    wait_for(settled, timeout=180, what="the run to finish on the second worker")
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.attempts == 2
    assert run.summary["stats"]["sequences"] == 50
    assert b"validation.run" in second.log()
