"""The curation API: its OpenAPI description (with error responses) and the queue's filters, counts and paging."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from accounts.models import User
from curation.services import review_assign, waiver_create
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from validation.models import ValidationRun

pytestmark = pytest.mark.django_db


def test_schema_describes_every_curation_operation_and_its_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "schema.yaml"
    # Warnings of other apps are the whole-schema test's business (tests/submissions/test_api.py); ours here.
    call_command("spectacular", "--validate", "--file", str(out))
    warnings = capsys.readouterr().err
    assert "curation/" not in warnings, warnings
    paths = yaml.safe_load(out.read_text())["paths"]
    expected = {
        ("/api/v1/review/queue/", "get"): {"200", "401", "404"},
        ("/api/v1/review/{submission_id}/assign/", "post"): {"200", "403", "404", "409"},
        ("/api/v1/review/{submission_id}/decision/", "post"): {"201", "400", "403", "404", "409"},
        ("/api/v1/review/{submission_id}/decision/", "get"): {"200", "404"},
        ("/api/v1/review/{submission_id}/waivers/", "get"): {"200", "404"},
        ("/api/v1/review/{submission_id}/waivers/", "post"): {"201", "400", "403", "404", "409"},
        ("/api/v1/review/{submission_id}/waivers/{waiver_id}/revoke/", "post"): {"200", "403", "409"},
        ("/api/v1/review/{submission_id}/diff/", "get"): {"200", "400", "404"},
        ("/api/v1/submissions/{submission_id}/messages/", "get"): {"200", "404"},
        ("/api/v1/submissions/{submission_id}/messages/", "post"): {"201", "400", "404"},
    }
    for (path, method), codes in expected.items():
        responses = set(paths[path][method]["responses"])
        assert codes <= responses, (path, method, responses)
    decide = paths["/api/v1/review/{submission_id}/decision/"]["post"]
    # The one shared error body (portal.apis), with curation's own description of the 409.
    assert "#/components/schemas/Error" in str(decide["responses"]["409"])
    assert "illegal transition" in decide["responses"]["409"]["description"]


def test_queue_filters_counts_sorting_and_paging(
    submitter: User,
    other_submitter: User,
    curator: User,
    make_reviewable: Callable[..., tuple[Submission, ValidationRun]],
) -> None:
    make_reviewable(submitter, title="clean")
    second, _ = make_reviewable(submitter, title="second clean")
    broken, run = make_reviewable(other_submitter, prefix="OTHER", title="broken")
    finding = run.findings.filter(severity_level__gte=30).first()
    assert finding is not None
    waiver_create(submission=broken, by=curator, finding=finding, reason="RNA editing")
    review_assign(submission=second, curator=curator)
    api = api_client_for(curator)

    def titles(query: str = "") -> list[str]:
        response = api.get(f"/api/v1/review/queue/{query}")
        assert response.status_code == 200, response.content
        return [s["title"] for s in response.json()["results"]]

    assert titles() == ["clean", "second clean"]  # in review by default, the longest waiting first
    assert titles("?sort=newest") == ["second clean", "clean"]
    assert titles("?state=needs_fix") == ["broken"]
    assert titles("?state=") == ["clean", "second clean", "broken"]
    assert titles("?state=&has_errors=1") == ["broken"]
    assert titles("?state=&has_waivers=1") == ["broken"]
    assert titles("?state=&has_fatal=1") == []
    assert titles("?curator=me") == ["second clean"]
    assert titles("?curator=none") == ["clean"]
    assert titles("?organism=cerevisiae") == ["clean", "second clean"]
    assert titles("?organism=Homo") == []
    assert titles("?older_than_days=1") == []
    body = api.get("/api/v1/review/queue/?state=&page_size=2").json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]
    assert body["counts"]["in_review"] == 2 and body["counts"]["needs_fix"] == 1
    item = api.get("/api/v1/review/queue/?curator=me").json()["results"][0]
    assert item["curator"] == curator.username and item["bioproject"].startswith("PRJGP")
