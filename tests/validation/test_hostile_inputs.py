"""Bytes PostgreSQL cannot hold as text (NUL) become findings, never a failed run; the line-context view
reads a bounded window of a line, however long the line."""

from __future__ import annotations

import gzip
import os
import resource
from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from tests.fixtures.worker import execute_here
from validation.selectors import MAX_LINE_CHARS, run_input_context
from validation.services import validation_run_start
from validation.status import RunStatus

pytestmark = pytest.mark.django_db(transaction=True)


def _run(submitter: User, submission: Submission) -> object:
    run = validation_run_start(submission=submission, by=submitter, submit=True)
    execute_here(run.pk)
    run.refresh_from_db()
    return run


def test_a_nul_in_a_fasta_header_is_a_finding(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    fasta = b">contig1 [organism=Saccharomyces cerevisiae] bad\x00header\nACGTACGTACGT\n"
    run = _run(submitter, make_submission(submitter, {"genome.fsa": fasta}))
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.findings.exists()
    stored = " ".join(run.findings.values_list("message", flat=True)) + str(run.overview)
    assert "\x00" not in stored


def test_a_random_binary_fsa_is_findings(submitter: User, make_submission: Callable[..., Submission]) -> None:
    run = _run(submitter, make_submission(submitter, {"genome.fsa": b">" + os.urandom(20_000)}))
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.findings.filter(severity_level__gte=30).exists()


def test_context_of_a_60_mib_single_line_reads_a_window(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    body = gzip.compress(b">c1\n" + b"A" * (60 * 1024 * 1024) + b"\n>c2\nACGT\n", compresslevel=9)
    assert len(body) < 200_000
    submission = make_submission(submitter, {"genome.fsa.gz": body})
    run = validation_run_start(submission=submission, by=submitter, submit=False)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    context = run_input_context(run=run, file="genome.fsa.gz", line=2, around=2)
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert [n for n, _ in context.lines] == [1, 2, 3, 4]
    assert context.truncated
    assert len(context.lines[1][1]) <= MAX_LINE_CHARS + 2
    assert context.lines[3][1] == "ACGT"
    assert grown_kib < 10 * 1024, f"the context view grew by {grown_kib} KiB"
    response = api_client_for(submitter).get(
        reverse("api-run-context", args=[submission.pk, run.pk]) + "?file=genome.fsa.gz&line=3&around=1"
    )
    assert response.status_code == 200
    assert response.json()["lines"][-1] == [4, "ACGT"]
