"""A submission goes through a real Celery worker, PostgreSQL and Redis (or the embedded fallbacks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from submissions.metadata import submission_update
from submissions.models import Submission
from submissions.status import Status
from tests.fixtures.worker import WorkerProcess, execute_here, wait_for
from validation.models import ValidationRun
from validation.services import validation_run_execute, validation_run_start
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _settled(run: ValidationRun) -> ValidationRun | None:
    run.refresh_from_db()
    return run if run.status in (RunStatus.FINISHED, RunStatus.FAILED) else None


def test_clean_genome_goes_to_review(
    celery_worker: WorkerProcess,
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> None:
    submission = make_submission(submitter, synthetic_genome())
    run = validation_run_start(submission=submission, by=submitter, submit=True)
    assert submission.status == Status.VALIDATING

    wait_for(lambda: _settled(run), timeout=60, what="the run to finish")

    assert run.status == RunStatus.FINISHED, run.failure
    assert run.summary["stats"]["sequences"] == 2
    assert run.summary["blocking"] is False
    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW
    assert [(e.from_status, e.to_status) for e in submission.events.all()] == [
        (Status.DRAFT, Status.VALIDATING),
        (Status.VALIDATING, Status.IN_REVIEW),
    ]


def test_bad_file_becomes_findings_and_needs_fix(
    celery_worker: WorkerProcess, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    submission = make_submission(submitter, {"genome.fsa": b"this is not a FASTA file\nat all\n"})
    run = validation_run_start(submission=submission, by=submitter, submit=True)

    wait_for(lambda: _settled(run), timeout=60, what="the run to finish")

    assert run.status == RunStatus.FINISHED
    errors = run.findings.filter(severity_level__gte=30)
    assert errors.exists()
    first = errors.first()
    assert first is not None and first.file == "genome.fsa" and first.line == 1 and first.fix
    submission.refresh_from_db()
    assert submission.status == Status.NEEDS_FIX


def test_second_delivery_of_a_finished_run_changes_nothing(
    celery_worker: WorkerProcess, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    submission = make_submission(submitter)
    run = validation_run_start(submission=submission, by=submitter, submit=False)
    wait_for(lambda: _settled(run), timeout=60, what="the run to finish")
    findings_before = list(run.findings.values_list("pk", flat=True))

    assert validation_run_execute(run_id=run.pk) is None  # as a redelivered message would

    run.refresh_from_db()
    assert run.attempts == 1
    assert list(run.findings.values_list("pk", flat=True)) == findings_before
    submission.refresh_from_db()
    assert submission.status == Status.DRAFT  # validate-only leaves the draft a draft


@pytest.mark.django_db
def test_the_registered_prefix_reaches_the_rules(
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
    make_bioproject: Callable[..., Any],
    make_prefix: Callable[..., Any],
) -> None:
    """The synthetic genome's locus_tags start TST_; a submission registered under another prefix hears so."""
    project = make_bioproject(submitter)
    for prefix, expect_problem in (("OTHER", True), ("TST", False)):
        submission = make_submission(submitter, synthetic_genome())
        submission_update(
            submission=submission,
            by=submitter,
            data={"bioproject": project.pk, "locus_tag_prefix": make_prefix(project, prefix).prefix},
        )
        run = validation_run_start(submission=submission, by=submitter, submit=False)
        execute_here(run.pk)  # here, unless the suite's worker claimed it first
        run.refresh_from_db()
        problems = run.findings.filter(code="SEQ_FEAT.LocusTagProblem")
        assert problems.exists() is expect_problem, (
            prefix,
            list(problems.values_list("message", flat=True)[:3]),
        )
        if expect_problem:
            first = problems.first()
            assert (
                first is not None and "OTHER" in first.message and first.file.endswith(".tbl") and first.line
            )
        assert {a.name for a in run.artifacts.all()} >= {"errorsummary.val", "report.json"}
        assert run.overview["sequences"] and run.overview["sequences"][0]["features"]
