"""A file that is not what its name says (a .docx, a program, a PDF) is refused when it arrives (422), naming
the file and what it looks like: by multipart, by tus after the first chunk, and by tus in one chunk."""

from __future__ import annotations

import gzip
import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from submissions.sniff import binary_kind
from tests.fixtures.users import api_client_for
from tests.uploads.helpers import tus_create, tus_patch
from uploads.models import Upload
from uploads.status import UploadStatus

pytestmark = pytest.mark.django_db

FASTA = b">contig1 [organism=Saccharomyces cerevisiae]\n" + b"ACGTTGCAAC" * 700 + b"\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + bytes(range(256)) * 40
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + b"0" * 9000


@pytest.mark.parametrize(
    ("head", "said"),
    [
        (_docx(), "Word document"),
        (ELF, "ELF executable"),
        (PDF, "PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        (gzip.compress(PDF), "PDF document, compressed with gzip"),
        (b"MZ" + b"\x00" * 58 + (64).to_bytes(4, "little") + b"PE\x00\x00", "Windows program"),
    ],
)
def test_binary_formats_are_named(head: bytes, said: str) -> None:
    found = binary_kind(head[:8192])
    assert found is not None and said in found


@pytest.mark.parametrize(
    "text",
    [FASTA, gzip.compress(FASTA), b">Feature c1\n1\t9\tgene\n", b"MZ is a fine first line\n", b"CRAM text\n"],
)
def test_text_is_not_refused(text: bytes) -> None:
    assert binary_kind(text) is None


@pytest.mark.parametrize(
    ("name", "body", "said"),
    [("genome.fsa", _docx(), "Word document"), ("genome.fsa", ELF, "ELF"), ("genome.tbl", PDF, "PDF")],
)
def test_multipart_refuses_what_the_name_does_not_say(
    submitter: User, make_submission: Callable[..., Submission], name: str, body: bytes, said: str
) -> None:
    draft = make_submission(submitter, files={})
    response = api_client_for(submitter).post(
        reverse("api-submission-files", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, body)},
        format="multipart",
    )
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["code"] == "wrong_content" and name in error["message"] and said in error["message"]
    assert not draft.files.exists()


def test_tus_refuses_after_the_first_chunk(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    draft = make_submission(submitter, files={})
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(ELF)).json()["location"]
    first = tus_patch(client, location, 0, ELF[:4096])
    assert first.status_code == 422, first.content
    assert "genome.fsa" in first.json()["message"] and "ELF" in first.json()["message"]
    upload = Upload.objects.get(submission=draft)
    assert upload.status == UploadStatus.CANCELLED and "ELF" in upload.failure
    # Nothing more is taken.
    assert tus_patch(client, location, 4096, ELF[4096:8192]).status_code == 409
    assert not draft.files.exists()


def test_tus_in_one_chunk_refuses_with_the_reason(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    draft = make_submission(submitter, files={})
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.tbl", len(PDF)).json()["location"]
    last = tus_patch(client, location, 0, PDF)
    assert last.status_code == 422 and "genome.tbl looks like a PDF document" in last.json()["message"]
    assert not draft.files.exists()


def test_the_last_patch_names_the_file_it_made(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    draft = make_submission(submitter, files={})
    client = api_client_for(submitter)
    location = tus_create(client, draft.pk, "genome.fsa", len(FASTA)).json()["location"]
    middle = tus_patch(client, location, 0, FASTA[:4096])
    assert middle.status_code == 204 and "Upload-File-Id" not in middle
    last = tus_patch(client, location, 4096, FASTA[4096:])
    assert last.status_code == 204
    assert int(last["Upload-File-Id"]) == draft.files.get().pk
