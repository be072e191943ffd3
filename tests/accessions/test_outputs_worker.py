"""Approval over the curation API with a real Celery worker: the approved outputs (the final .sqn and
flatfile with the accessions in) are built by the worker after the approval commits, and NCBI's asnval finds
no ERROR in the approved .sqn that it does not also find in the same submission's validation .sqn."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from accessions.models import ApprovedRecord, OutputsState
from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

_VAL = re.compile(r"^(ERROR|REJECT|FATAL|WARNING|INFO): valid \[([^\]]+)\]")
_SERIOUS = ("ERROR", "REJECT", "FATAL")


def _asnval(sqn: Path) -> list[tuple[str, str]]:
    """(severity, code) of every asnval message on a Seq-submit."""
    out = sqn.with_suffix(".asnval.txt")
    result = subprocess.run(
        ["asnval", "-i", str(sqn), "-a", "m", "-Q", "0", "-o", str(out)], capture_output=True
    )
    # asnval exits 0 having read the file; a file it could not read gives no report to compare.
    assert result.returncode == 0 and out.exists(), result.stderr.decode(errors="replace")[:2000]
    return [
        (m.group(1), m.group(2)) for m in map(_VAL.match, out.read_text(errors="replace").splitlines()) if m
    ]


@pytest.mark.skipif(
    not shutil.which("asnval"), reason="NCBI's asnval is not installed (apt-get install ncbi-tools-bin)"
)
def test_approval_through_the_api_builds_outputs_on_the_worker_that_asnval_accepts(
    worker_factory: Callable[..., WorkerProcess],
    reviewed: Callable[..., Submission],
    submitter: User,
    curator: User,
    tmp_path: Path,
) -> None:
    # A worker of this test's own, stopped when it ends: the session's worker would stay up and build the
    # approved outputs that later tests (tests/accessions/test_release.py) build in-process on purpose.
    celery_worker = worker_factory()
    celery_worker.start()
    submission = reviewed(title="Approved on a worker")
    run = ValidationRun.objects.filter(submission=submission, submit=True).latest("pk")
    response = api_client_for(curator).post(
        f"/api/v1/review/{submission.pk}/decision/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 201, response.content
    record = ApprovedRecord.objects.get(submission=submission)
    assert record.assigned_at is not None  # the accessions commit with the approval, before any worker

    def settled() -> bool:
        record.refresh_from_db()
        return record.outputs_state in (OutputsState.READY, OutputsState.FAILED)

    wait_for(settled, timeout=180, what="the worker to build the approved outputs")
    assert record.outputs_state == OutputsState.READY, (record.outputs_failure, celery_worker.log()[-3000:])
    assert record.outputs_attempts == 1
    assert b"accessions.build_outputs" in celery_worker.log()  # built there, not in this process
    table = api_client_for(submitter).get(f"/api/v1/submissions/{submission.pk}/accessions/").json()
    assert table["outputs"] == "ready"

    approved = tmp_path / "approved.sqn"
    approved.write_bytes(record.outputs.get(name="genome.sqn").stored.read())
    validated = tmp_path / "validated.sqn"
    validated.write_bytes(run.artifacts.get(name="genome.sqn").stored.read())
    # The approved .sqn carries the accessions the approval gave (every protein's accession.version).
    text = approved.read_text()
    proteins = [r["accession"] for r in table["rows"] if r["kind"] == "protein"]
    assert proteins and all(p.partition(".")[0] in text for p in proteins)

    before = _asnval(validated)
    after = _asnval(approved)
    # The generated genome has runs of N inside its contigs: asnval says so (a WARNING) on both, which shows
    # it read the records and did not stop at the envelope.
    n_runs = ("WARNING", "SEQ_INST.InternalNsInSeqRaw")
    assert n_runs in after and n_runs in before, (before, after)
    new_serious = {code for sev, code in after if sev in _SERIOUS} - {code for _sev, code in before}
    assert not new_serious, f"asnval ERRORs only in the approved .sqn: {sorted(new_serious)}"
