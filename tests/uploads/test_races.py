"""Upload after Submit: a multipart body still arriving when Submit is pressed must not become a file.

The view reads the submission before the body; ``submission_file_add`` checks the status again under the
row lock Submit takes, so the late upload is refused (409) and an earlier file of the same name stays.
"""

from __future__ import annotations

import http.client
import time
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from accounts.models import User
from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.status import Status
from tests.fixtures.users import api_client_for
from uploads.services import upload_create
from validation.services import validation_run_start

TRIES = 20


def _multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_a_multipart_upload_still_arriving_at_submit_is_refused(
    live_server: Any, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    token = Token.objects.create(user=submitter).key
    host, port = live_server.url.removeprefix("http://").split(":")
    replacement = b">contig1\n" + b"ACGT" * 50_000 + b"\n"
    for _ in range(TRIES):
        submission = make_submission(submitter)
        before = submission.files.get().sha256
        body, content_type = _multipart("genome.fsa", replacement)
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.putrequest("POST", reverse("api-submission-files", args=[submission.pk]))
        conn.putheader("Authorization", f"Token {token}")
        conn.putheader("Content-Type", content_type)
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders()
        conn.send(body[: len(body) // 2])
        time.sleep(0.05)
        submitted = api_client_for(submitter).post(reverse("api-submission-submit", args=[submission.pk]))
        assert submitted.status_code == 202, submitted.content
        conn.send(body[len(body) // 2 :])
        response = conn.getresponse()
        answer = response.read()
        conn.close()
        assert response.status == 409, answer
        assert b'"code":"invalid_state"' in answer.replace(b" ", b"")
        fresh = Submission.objects.get(pk=submission.pk)
        assert fresh.status == Status.VALIDATING
        assert [f.sha256 for f in fresh.files.all()] == [before]


@pytest.mark.django_db(transaction=True)
def test_tus_creation_on_a_stale_copy_is_refused(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    stale = make_submission(submitter)
    validation_run_start(submission=Submission.objects.get(pk=stale.pk), by=submitter, submit=True)
    with pytest.raises(ApplicationError) as refused:
        upload_create(submission=stale, by=submitter, length=10, metadata={"filename": "genome.fsa"})
    assert refused.value.status == 409
    assert not stale.uploads.exists()
