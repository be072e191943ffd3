"""A big upload is joined by a worker, not by the web request that brought its last byte."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from tests.fixtures.worker import WorkerProcess, wait_for
from tests.uploads.helpers import sha256, tus_upload
from uploads.models import Upload
from uploads.status import UploadStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def test_worker_joins_a_big_upload(
    celery_worker: WorkerProcess, submitter: User, make_submission: Callable[..., Submission], settings: Any
) -> None:
    settings.PORTAL_UPLOAD_INLINE_FINALIZE_BYTES = 1000  # "big" for this test
    submission = make_submission(submitter, files={})
    data = b">c1 [organism=Saccharomyces cerevisiae]\n" + b"ACGT" * 5000 + b"\n"
    client = api_client_for(submitter)
    location = tus_upload(client, submission.pk, "big.fsa", data, chunk=4096, sha256=sha256(data))
    assert client.get(location).json()["status"] in (UploadStatus.ASSEMBLING, UploadStatus.DONE)

    def done() -> Upload | None:
        upload = Upload.objects.get(submission=submission)
        return upload if upload.status in (UploadStatus.DONE, UploadStatus.FAILED) else None

    upload = wait_for(done, timeout=60, what="the worker to join the upload")
    assert upload.status == UploadStatus.DONE, upload.failure
    assert submission.files.get().sha256 == sha256(data)
