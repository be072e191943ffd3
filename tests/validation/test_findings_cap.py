"""100k bad lines: at most VALIDATION_FINDINGS_PER_CODE findings stored per code, the true counts shown, and
the report page still quick."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.conf import settings
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import web_client_for
from tests.fixtures.worker import execute_here
from validation.services import validation_run_start
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_a_table_of_100k_bad_lines_is_capped_per_code(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    fasta = b">contig1 [organism=Saccharomyces cerevisiae]\n" + b"ACGT" * 250 + b"\n"
    table = b">Feature contig1\n" + b"not a feature line\n" * 100_000
    submission = make_submission(submitter, {"genome.fsa": fasta, "genome.tbl": table})
    run = validation_run_start(submission=submission, by=submitter, submit=False)
    execute_here(run.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.FINISHED, run.failure

    per_code = dict(run.findings.values_list("code").annotate(n=Count("pk")))
    limit = settings.VALIDATION_FINDINGS_PER_CODE
    assert max(per_code.values()) <= limit, per_code
    capped = run.summary["capped"]
    assert capped, "100k bad lines of one kind must have been cut"
    assert max(capped.values()) >= 100_000 - 1
    assert sum(run.summary["counts"].values()) >= 100_000

    web = web_client_for(submitter)
    url = reverse("validation:run", args=[submission.pk, run.pk])
    web.get(url)  # templates compiled, connection warm
    started = time.perf_counter()
    page = web.get(url)
    elapsed = time.perf_counter() - started
    assert page.status_code == 200
    total = max(capped.values())
    assert f"and {total - 200:,} more like this".replace(",", "") in page.content.decode().replace(",", "")
    assert elapsed < 1.0, f"report page took {elapsed:.2f} s"
