"""The REST flow for a submitter: create, upload, list files, validate; errors are JSON with fields."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from submissions.models import FileKind, Submission
from submissions.status import Status
from tests.fixtures.users import api_client_for

pytestmark = pytest.mark.django_db


def test_create_upload_and_list(submitter: User) -> None:
    client = api_client_for(submitter)
    created = client.post(reverse("api-submission-list"), {"title": "My genome", "organism": "Homo sapiens"})
    assert created.status_code == 201
    sid = created.json()["id"]
    assert created.json()["status"] == Status.DRAFT

    payload = gzip.compress(b">c1\nACGT\n")
    upload = client.post(
        reverse("api-submission-files", args=[sid]),
        {"file": SimpleUploadedFile("../../etc/genome.fsa.gz", payload)},
        format="multipart",
    )
    assert upload.status_code == 201, upload.content
    body = upload.json()
    assert body["name"] == "genome.fsa.gz"  # the path part of the client's name is dropped
    assert body["kind"] == FileKind.FASTA
    assert body["size"] == len(payload)
    stored = Submission.objects.get(pk=sid).files.get()
    assert ".." not in stored.stored.name and "genome" not in stored.stored.name


def test_invalid_input_is_json_with_fields(submitter: User) -> None:
    response = api_client_for(submitter).post(reverse("api-submission-list"), {})
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "title" in response.json()["fields"]


def test_empty_file_is_refused(submitter: User) -> None:
    client = api_client_for(submitter)
    sid = client.post(reverse("api-submission-list"), {"title": "t"}).json()["id"]
    response = client.post(
        reverse("api-submission-files", args=[sid]),
        {"file": SimpleUploadedFile("e.fsa", b"")},
        format="multipart",
    )
    assert response.status_code in (400, 422)
    assert Submission.objects.get(pk=sid).files.count() == 0


def test_submit_without_files_is_a_conflict(submitter: User) -> None:
    client = api_client_for(submitter)
    sid = client.post(reverse("api-submission-list"), {"title": "t"}).json()["id"]
    response = client.post(reverse("api-submission-submit", args=[sid]))
    assert response.status_code == 409
    assert response.json()["code"] == "no_files"


def test_openapi_schema_is_served(submitter: User) -> None:
    response = api_client_for(submitter).get(reverse("api-schema"), HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "/api/v1/submissions/{submission_id}/submit/" in response.content.decode()


def test_openapi_schema_is_valid_and_names_every_route(tmp_path: Any) -> None:
    out = tmp_path / "schema.yaml"
    # --fail-on-warn: a view the generator cannot describe fails here, not in a client's code generator.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in (
        "/api/v1/bioprojects/",
        "/api/v1/locus-tag-prefixes/",
        "/api/v1/submissions/{submission_id}/files/uploads/{upload_id}/",
        "/api/v1/submissions/{submission_id}/release/",
        "/api/v1/submissions/{submission_id}/runs/{run_id}/artifacts/{name}",
        "/api/v1/submissions/{submission_id}/runs/{run_id}/context/",
    ):
        assert f"  {path}:" in schema, path


def test_multipart_gzip_over_the_decompressed_cap_is_refused(submitter: User, settings: Any) -> None:
    settings.PORTAL_MAX_DECOMPRESSED_BYTES = 10_000
    client = api_client_for(submitter)
    sid = client.post(reverse("api-submission-list"), {"title": "t"}).json()["id"]
    bomb = SimpleUploadedFile("genome.fsa.gz", gzip.compress(b"N" * 100_000))
    response = client.post(reverse("api-submission-files", args=[sid]), {"file": bomb}, format="multipart")
    assert response.status_code == 422 and "decompresses to more than" in response.json()["message"]
    fine = SimpleUploadedFile("genome.fsa.gz", gzip.compress(b">c\nACGT\n"))
    assert (
        client.post(
            reverse("api-submission-files", args=[sid]), {"file": fine}, format="multipart"
        ).status_code
        == 201
    )
