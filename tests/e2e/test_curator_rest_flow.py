"""The curation flow over REST alone, on a real HTTP server, a real Celery worker, PostgreSQL and Redis:
queue, assign, waive a finding, request changes; the submitter reads the message, fixes and resubmits; the
curator compares the runs and approves (accessions are given)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accessions.models import ApprovedRecord
from accounts.models import User
from submissions.models import Submission
from tests.curation.conftest import make_reviewable  # noqa: F401  (the fixture, shared with tests/curation)
from tests.e2e.restclient import RestClient
from tests.fixtures.users import PASSWORD
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


def _client(url: str, user: User) -> RestClient:
    status, token = RestClient(url).json(
        "POST", "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}
    )
    assert status == 200
    return RestClient(url, token["token"])


def test_curation_over_rest(
    live_server: Any,
    celery_worker: WorkerProcess,
    submitter: User,
    curator: User,
    make_reviewable: Callable[..., tuple[Submission, ValidationRun]],  # noqa: F811
) -> None:
    submission, first_run = make_reviewable(submitter, title="REST review")
    sid = submission.pk
    cur, sub = _client(live_server.url, curator), _client(live_server.url, submitter)

    status, queue = cur.json("GET", "/api/v1/review/queue/")
    assert status == 200 and [s["id"] for s in queue["results"]] == [sid]
    assert sub.json("GET", "/api/v1/review/queue/")[0] == 404
    status, assigned = cur.json("POST", f"/api/v1/review/{sid}/assign/")
    assert status == 200 and assigned["curator"] == curator.username

    status, findings = cur.json("GET", f"/api/v1/submissions/{sid}/runs/{first_run.pk}/findings/")
    assert status == 200 and findings["results"], findings
    finding = findings["results"][0]
    status, waiver = cur.json(
        "POST", f"/api/v1/review/{sid}/waivers/", {"finding": finding["id"], "reason": "biology: RNA editing"}
    )
    assert status == 201 and waiver["active"] and waiver["code"] == finding["code"], waiver
    status, early = cur.json("POST", f"/api/v1/review/{sid}/decision/", {"action": "reject"})
    assert status == 400 and "message" in early["fields"]
    status, decision = cur.json(
        "POST", f"/api/v1/review/{sid}/decision/", {"action": "request_changes", "message": "Add the strain."}
    )
    assert status == 201 and decision["to_status"] == "needs_fix", decision

    status, thread = sub.json("GET", f"/api/v1/submissions/{sid}/messages/")
    assert status == 200 and [m["body"] for m in thread] == ["Add the strain."]
    assert thread[0]["decision"] == "request_changes"
    status, waivers = sub.json("GET", f"/api/v1/review/{sid}/waivers/")
    assert status == 200 and waivers[0]["reason"] == "biology: RNA editing"
    assert sub.json("POST", f"/api/v1/submissions/{sid}/messages/", {"body": "Done."})[0] == 201
    status, patched = sub.json("PATCH", f"/api/v1/submissions/{sid}/", {"source_modifiers": {"strain": "X1"}})
    assert status == 200, patched
    status, run = sub.json("POST", f"/api/v1/submissions/{sid}/submit/")
    assert status in (200, 201, 202), run

    def in_review() -> bool:
        return sub.json("GET", f"/api/v1/submissions/{sid}/")[1]["status"] == "in_review"

    wait_for(in_review, timeout=120, what="the worker to validate the resubmission")
    status, runs = cur.json("GET", f"/api/v1/submissions/{sid}/runs/")
    latest = max(r["id"] for r in runs)
    assert latest != first_run.pk and runs[0]["summary"]["waived"] >= 1
    status, diff = cur.json("GET", f"/api/v1/review/{sid}/diff/?since={first_run.pk}&to={latest}")
    assert status == 200 and diff["since"] == first_run.pk and diff["to"] == latest
    assert len(diff["fixed"]) + len(diff["unchanged"]) == first_run.findings.count()

    status, approved = cur.json("POST", f"/api/v1/review/{sid}/decision/", {"action": "approve"})
    assert status == 201 and approved["to_status"] == "approved", approved
    status, again = cur.json("POST", f"/api/v1/review/{sid}/decision/", {"action": "approve"})
    assert status == 409 and again["code"] == "invalid_state"
    assert ApprovedRecord.objects.get(submission_id=sid).assigned_at is not None
    status, decisions = sub.json("GET", f"/api/v1/review/{sid}/decision/")
    assert [d["action"] for d in decisions] == ["request_changes", "approve"]
