"""The report page and its API: counts, findings grouped by code with the fix, filters, lines in context
(gzip too), artefact downloads, the flatfile preview, the SVG overview; earlier runs stay viewable."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from submissions.metadata import submission_update
from submissions.models import Submission
from tests.fixtures.users import api_client_for, web_client_for
from validation.models import ValidationRun
from validation.services import validation_run_execute, validation_run_start
from validation.svg import overview_svg

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
    make_bioproject: Callable[..., Any],
    make_prefix: Callable[..., Any],
) -> ValidationRun:
    files = synthetic_genome()
    fasta = next(name for name in files if name.endswith(".fsa"))
    files[fasta + ".gz"] = gzip.compress(files.pop(fasta))
    submission = make_submission(submitter, files)
    project = make_bioproject(submitter)
    submission_update(
        submission=submission,
        by=submitter,
        data={"bioproject": project.pk, "locus_tag_prefix": make_prefix(project, "OTHER").prefix},
    )
    run = validation_run_start(submission=submission, by=submitter, submit=False)
    validation_run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_report_page(submitter: User, run: ValidationRun) -> None:
    url = reverse("validation:run", args=[run.submission_id, run.pk])
    page = web_client_for(submitter).get(url).content.decode()
    assert run.summary["counts"]["ERROR"] > 0 and "Blocking" in page
    assert 'id="code-seq_featlocustagproblem"' in page
    assert "How to fix:" in page and "registered prefix" in page
    assert "<svg" in page and 'class="mark"' in page
    assert "errorsummary.val" in page
    table = next(i["name"] for i in run.inputs if i["name"].endswith(".tbl"))
    assert f"{table}:" in page and "context-link" in page
    filtered = web_client_for(submitter).get(url, {"severity": "INFO"}).content.decode()
    assert 'id="code-seq_featlocustagproblem"' not in filtered


def test_context_from_the_stored_upload(submitter: User, run: ValidationRun) -> None:
    finding = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").first()
    assert finding is not None and finding.line
    client = api_client_for(submitter)
    url = reverse("api-run-context", args=[run.submission_id, run.pk])
    body = client.get(url, {"file": finding.file, "line": finding.line, "around": 2}).json()
    numbers = [n for n, _ in body["lines"]]
    assert numbers == list(range(max(1, finding.line - 2), finding.line + 3))
    hit = dict(body["lines"])[finding.line]
    assert "gene" in hit  # the gene row the finding is about
    fasta = next(i["name"] for i in run.inputs if i["name"].endswith(".gz"))
    first = client.get(url, {"file": fasta, "line": 1, "around": 0}).json()["lines"]
    assert first[0][0] == 1 and first[0][1].startswith(">")
    assert client.get(url, {"file": "nope.tbl", "line": 1}).status_code == 404
    bad = client.get(url, {"file": fasta, "line": "x"})
    assert bad.status_code == 400 and "line" in bad.json()["fields"]
    page = web_client_for(submitter).get(
        reverse("validation:run_context", args=[run.submission_id, run.pk]),
        {"file": finding.file, "line": finding.line},
    )
    assert (
        page.status_code == 200
        and b'class="ln hit"' in page.content
        and b"SEQ_FEAT.LocusTagProblem" in page.content
    )


def test_artifacts_download(submitter: User, run: ValidationRun) -> None:
    client = api_client_for(submitter)
    listed = client.get(reverse("api-run-artifacts", args=[run.submission_id, run.pk])).json()
    names = {a["name"] for a in listed}
    assert {"errorsummary.val", "report.json"} <= names
    response = client.get(reverse("api-run-artifact", args=[run.submission_id, run.pk, "errorsummary.val"]))
    assert response.status_code == 200
    assert b"SEQ_FEAT.LocusTagProblem" in b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert (
        client.get(reverse("api-run-artifact", args=[run.submission_id, run.pk, "nope.sqn"])).status_code
        == 404
    )


def test_earlier_runs_stay_viewable_after_a_fix(submitter: User, run: ValidationRun) -> None:
    submission = run.submission
    table = submission.files.get(original_name__endswith=".tbl")
    stored = table.stored.name
    # The fix replaces the table; the first run's report still shows the old lines.
    from django.core.files.base import ContentFile

    from submissions.services import submission_file_add

    submission_file_add(
        submission=submission, by=submitter, name=table.original_name, content=ContentFile(b">Feature x\n")
    )
    assert table.stored.storage.exists(stored)
    finding = run.findings.filter(code="SEQ_FEAT.LocusTagProblem").first()
    assert finding is not None
    body = (
        api_client_for(submitter)
        .get(
            reverse("api-run-context", args=[submission.pk, run.pk]),
            {"file": finding.file, "line": finding.line, "around": 0},
        )
        .json()
    )
    assert "gene" in body["lines"][0][1]


def test_svg_escapes_and_links() -> None:
    svg = overview_svg(
        {
            "sequences": [
                {
                    "id": "<seq&1>",
                    "length": 1000,
                    "features": [[10, 500, "CDS"]],
                    "problems": [[10, 500, "ERROR", "X.Y", "a b.tbl", 7], [0, 0, "WARNING", "Z", "a.fsa", 1]],
                }
            ],
            "more": 3,
        },
        "/ctx/",
    )
    assert "&lt;seq&amp;1&gt;" in svg and "<seq&1>" not in svg
    assert 'href="/ctx/?file=a+b.tbl&amp;line=7"' in svg
    assert "the whole sequence" in svg and "3 shorter sequences" in svg
    assert overview_svg({}, "/ctx/") == ""
