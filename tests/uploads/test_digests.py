"""The whole file's digests are computed as tus chunks arrive and kept between requests (uploads.digests), and
on local storage the chunks go into one data file that is renamed into place."""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import os
import random
from collections.abc import Callable

import pytest
from django.core.files.storage import default_storage

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from tests.uploads.helpers import TUS, tus_create, tus_patch, tus_upload
from uploads import digests
from uploads.models import Upload
from uploads.status import UploadStatus

pytestmark = pytest.mark.django_db

GENOME = b">contig1 [organism=Saccharomyces cerevisiae]\n" + b"ACGTTGCAAC" * 3000 + b"\n"
needs_digests = pytest.mark.skipif(not digests.AVAILABLE, reason="this libcrypto has no SHA256_Init/MD5_Init")


@pytest.fixture
def draft(submitter: User, make_submission: Callable[..., Submission]) -> Submission:
    return make_submission(submitter, files={})


@needs_digests
@pytest.mark.parametrize("name", ["sha256", "md5"])
def test_a_saved_state_goes_on_where_it_stopped(name: str) -> None:
    data = random.Random(7).randbytes(300_000)
    for _ in range(20):
        cuts = sorted(random.Random(len(data)).sample(range(len(data)), 5))
        state = None
        for start, end in zip([0, *cuts], [*cuts, len(data)], strict=True):
            digest = digests.ResumableDigest(name, state)
            digest.update(data[start:end])
            state = digest.state()
        assert digests.ResumableDigest(name, state).hexdigest() == hashlib.new(name, data).hexdigest()
        data = data[1:]


@needs_digests
def test_digests_are_kept_per_chunk_and_the_data_file_is_moved(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(
        client,
        draft.pk,
        "genome.fsa",
        len(GENOME),
        sha256=hashlib.sha256(GENOME).hexdigest(),
        md5=hashlib.md5(GENOME).hexdigest(),
    ).json()["location"]
    assert tus_patch(client, location, 0, GENOME[:10_001]).status_code == 204
    upload = Upload.objects.get()
    assert set(upload.digest_state) == {"sha256", "md5"}
    data = upload.parts[0][1]
    assert default_storage.exists(data)
    assert tus_patch(client, location, 10_001, GENOME[10_001:]).status_code == 204
    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE and upload.file is not None
    assert upload.file.sha256 == hashlib.sha256(GENOME).hexdigest()
    assert not default_storage.exists(data)
    with upload.file.stored.open("rb") as stored:
        assert stored.read() == GENOME


def test_an_upload_without_kept_digests_is_hashed_when_joined(submitter: User, draft: Submission) -> None:
    """An upload begun by a server that could not keep the digests (or before they were kept)."""
    client = api_client_for(submitter)
    location = tus_create(
        client, draft.pk, "genome.fsa", len(GENOME), md5=hashlib.md5(GENOME).hexdigest()
    ).json()["location"]
    assert tus_patch(client, location, 0, GENOME[:5000]).status_code == 204
    Upload.objects.update(digest_state={})
    assert tus_patch(client, location, 5000, GENOME[5000:]).status_code == 204
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.DONE and upload.file is not None
    assert upload.file.sha256 == hashlib.sha256(GENOME).hexdigest()


def test_a_second_writer_is_refused_while_one_writes(submitter: User, draft: Submission) -> None:
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(GENOME)).json()["location"]
    assert tus_patch(client, location, 0, GENOME[:100]).status_code == 204
    # Another process holding the writer's lock, as a request still sending its chunk does.
    fd = os.open(default_storage.path(Upload.objects.get().parts[0][1]), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        busy = tus_patch(client, location, 100, GENOME[100:200])
        assert busy.status_code == 409 and busy.json()["code"] == "offset_mismatch"
    finally:
        os.close(fd)
    assert client.head(location, **TUS)["Upload-Offset"] == "100"
    assert tus_patch(client, location, 100, GENOME[100:]).status_code == 204
    assert Upload.objects.get().status == UploadStatus.DONE


def test_a_big_upload_is_finished_in_the_last_request_unless_gzip(
    submitter: User, draft: Submission, settings: object
) -> None:
    """Above the inline size, a plain file with its digests kept is a rename (done in the request); a gzip
    must be read to measure what it expands to, so a worker does that."""
    settings.PORTAL_UPLOAD_INLINE_FINALIZE_BYTES = 1000  # type: ignore[attr-defined]
    client = api_client_for(submitter)
    plain = tus_upload(client, draft.pk, "genome.fsa", GENOME, chunk=8000)
    expected = UploadStatus.DONE if digests.AVAILABLE else UploadStatus.ASSEMBLING
    assert client.get(plain).json()["status"] == expected
    packed = gzip.compress(random.Random(3).randbytes(2000))
    zipped = tus_upload(client, draft.pk, "genome.fsa.gz", packed, chunk=500)
    assert client.get(zipped).json()["status"] == UploadStatus.ASSEMBLING
