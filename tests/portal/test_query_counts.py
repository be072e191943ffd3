"""The number of SQL queries an API read makes does not grow with the rows it shows (no N+1).

Each endpoint is read with one row of what it lists, then with ten; the counts must be equal. A serializer
that follows a relation per row (a run's submission, a submission's latest run, BioProject, prefix, a release
change's author, ...) adds a query per row and fails here.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from submissions.metadata import submission_collaborator_add, submission_release_set, submission_update
from submissions.models import Submission
from submissions.services import submission_file_add
from tests.fixtures.users import api_client_for
from uploads.services import upload_create
from validation.models import RunArtifact, RunFinding, ValidationRun
from validation.status import RunStatus

pytestmark = pytest.mark.django_db

SBT = b"""Submit-block ::= {
  contact { contact { name name { last "Doe", first "Jane" }, affil std { affil "Example University",
    city "Utrecht", country "Netherlands", email "jane@example.org" } } },
  cit { authors { names std { { name name { last "Doe", first "Jane" } } },
    affil std { affil "Example University", city "Utrecht", country "Netherlands" } } } }
"""


def _queries(client: Any, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(captured), [q["sql"][:160] for q in captured.captured_queries]


def _grew(url: str, one: int, ten: int, sql: list[str]) -> str:
    return f"{url}: {one} queries for one row, {ten} for ten:\n" + "\n".join(sql)


def _run(submission: Submission, by: User, findings: int = 1, artifacts: int = 1) -> ValidationRun:
    # A finished run as a worker leaves it, with an overview the size of a real one's.
    run = ValidationRun.objects.create(
        submission=submission,
        requested_by=by,
        status=RunStatus.FINISHED,
        summary={"errors": 0, "warnings": findings},
        overview={"sequences": [{"id": f"contig{i}", "length": 1000 + i} for i in range(2000)]},
    )
    RunFinding.objects.bulk_create(
        RunFinding(run=run, code="SEQ.Short", severity="WARNING", severity_level=1, message="short", line=i)
        for i in range(findings)
    )
    for i in range(artifacts):
        artifact = RunArtifact(run=run, name=f"genome{i}.val", size=3)
        artifact.stored.save(f"genome{i}.val", ContentFile(b"ok\n"), save=False)
        artifact.save()
    return run


@pytest.fixture
def grow(
    submitter: User,
    other_submitter: User,
    make_submission: Callable[..., Submission],
    make_bioproject: Callable[..., BioProject],
    make_prefix: Callable[..., LocusTagPrefix],
) -> Callable[[int], Submission]:
    """``grow(n)``: one more full submission each call (project, prefix, collaborator, release change,
    files, two runs); returns it."""
    made: list[Submission] = []

    def grow(n: int) -> Submission:
        submission = make_submission(submitter, files={"genome.fsa": b">c1\nACGT\n", "template.sbt": SBT})
        project = make_bioproject(submitter)
        prefix = make_prefix(project, f"QC{n:03d}")
        submission_update(
            submission=submission,
            by=submitter,
            data={"bioproject": project.pk, "locus_tag_prefix": prefix.prefix},
        )
        submission_collaborator_add(submission=submission, by=submitter, who=other_submitter.username)
        submission_release_set(
            submission=submission,
            by=submitter,
            mode="on_date",
            date=datetime.date.today() + datetime.timedelta(days=30 + n),
        )
        _run(submission, submitter)
        _run(submission, submitter)
        made.append(submission)
        return submission

    return grow


def test_submission_list_and_queue_do_not_grow_with_submissions(
    submitter: User, curator: User, grow: Callable[[int], Submission]
) -> None:
    client, reviewer = api_client_for(submitter), api_client_for(curator)
    url = reverse("api-submission-list")
    grow(0)
    one, _ = _queries(client, url)
    for n in range(1, 10):
        grow(n)
    ten, sql = _queries(client, url)
    assert ten == one, _grew(url, one, ten, sql)
    # The curator's view of the same list.
    assert _queries(reviewer, url)[0] <= one + 2


def test_submission_detail_does_not_grow_with_its_rows(
    submitter: User, other_submitter: User, curator: User, grow: Callable[[int], Submission]
) -> None:
    client = api_client_for(submitter)
    submission = grow(0)
    url = reverse("api-submission-detail", args=[submission.pk])
    one, _ = _queries(client, url)
    for n in range(1, 10):
        submission_file_add(
            submission=submission, by=submitter, name=f"extra{n}.tbl", content=io.BytesIO(b">Feature c1\n")
        )
        submission_release_set(
            submission=submission,
            by=submitter,
            mode="on_date",
            date=datetime.date.today() + datetime.timedelta(days=60 + n),
        )
        _run(submission, submitter)
    ten, sql = _queries(client, url)
    assert ten == one, _grew(url, one, ten, sql)


def test_run_reads_do_not_grow_with_runs_findings_artifacts(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    client = api_client_for(submitter)
    submission = make_submission(submitter)
    first = _run(submission, submitter, findings=1, artifacts=1)
    big = _run(submission, submitter, findings=10, artifacts=10)
    small = first

    def urls(run: ValidationRun) -> list[str]:
        return [
            reverse("api-run-findings", args=[submission.pk, run.pk]),
            reverse("api-run-artifacts", args=[submission.pk, run.pk]),
            reverse("api-run-detail", args=[submission.pk, run.pk]),
        ]

    for few, many in zip(urls(small), urls(big), strict=True):
        one, ten = _queries(client, few)[0], _queries(client, many)[0]
        assert one == ten, _grew(many, one, ten, [])
    runs = reverse("api-run-list", args=[submission.pk])
    two, _ = _queries(client, runs)
    for _ in range(8):
        _run(submission, submitter)
    ten, sql = _queries(client, runs)
    assert ten == two, _grew(runs, two, ten, sql)


def test_file_and_upload_lists_do_not_grow(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    client = api_client_for(submitter)
    submission = make_submission(submitter)
    files = reverse("api-submission-files", args=[submission.pk])
    uploads = reverse("api-upload-list", args=[submission.pk])
    upload_create(submission=submission, by=submitter, length=10, metadata={"filename": "a.fsa"})
    counts = [_queries(client, files)[0], _queries(client, uploads)[0]]
    for n in range(9):
        submission_file_add(
            submission=submission, by=submitter, name=f"f{n}.fsa", content=io.BytesIO(b">c\nACGT\n")
        )
        upload_create(submission=submission, by=submitter, length=10, metadata={"filename": f"u{n}.fsa"})
    assert [_queries(client, files)[0], _queries(client, uploads)[0]] == counts
