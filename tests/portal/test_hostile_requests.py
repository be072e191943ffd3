"""No input answers 500, and every /api/ answer is JSON ``{"code", "message", "fields"}``.

Each request here once answered a 500 (psycopg's DataError on NUL, ``int("²")``, RecursionError on deep JSON)
or an HTML page (an unknown /api/ path, an oversized body).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import PASSWORD, api_client_for, web_client_for
from validation.models import ValidationRun
from validation.services import validation_run_start


def _json_error(response: Any, status: int | None = None) -> dict[str, Any]:
    assert response.status_code < 500, response.content[:500]
    if status is not None:
        assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json"), (
        response["Content-Type"],
        response.content[:200],
    )
    body = json.loads(response.content)
    assert set(body) >= {"code", "message", "fields"}, body
    return body


@pytest.fixture
def run(submitter: User, make_submission: Callable[..., Submission]) -> ValidationRun:
    return validation_run_start(submission=make_submission(submitter), by=submitter, submit=False)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "suffix",
    [
        "findings/?file=%00",
        "findings/?code=%00",
        "findings/?severity=%00",
        "findings/?page=%C2%B2",
        "artifacts/a%00b",
        "context/?file=genome.fsa&line=%C2%B2",
        "context/?file=genome.fsa&line=3&around=%C2%B2",
        "context/?file=%00&line=1",
    ],
)
def test_hostile_run_queries_are_json_4xx(submitter: User, run: ValidationRun, suffix: str) -> None:
    base = reverse("api-run-detail", args=[run.submission_id, run.pk])
    _json_error(api_client_for(submitter).get(base + suffix))


@pytest.mark.django_db
def test_report_page_filters_with_nul_are_refused(submitter: User, run: ValidationRun) -> None:
    web = web_client_for(submitter)
    url = reverse("validation:run", args=[run.submission_id, run.pk])
    for query in ("?file=%00", "?code=%00", "?severity=%00"):
        assert web.get(url + query).status_code == 400
    assert web.get(url + "?severity=FOO").status_code == 200  # shown unfiltered, with the reason


@pytest.mark.django_db
def test_bad_severity_names_the_valid_ones(submitter: User, run: ValidationRun) -> None:
    url = reverse("api-run-findings", args=[run.submission_id, run.pk])
    body = _json_error(api_client_for(submitter).get(url + "?severity=FOO"), 400)
    assert "ERROR" in body["message"] and "WARNING" in body["message"]
    assert "severity" in body["fields"]


@pytest.mark.django_db
def test_bad_choice_names_the_valid_ones(submitter: User, make_submission: Callable[..., Submission]) -> None:
    submission = make_submission(submitter)
    url = reverse("api-submission-release", args=[submission.pk])
    body = _json_error(api_client_for(submitter).put(url, {"mode": "FOO"}, format="json"), 400)
    assert "immediate" in json.dumps(body["fields"])


@pytest.mark.django_db
@pytest.mark.parametrize("header", ["Upload-Length", "Upload-Offset"])
def test_superscript_digits_in_tus_headers(
    submitter: User, make_submission: Callable[..., Submission], header: str
) -> None:
    submission = make_submission(submitter)
    client = api_client_for(submitter)
    files = reverse("api-submission-files", args=[submission.pk])
    if header == "Upload-Length":
        response = client.post(files, HTTP_TUS_RESUMABLE="1.0.0", HTTP_UPLOAD_LENGTH="²")
    else:
        created = client.post(
            files,
            HTTP_TUS_RESUMABLE="1.0.0",
            HTTP_UPLOAD_LENGTH="3",
            HTTP_UPLOAD_METADATA="filename YS5mc2E=",
        )
        response = client.generic(
            "PATCH",
            created.json()["location"],
            b"ACG",
            content_type="application/offset+octet-stream",
            HTTP_TUS_RESUMABLE="1.0.0",
            HTTP_UPLOAD_OFFSET="²",
        )
    assert header in _json_error(response, 400)["fields"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoded", "why"), [("YQBiLmZzYQ==", "NUL"), ("YQ1iLmZzYQ==", "CR"), ("YQpiLmZzYQ==", "LF")]
)
def test_control_characters_in_tus_file_names(
    submitter: User, make_submission: Callable[..., Submission], encoded: str, why: str
) -> None:
    submission = make_submission(submitter)
    response = api_client_for(submitter).post(
        reverse("api-submission-files", args=[submission.pk]),
        HTTP_TUS_RESUMABLE="1.0.0",
        HTTP_UPLOAD_LENGTH="3",
        HTTP_UPLOAD_METADATA=f"filename {encoded}",
    )
    assert "file" in _json_error(response, 400)["fields"], why


@pytest.mark.django_db
def test_a_long_file_name_keeps_its_extension(
    submitter: User, make_submission: Callable[..., Submission]
) -> None:
    submission = make_submission(submitter, {"x" * 300 + ".fsa": b">c1\nACGT\n"})
    record = submission.files.get()
    assert record.original_name.endswith(".fsa") and len(record.original_name) == 200
    assert record.kind == "fasta"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,
        json.dumps({"title": "t", "source_modifiers": {}})[:-2] + "{" * 3000,
        '{"title": "t", "source_modifiers": ' + '{"strain": ' * 3000 + '"x"' + "}" * 3000 + "}",
    ],
)
def test_deep_json_is_400(submitter: User, body: str) -> None:
    response = api_client_for(submitter).post(
        reverse("api-submission-list"), body, content_type="application/json"
    )
    _json_error(response, 400)


@pytest.mark.django_db
def test_deep_json_to_the_token_endpoint_is_400(submitter: User) -> None:
    response = Client().post(reverse("api-token"), "[" * 100_000, content_type="application/json")
    _json_error(response, 400)


@pytest.mark.django_db
def test_a_12_mb_json_body_is_413_json(submitter: User) -> None:
    body = json.dumps({"title": "t", "organism": "x" * (12 * 1024 * 1024)})
    response = api_client_for(submitter).post(
        reverse("api-submission-list"), body, content_type="application/json"
    )
    _json_error(response, 413)


@pytest.mark.django_db
def test_unknown_api_paths_and_methods_are_json(submitter: User) -> None:
    client = api_client_for(submitter)
    assert _json_error(client.get("/api/v1/no-such-thing/"), 404)["code"] == "not_found"
    assert _json_error(Client().get("/api/v1/no-such-thing/"), 404)["code"] == "not_found"
    assert _json_error(client.delete(reverse("api-submission-list")), 405)["code"] == "method_not_allowed"
    response = client.post(reverse("api-submission-list"), "x", content_type="application/xml")
    assert _json_error(response, 415)["code"] == "unsupported_media_type"


@pytest.mark.django_db
def test_token_endpoint_still_works(submitter: User) -> None:
    response = Client().post(
        reverse("api-token"),
        {"username": submitter.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["token"]
