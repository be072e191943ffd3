"""A new user's whole path in headless Chromium: sign up, register a BioProject and a locus_tag prefix (the
first wish is taken; a suggestion is taken instead), create a submission, drop the debian-sc16 and
atub-scaf1-predict files on the page (the FASTA gzipped; the feature table's upload cut off and resumed),
validate, open a finding's line in context, fix the details, submit. Screenshots go to test-artifacts/."""

from __future__ import annotations

import datetime
import gzip
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core import mail

from accounts.models import User
from bioprojects.models import BioProject, LocusTagPrefix
from submissions.models import Submission
from submissions.status import Status
from tests.e2e.conftest import screenshot
from tests.fixtures.worker import WorkerProcess
from tests.shared_data import CORPUS, requires_corpus
from uploads.models import Upload

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.browser,
    pytest.mark.worker,
    pytest.mark.corpus,
    requires_corpus,
]

RUN_TIMEOUT = 120_000


def _files_in_table(page: Any) -> set[str]:
    return set(
        page.eval_on_selector_all("#files tbody tr[data-name]", "rows => rows.map(r => r.dataset.name)")
    )


def test_new_submitter_end_to_end(
    page: Any,
    live_server: Any,
    celery_worker: WorkerProcess,
    other_submitter: User,
    make_bioproject: Callable[..., BioProject],
    make_prefix: Callable[..., LocusTagPrefix],
    settings: Any,
    tmp_path: Path,
) -> None:
    # Small chunks, so the feature table goes in several requests and one of them can be lost.
    settings.PORTAL_UPLOAD_CHUNK_BYTES = 64 * 1024
    make_prefix(make_bioproject(other_submitter), "ATUBSCAF")  # someone else has it already
    url = live_server.url

    # -- sign up and confirm ---------------------------------------------------------------------------
    page.goto(f"{url}/")
    page.click("text=Create an account")
    page.fill("input[name=username]", "nadia_new")
    page.fill("input[name=email]", "nadia@example.org")
    page.fill("input[name=password1]", "a-long-passphrase-17")
    page.fill("input[name=password2]", "a-long-passphrase-17")
    screenshot(page, "01-sign-up")
    page.click("button:has-text('Create account')")
    page.wait_for_selector("h1:has-text('Check your e-mail')")
    link = re.search(r"https?://[^/\s]+(/accounts/activate/\S+)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    page.goto(url + link.group(1))
    page.wait_for_url("**/submissions/")

    # -- BioProject and prefix -----------------------------------------------------------------------------
    page.click("nav >> text=BioProjects")
    page.click("#new-bioproject")
    page.fill("input[name=title]", "Aspergillus tubingensis DFA genome")
    page.fill(
        "textarea[name=description]", "Assembly and annotation of strain DFA_scaf1, with yeast chr XVI."
    )
    page.fill("input[name=organism]", "Aspergillus tubingensis")
    page.select_option("select[name=data_type]", "genome_assembly")
    page.select_option("select[name=relevance]", "industrial")
    page.fill("input[name=organisation]", "Example Institute")
    screenshot(page, "02-bioproject-form")
    page.click("#bioproject-form button[type=submit]")
    accession = page.inner_text("#accession")
    assert accession.startswith("PRJGP")
    page.fill("input[name=locus_tag_prefix]", "ATUBSCAF")
    page.click("#prefix-form button[type=submit]")
    page.wait_for_selector("#prefix-suggestions")
    screenshot(page, "03-prefix-taken-suggestions")
    suggestion = page.inner_text("#prefix-suggestions .chip >> nth=0")
    # The first suggestion is the wish plus a digit: the prefix the atub-scaf1 table's locus_tags carry.
    assert suggestion == "ATUBSCAF1"
    page.click("#prefix-suggestions .chip >> nth=0")
    page.click("#prefix-form button[type=submit]")
    page.wait_for_selector(f"#prefixes code:has-text('{suggestion}')")
    screenshot(page, "04-bioproject")

    # -- the submission ----------------------------------------------------------------------------------
    page.click("text=Start a submission for this project")
    page.fill("input[name=title]", "A. tubingensis and S. cerevisiae XVI")
    page.select_option("select[name=locus_tag_prefix]", label=f"{suggestion} ({accession})")
    screenshot(page, "05-new-submission")
    page.click("button:has-text('Create draft')")
    page.wait_for_selector("#dropzone")
    submission = Submission.objects.get(title="A. tubingensis and S. cerevisiae XVI")
    assert submission.bioproject is not None and submission.bioproject.accession == accession

    sc16 = CORPUS / "debian-sc16" / "input"
    atub = CORPUS / "atub-scaf1-predict" / "input"
    fasta_gz = tmp_path / "atub_scaf1.fsa.gz"
    fasta_gz.write_bytes(gzip.compress((atub / "atub_scaf1.fsa").read_bytes()))
    page.set_input_files(
        "#tus-input",
        [str(sc16 / "Sc_16.fsa"), str(sc16 / "Sc_16.tbl"), str(atub / "atub_scaf1.sbt"), str(fasta_gz)],
    )
    page.wait_for_function(
        "document.querySelectorAll('#files tbody tr[data-name]').length === 4", timeout=60_000
    )

    # The feature table: after its first chunk the network drops every PATCH until we let it through again.
    patches: list[str] = []

    def flaky(route: Any) -> None:
        if route.request.method == "PATCH":
            patches.append(route.request.url)
            if len(patches) > 1:
                route.abort("connectionreset")
                return
        route.continue_()

    page.route("**/files/uploads/**", flaky)
    page.set_input_files("#tus-input", str(atub / "atub_scaf1.tbl"))
    page.wait_for_selector("#upload-list li.interrupted")
    screenshot(page, "06-upload-interrupted")
    upload = Upload.objects.get(filename="atub_scaf1.tbl")
    assert 0 < upload.offset < upload.length
    page.unroute("**/files/uploads/**")
    page.click("#upload-list li.interrupted .resume")
    page.wait_for_function(
        "document.querySelectorAll('#files tbody tr[data-name]').length === 5", timeout=60_000
    )
    assert _files_in_table(page) == {
        "Sc_16.fsa",
        "Sc_16.tbl",
        "atub_scaf1.sbt",
        "atub_scaf1.fsa.gz",
        "atub_scaf1.tbl",
    }
    assert (
        submission.files.get(original_name="atub_scaf1.tbl").size == (atub / "atub_scaf1.tbl").stat().st_size
    )
    assert page.is_visible("#template-summary:has-text('Jonathan Palmer')")
    screenshot(page, "07-files-uploaded")

    # -- validate, read the report, open the line --------------------------------------------------------
    page.click("#validate-button")
    page.wait_for_selector("#run-status[data-status=finished]", timeout=RUN_TIMEOUT)
    page.click("#run-report-link")
    page.wait_for_selector("h1:has-text('Validation report')")
    assert "Blocking" in page.inner_text("#counts")
    assert page.is_visible("#overview svg")
    group = page.locator("#code-seq_descrnoorgfound")
    group.locator("a.context-link").first.click()
    hit = group.locator(".context .ln.hit")
    hit.wait_for()
    assert ">scaffold_1" in hit.inner_text()
    screenshot(page, "08-report-with-context")
    page.goto(group.locator("a.context-link").first.evaluate("a => a.href"))
    page.wait_for_selector("h1:has-text('atub_scaf1.fsa.gz')")
    screenshot(page, "09-finding-line-in-context")

    # -- fix: the organism and strain for the scaffold, and the rest of the wizard ---------------------------
    page.goto(f"{url}/submissions/{submission.pk}/")
    page.click("#edit-details")
    page.fill("input[name=organism]", "Aspergillus tubingensis")
    page.fill("input[name=strain]", "DFA_scaf1")
    page.fill("input[name=assembly_method]", "SPAdes v. 3.15")
    page.fill("input[name=genome_coverage]", "45x")
    page.fill("input[name=sequencing_technology]", "Illumina NovaSeq")
    page.fill("input[name=contact_first]", "Nadia")
    page.fill("input[name=contact_last]", "New")
    page.fill("input[name=contact_email]", "nadia@example.org")
    page.fill("textarea[name=authors]", "Nadia New\nJonathan Palmer")
    page.fill("input[name=institution]", "Example Institute")
    page.fill("input[name=city]", "Madison")
    page.fill("input[name=affiliation_country]", "USA")
    screenshot(page, "10-details")
    page.click("#details-form button[type=submit]")
    page.wait_for_selector("#assembly-comment")
    page.click("text=Change or see history")
    page.check("input[name=mode][value=on_publication]")
    page.fill("input[name=date]", (datetime.date.today() + datetime.timedelta(days=365)).isoformat())
    page.click("#release-form button[type=submit]")
    page.wait_for_selector("#release-plan:has-text('When published')")

    # -- submit --------------------------------------------------------------------------------------------
    page.click("#submit-button")
    page.wait_for_selector("#run-status[data-status=finished]", timeout=RUN_TIMEOUT)
    blocking = list(
        submission.runs.first().findings.filter(severity_level__gte=30).values_list("code", "file", "line")  # type: ignore[union-attr]
    )
    assert "In curator review" in page.inner_text("#submission-status"), blocking
    assert page.is_visible("#earlier-runs")
    screenshot(page, "11-submitted")
    page.click("#run-report-link")
    page.wait_for_selector("#counts .ok")
    screenshot(page, "12-final-report")

    submission.refresh_from_db()
    assert submission.status == Status.IN_REVIEW
    assert submission.owner.username == "nadia_new"
    assert submission.runs.count() == 2
    assert submission.release_changes.count() == 1
    assert len(patches) >= 2  # the interrupted request really was sent and lost
