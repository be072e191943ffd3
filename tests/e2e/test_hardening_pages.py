"""Browser checks of the hardening issue's page defects, each against the live server in headless Chromium:

* an empty file, or a file that is not what its name says, shows the server's 422 message at once (no
  "connection lost", no retries);
* a finding on what was typed into the wizard links to the wizard's field, and that link does not 404;
* report.json is served as application/json;
* the submission page fits a 390 px phone (no horizontal overflow).
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from accounts.models import User
from submissions.metadata import submission_update
from submissions.models import Submission
from tests.e2e.conftest import screenshot
from tests.fixtures.users import PASSWORD
from tests.fixtures.worker import execute_here
from validation.models import ValidationRun
from validation.services import validation_run_start

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

FASTA = b">contig1\n" + b"ACGTTGCAAC" * 30 + b"\n"


def _sign_in(page: Any, live_server: Any, user: User) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/submissions/")


def _run_with_a_wizard_finding(owner: User, make_submission: Callable[..., Submission]) -> ValidationRun:
    submission = make_submission(owner, {"genome.fsa": FASTA})
    # A country that is not one: the engine reports it on tbl2asn's -j, i.e. on the wizard's answer.
    submission_update(submission=submission, by=owner, data={"source_modifiers": {"country": "Atlantis"}})
    run = validation_run_start(submission=submission, by=owner, submit=False)
    execute_here(run.pk)
    run.refresh_from_db()
    return run


def test_refused_uploads_say_why_at_once(
    page: Any,
    live_server: Any,
    submitter: User,
    make_submission: Callable[..., Submission],
    tmp_path: Path,
) -> None:
    submission = make_submission(submitter, files={})
    _sign_in(page, live_server, submitter)
    empty = tmp_path / "empty.fsa"
    empty.write_bytes(b"")
    docx = tmp_path / "genome.fsa"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    patches: list[str] = []
    page.on("request", lambda r: patches.append(r.url) if r.method in ("POST", "PATCH", "HEAD") else None)
    page.goto(f"{live_server.url}/submissions/{submission.pk}/")
    page.wait_for_selector("#dropzone")

    page.set_input_files("#tus-input", str(empty))
    state = page.wait_for_selector("#upload-list li[data-name='empty.fsa'].failed", timeout=5_000)
    text = state.inner_text()
    assert "empty.fsa is empty" in text or "The file is empty" in text, text
    assert "connection lost" not in page.inner_text("#upload-list")

    page.set_input_files("#tus-input", str(docx))
    refused = page.wait_for_selector("#upload-list li[data-name='genome.fsa'].failed", timeout=10_000)
    assert "genome.fsa looks like a Word document" in refused.inner_text()
    screenshot(page, "hardening-refused-uploads")
    # No retries: wait past the first retry pause (2 s) and count the requests again.
    sent = len(patches)
    page.wait_for_timeout(3_000)
    assert len(patches) == sent, patches[sent:]
    assert "connection lost" not in page.inner_text("#upload-list")
    assert not submission.files.exists()


def test_wizard_findings_point_at_the_wizard(
    page: Any, live_server: Any, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    run = _run_with_a_wizard_finding(submitter, make_submission)
    assert run.findings.filter(file__startswith="command line -j").exists(), list(
        run.findings.values_list("file", "code", "message")
    )
    _sign_in(page, live_server, submitter)
    page.goto(f"{live_server.url}/submissions/{run.submission_id}/runs/{run.pk}/")
    link = page.wait_for_selector("a.wizard-link")
    href = link.get_attribute("href") or ""
    assert href.endswith("/edit/#id_country"), href
    assert "command line" not in page.inner_text("table.findings")
    screenshot(page, "hardening-wizard-finding")
    response = page.goto(live_server.url + href)
    assert response is not None and response.status == 200
    assert page.locator("#id_country").input_value() == "Atlantis"
    # An old link to the context of "command line -j" lands on the field too, not on a 404.
    old = page.goto(
        f"{live_server.url}/submissions/{run.submission_id}/runs/{run.pk}/context/?file=command+line+-j&line=1"
    )
    assert old is not None and old.status == 200 and "/edit/" in page.url


def test_report_json_is_json(
    page: Any, live_server: Any, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    run = _run_with_a_wizard_finding(submitter, make_submission)
    assert run.artifacts.filter(name="report.json").exists()
    _sign_in(page, live_server, submitter)
    for url in (
        f"/submissions/{run.submission_id}/runs/{run.pk}/artifacts/report.json",
        f"/api/v1/submissions/{run.submission_id}/runs/{run.pk}/artifacts/report.json",
    ):
        response = page.request.get(live_server.url + url)
        assert response.status == 200, url
        assert response.headers["content-type"].startswith("application/json"), url
        assert isinstance(response.json(), dict)


def test_the_submission_page_fits_a_phone(
    browser: Any, live_server: Any, submitter: User, make_submission: Callable[..., Submission]
) -> None:
    run = _run_with_a_wizard_finding(submitter, make_submission)
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    phone = context.new_page()
    try:
        _sign_in(phone, live_server, submitter)
        for path in (
            f"/submissions/{run.submission_id}/",
            f"/submissions/{run.submission_id}/runs/{run.pk}/",
        ):
            phone.goto(live_server.url + path)
            phone.wait_for_load_state("networkidle")
            width = phone.evaluate("document.scrollingElement.scrollWidth")
            wide = phone.evaluate(
                """() => Array.from(document.querySelectorAll('body *'))
                    .filter((e) => e.getBoundingClientRect().right > 391)
                    .slice(0, 5).map((e) => e.tagName + '.' + e.className + '#' + e.id)"""
            )
            assert width <= 390, f"{path}: {width} px wide; too wide: {wide}"
        phone.goto(f"{live_server.url}/submissions/{run.submission_id}/")
        screenshot(phone, "hardening-submission-390px")
    finally:
        context.close()
