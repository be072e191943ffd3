"""A run spread over two worker processes: both take chunks, and the outputs are a one-task run's, byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from gbprep.job.run import run_job
from submissions.models import Submission
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun
from validation.services import RunInput, job_options_for, run_local_copies, validation_run_start
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.slow]

SPREAD = {
    "VALIDATION_SPREAD_BYTES": "1",  # spread whatever its size
    "VALIDATION_CHUNK_RECORDS": "2",
    "VALIDATION_CHUNK_RESIDUES": "40000",
}


@pytest.fixture
def own_queue(settings: Any) -> str:
    """A queue only this test's two workers listen to."""
    settings.VALIDATION_QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-spread"
    return str(settings.VALIDATION_QUEUE)


def _one_task_outputs(submission: Submission, run: ValidationRun, out: Path) -> dict[str, bytes]:
    files = [RunInput(i["name"], i["stored"]) for i in run.inputs]
    with run_local_copies(submission, files) as (inputs, tmp_out):
        options = replace(job_options_for(submission, tmp_out), chunk_records=2, chunk_residues=40_000)
        options = replace(options, discrepancy_path=out / "discrepancy.txt")
        run_job(inputs, options, out)
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != "report.json"}


def test_two_workers_share_the_chunks_and_write_what_one_task_writes(
    own_queue: str,
    worker_factory: Callable[..., WorkerProcess],
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
    tmp_path: Path,
) -> None:
    submission = make_submission(submitter, synthetic_genome(size=800_000, genes=200, contigs=24, seed=9))
    workers = [worker_factory(PORTAL_VALIDATION_QUEUE=own_queue, **SPREAD) for _ in range(2)]
    for worker in workers:
        worker.start()
    run = validation_run_start(submission=submission, by=submitter, submit=True)

    def settled() -> bool:
        run.refresh_from_db()
        return run.status in (RunStatus.FINISHED, RunStatus.FAILED)

    wait_for(settled, timeout=180, what="the spread run to finish")
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.chunks_total >= 8 and run.chunks_done == run.chunks_total
    spread = run.summary["stats"]["spread"]
    assert spread["chunks"] == run.chunks_total
    assert len(spread["workers"]) == 2, spread  # both workers took chunks
    assert sum(spread["workers"].values()) == run.chunks_total
    for worker in workers:
        assert b"validation.chunk" in worker.log()

    ours = {a.name: a.stored.read() for a in run.artifacts.all() if a.name != "report.json"}
    assert ours == _one_task_outputs(submission, run, tmp_path / "one-task")
    submission.refresh_from_db()
    assert submission.status in ("in_review", "needs_fix")
