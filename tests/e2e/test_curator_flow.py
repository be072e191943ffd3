"""Curation as a new curator and a submitter live it, in headless Chromium with a real Celery worker: the
curator signs in to the queue, opens a submission, waives one finding and asks for a change; the submitter
reads the message, fixes the details and submits again; the curator reads the run diff and approves.
Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from accessions.models import ApprovedRecord
from accounts.models import User
from submissions.models import Submission
from submissions.status import Status
from tests.curation.conftest import make_reviewable  # noqa: F401  (the fixture, shared with tests/curation)
from tests.e2e.conftest import screenshot
from tests.fixtures.users import PASSWORD
from tests.fixtures.worker import WorkerProcess
from validation.models import ValidationRun, Waiver

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]

RUN_TIMEOUT = 120_000


def _sign_in(page: Any, url: str, user: User) -> None:
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")


def test_curator_waives_asks_for_a_change_and_approves_the_fix(
    browser: Any,
    live_server: Any,
    celery_worker: WorkerProcess,
    submitter: User,
    curator: User,
    make_reviewable: Callable[..., tuple[Submission, ValidationRun]],  # noqa: F811
) -> None:
    submission, first_run = make_reviewable(submitter, title="Yeast-like genome for review")
    assert submission.status == Status.IN_REVIEW
    url = live_server.url
    cur = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sub = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    for page in (cur, sub):
        page.set_default_timeout(30_000)

    # -- the curator: queue, review page, a waiver, a request for changes --------------------------------
    _sign_in(cur, url, curator)
    cur.wait_for_url("**/review/")
    cur.wait_for_selector(f"#queue tr[data-id='{submission.pk}']")
    assert "In curator review: 1" in cur.inner_text("#state-counts")
    screenshot(cur, "curation-01-queue")
    cur.click(f"#queue tr[data-id='{submission.pk}'] button.assign")
    cur.wait_for_selector("#assigned-curator:has-text('cora_curator')")
    cur.goto(f"{url}/review/")
    cur.click(f"#queue tr[data-id='{submission.pk}'] a.review-link")
    cur.wait_for_selector("h1:has-text('Review: Yeast-like genome for review')")
    screenshot(cur, "curation-02-review-page")
    waive = cur.locator("details.waive").first
    row = cur.locator("tr.finding:has(details.waive)").first
    finding_id = int(row.get_attribute("id").removeprefix("finding-"))
    waive.locator("summary").click()
    waive.locator("input[name=reason]").fill("biology: RNA editing")
    waive.locator("button[type=submit]").click()
    cur.wait_for_selector(f"#finding-{finding_id}.waived")
    assert "biology: RNA editing" in cur.inner_text(f"#finding-{finding_id}")
    screenshot(cur, "curation-03-finding-waived")
    cur.check("#decision-form input[value=request_changes]")
    cur.fill("#decision-form textarea[name=message]", "Please give the strain in the source modifiers.")
    cur.click("#decide-button")
    cur.wait_for_selector("#submission-status[data-status=needs_fix]")
    screenshot(cur, "curation-04-changes-requested")

    # -- the submitter: reads the message and the waiver, fixes, submits again ---------------------------
    _sign_in(sub, url, submitter)
    sub.wait_for_url("**/submissions/")
    sub.goto(f"{url}/submissions/{submission.pk}/")
    assert "Needs fixes" in sub.inner_text("#submission-status")
    sub.click("#curation-link")
    sub.wait_for_selector("#thread .message:has-text('Please give the strain')")
    assert "biology: RNA editing" in sub.inner_text("#waivers")
    assert "Request changes" in sub.inner_text("#decisions")
    screenshot(sub, "curation-05-submitter-reads-message")
    sub.fill("#message-form textarea[name=body]", "Strain added: DEMO-1.")
    sub.click("#message-form button[type=submit]")
    sub.wait_for_selector("#thread .message:has-text('Strain added')")
    sub.goto(f"{url}/submissions/{submission.pk}/edit/")
    sub.fill("input[name=strain]", "DEMO-1")
    sub.click("#details-form button[type=submit]")
    sub.wait_for_url(f"**/submissions/{submission.pk}/")
    sub.click("#submit-button")
    sub.wait_for_selector("#run-status[data-status=finished]", timeout=RUN_TIMEOUT)
    sub.wait_for_selector("#submission-status:has-text('In curator review')", timeout=RUN_TIMEOUT)
    screenshot(sub, "curation-06-resubmitted")

    # -- the curator: the run diff, then approval ---------------------------------------------------------
    cur.goto(f"{url}/review/{submission.pk}/")
    cur.wait_for_selector("#diff-link")
    second_run = submission.runs.order_by("-pk").first()
    assert second_run is not None and second_run.pk != first_run.pk
    assert f"Run #{first_run.pk} → run #{second_run.pk}" in cur.inner_text("#diff")
    assert cur.locator(f"#finding-{finding_id}").count() == 0  # the new run's rows are its own findings
    assert cur.locator("tr.finding.waived").count() >= 1  # the waiver carried over to the new run
    cur.click("#diff-link")
    cur.wait_for_selector("#unchanged")
    screenshot(cur, "curation-07-run-diff")
    cur.goto(f"{url}/review/{submission.pk}/")
    cur.check("#decision-form input[value=approve]")
    cur.fill("#decision-form textarea[name=message]", "Thank you.")
    cur.click("#decide-button")
    cur.wait_for_selector("#submission-status[data-status=approved]")
    screenshot(cur, "curation-08-approved")

    submission.refresh_from_db()
    assert submission.status == Status.APPROVED
    assert ApprovedRecord.objects.get(submission=submission).assigned_at is not None
    assert Waiver.objects.get(submission=submission).created_by == curator
    assert [d.action for d in submission.decisions.all()] == ["request_changes", "approve"]
    for page in (cur, sub):
        page.context.close()
