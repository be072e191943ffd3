"""Resumable uploads (tus 1.0) through the API: creation, offsets, chunks, checksums, caps, termination."""

from __future__ import annotations

import base64
import gzip
import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from submissions.models import FileKind, Submission
from tests.fixtures.users import api_client_for
from tests.uploads.helpers import TUS, metadata, sha256, tus_create, tus_patch, tus_upload
from uploads.models import Upload
from uploads.status import UploadStatus

pytestmark = pytest.mark.django_db

GENOME = b">contig1 [organism=Saccharomyces cerevisiae]\n" + b"ACGTTGCAAC" * 700 + b"\n"


@pytest.fixture
def draft(submitter: User, make_submission: Callable[..., Submission]) -> Submission:
    return make_submission(submitter, files={})


def test_options_advertises_the_protocol(submitter: User, draft: Submission) -> None:
    response = api_client_for(submitter).options(reverse("api-submission-files", args=[draft.pk]))
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert {"creation", "termination", "checksum"} <= set(response["Tus-Extension"].split(","))
    assert int(response["Tus-Max-Size"]) > 0


def test_chunked_upload_becomes_a_file_with_our_sha256(
    submitter: User, draft: Submission, django_capture_on_commit_callbacks: Any
) -> None:
    client = api_client_for(submitter)
    with django_capture_on_commit_callbacks(execute=True):
        location = tus_upload(client, draft.pk, "genome.fsa", GENOME, chunk=1024, sha256=sha256(GENOME))
    head = client.head(location, **TUS)
    assert head.status_code == 200
    assert head["Upload-Offset"] == head["Upload-Length"] == str(len(GENOME))
    assert head["Tus-Resumable"] == "1.0.0" and head["Cache-Control"] == "no-store"
    status = client.get(location).json()
    assert status["status"] == UploadStatus.DONE and status["file_id"]
    record = draft.files.get()
    assert record.original_name == "genome.fsa" and record.kind == FileKind.FASTA
    assert record.sha256 == sha256(GENOME) and record.size == len(GENOME)
    assert "genome" not in record.stored.name
    with record.stored.open("rb") as stored:
        assert stored.read() == GENOME
    upload = Upload.objects.get()
    assert len(upload.parts) == -(-len(GENOME) // 1024)
    # The parts are gone once the file is whole.
    assert not any(record.stored.storage.exists(p[1]) for p in upload.parts)


def test_resume_after_a_lost_chunk(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(GENOME)).json()["location"]
    assert tus_patch(client, location, 0, GENOME[:3000]).status_code == 204
    # The client thinks it sent more than arrived: the server says where to go on.
    wrong = tus_patch(client, location, 5000, GENOME[5000:6000])
    assert wrong.status_code == 409 and wrong.json()["code"] == "offset_mismatch"
    offset = int(client.head(location, **TUS)["Upload-Offset"])
    assert offset == 3000
    assert tus_patch(client, location, offset, GENOME[offset:]).status_code == 204
    assert draft.files.get().sha256 == sha256(GENOME)


def test_chunk_checksum_extension(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(GENOME)).json()["location"]
    chunk = GENOME[:2000]
    good = base64.b64encode(hashlib.sha1(chunk).digest()).decode()
    bad = base64.b64encode(hashlib.sha1(b"other").digest()).decode()
    refused = tus_patch(client, location, 0, chunk, HTTP_UPLOAD_CHECKSUM=f"sha1 {bad}")
    assert refused.status_code == 460
    assert client.head(location, **TUS)["Upload-Offset"] == "0"
    assert tus_patch(client, location, 0, chunk, HTTP_UPLOAD_CHECKSUM=f"sha1 {good}").status_code == 204
    unknown = tus_patch(client, location, 2000, GENOME[2000:], HTTP_UPLOAD_CHECKSUM="crc32 AAAA")
    assert unknown.status_code == 400 and unknown.json()["fields"]["Upload-Checksum"]


@pytest.mark.parametrize("algorithm", ["sha256", "md5"])
def test_whole_file_checksum_mismatch_fails_the_upload(
    submitter: User, draft: Submission, algorithm: str
) -> None:
    client = api_client_for(submitter)
    wrong = hashlib.new(algorithm, b"something else").hexdigest()
    location = tus_create(client, draft.pk, "genome.fsa", len(GENOME), **{algorithm: wrong}).json()[
        "location"
    ]
    last = tus_patch(client, location, 0, GENOME)
    # The PATCH that completes the file hears at once why it was refused.
    assert last.status_code == 422 and last.json()["code"] == "upload_failed", last.content
    status = client.get(location).json()
    assert status["status"] == UploadStatus.FAILED
    assert algorithm.upper().replace("SHA256", "SHA-256") in status["failure"]
    assert not draft.files.exists()


def test_md5_match_is_accepted(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_upload(client, draft.pk, "genome.fsa", GENOME, md5=hashlib.md5(GENOME).hexdigest())
    assert client.get(location).json()["status"] == UploadStatus.DONE


def test_size_caps(submitter: User, draft: Submission, settings: object) -> None:
    client = api_client_for(submitter)
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000  # type: ignore[attr-defined]
    too_big = tus_create(client, draft.pk, "genome.fsa", 1001)
    assert too_big.status_code == 413 and "Upload-Length" in too_big.json()["fields"]
    settings.PORTAL_MAX_UPLOAD_BYTES = 10**9  # type: ignore[attr-defined]
    settings.PORTAL_MAX_DECOMPRESSED_BYTES = 5000  # type: ignore[attr-defined]
    bomb = gzip.compress(b"A" * 200_000)
    location = tus_create(client, draft.pk, "genome.fsa.gz", len(bomb)).json()["location"]
    last = tus_patch(client, location, 0, bomb)
    assert last.status_code == 422 and "decompresses to more than" in last.json()["message"]
    status = client.get(location).json()
    assert status["status"] == UploadStatus.FAILED and "decompresses to more than" in status["failure"]
    small = gzip.compress(GENOME[:1000])
    ok = tus_upload(client, draft.pk, "small.fsa.gz", small, chunk=100)
    assert client.get(ok).json()["status"] == UploadStatus.DONE


def test_chunk_past_the_declared_length_is_refused(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", 10).json()["location"]
    assert tus_patch(client, location, 0, b"x" * 11).status_code == 413


def test_protocol_errors(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", 10).json()["location"]
    wrong_type = client.generic(
        "PATCH", location, b"x", content_type="text/plain", HTTP_UPLOAD_OFFSET="0", **TUS
    )
    assert wrong_type.status_code == 415
    no_version = client.generic(
        "PATCH", location, b"x", content_type="application/offset+octet-stream", HTTP_UPLOAD_OFFSET="0"
    )
    assert no_version.status_code == 412
    no_length = client.post(
        reverse("api-submission-files", args=[draft.pk]),
        HTTP_UPLOAD_METADATA=metadata(filename="a.fsa"),
        **TUS,
    )
    assert no_length.status_code == 400 and "Upload-Length" in no_length.json()["fields"]


def test_termination(submitter: User, draft: Submission, django_capture_on_commit_callbacks: Any) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(GENOME)).json()["location"]
    tus_patch(client, location, 0, GENOME[:100])
    part = Upload.objects.get().parts[0][1]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(location, **TUS).status_code == 204
    assert Upload.objects.get().status == UploadStatus.CANCELLED
    assert tus_patch(client, location, 100, GENOME[100:]).status_code == 409
    from django.core.files.storage import default_storage

    assert not default_storage.exists(part)


def test_same_name_replaces_the_earlier_file(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    tus_upload(client, draft.pk, "genome.fsa", GENOME)
    tus_upload(client, draft.pk, "genome.fsa", GENOME[:500] + b"\n")
    record = draft.files.get()
    assert record.size == 501


def test_uploads_need_an_editable_submission(submitter: User, draft: Submission) -> None:
    draft.status = "in_review"
    draft.save()
    response = tus_create(api_client_for(submitter), draft.pk, "genome.fsa", 10)
    assert response.status_code == 409


SEES = {"submitter": True, "curator": True, "other_submitter": False, "anonymous": False}


@pytest.mark.parametrize("persona", sorted(SEES))
def test_access_matrix(
    persona: str, personas: dict[str, User | None], submitter: User, draft: Submission
) -> None:
    location = tus_create(api_client_for(submitter), draft.pk, "genome.fsa", len(GENOME)).json()["location"]
    client = api_client_for(personas[persona])
    reads = [
        client.get(location),
        client.head(location, **TUS),
        client.get(reverse("api-upload-list", args=[draft.pk])),
    ]
    writes = [
        tus_create(client, draft.pk, "x.fsa", 10),
        tus_patch(client, location, 0, GENOME[:10]),
        client.delete(location, **TUS),
    ]
    if persona == "anonymous":
        assert all(r.status_code == 401 for r in reads + writes)
    elif persona == "other_submitter":
        assert all(r.status_code == 404 for r in reads + writes)
    elif persona == "curator":
        assert all(r.status_code == 200 for r in reads)
        assert all(r.status_code == 403 for r in writes)  # curators review, they do not upload
    else:
        assert all(r.status_code == 200 for r in reads)
    assert Upload.objects.get(pk=location.rstrip("/").split("/")[-1]).offset == (
        10 if persona == "submitter" else 0
    )
