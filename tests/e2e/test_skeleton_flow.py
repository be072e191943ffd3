"""A submitter signs in, creates a submission, uploads a file, presses Submit, and watches the run finish."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from submissions.models import Submission
from submissions.status import Status
from tests.e2e.conftest import screenshot
from tests.fixtures.users import PASSWORD
from tests.fixtures.worker import WorkerProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]


def test_submit_through_the_browser(
    page: Any,
    live_server: Any,
    celery_worker: WorkerProcess,
    submitter: User,
    other_submitter: User,
    tmp_path: Path,
) -> None:
    fasta = tmp_path / "scaffolds.fsa"
    fasta.write_text(">scaffold1 [organism=Saccharomyces cerevisiae]\n" + "ACGTTGCA" * 40 + "\n")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", submitter.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/submissions/")

    page.click("text=New submission")
    page.fill("input[name=title]", "Browser genome")
    page.fill("input[name=organism]", "Saccharomyces cerevisiae")
    page.click("button:has-text('Create draft')")
    page.wait_for_selector("h1:has-text('Browser genome')")

    page.click("summary:has-text('Plain upload')")
    page.set_input_files("input[name=file]", str(fasta))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("text=scaffolds.fsa uploaded.")
    screenshot(page, "submission-draft")

    page.click("#submit-button")
    # The page polls and reloads itself when the run settles.
    page.wait_for_selector("#run-status[data-status=finished]", timeout=60_000)
    assert "In curator review" in page.inner_text("#submission-status")
    screenshot(page, "submission-validated")

    page.click("#run-report-link")
    page.wait_for_selector("h1:has-text('Validation report')")
    screenshot(page, "validation-report")

    submission = Submission.objects.get(title="Browser genome")
    assert submission.status == Status.IN_REVIEW
    assert submission.files.get().original_name == "scaffolds.fsa"

    # Another submitter gets the same 404 as for a submission that does not exist.
    page.click("button:has-text('Sign out')")
    other = page.context.browser.new_context()
    other_page = other.new_page()
    other_page.goto(f"{live_server.url}/accounts/login/")
    other_page.fill("input[name=username]", other_submitter.username)
    other_page.fill("input[name=password]", PASSWORD)
    other_page.click("button[type=submit]")
    other_page.wait_for_url("**/submissions/")
    response = other_page.goto(f"{live_server.url}/submissions/{submission.pk}/")
    assert response is not None and response.status == 404
    other.close()
