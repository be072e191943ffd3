"""The public archive as a newcomer uses it, not signed in, in headless Chromium with a real Celery worker:
find a released record by search, read its flatfile (equal to asn2gb's rendering of the released .sqn),
switch to FASTA and the graphic view, BLAST a piece of one of its proteins and land on the record from the
hit, download the current release files and check their checksums. Screenshots: public-*.png."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage

from records.blast import blast_database_current
from records.models import Publication, RecordKind
from records.releases import release_build
from records.selectors import public_records
from submissions.models import Submission
from tests.accessions.conftest import reviewed  # noqa: F401  (fixture)
from tests.e2e.conftest import screenshot
from tests.fixtures.worker import WorkerProcess, wait_for
from tests.records.conftest import approved_genome, released_genome  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.worker]
DATES = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")


@pytest.mark.skipif(shutil.which("blastp") is None, reason="BLAST+ (ncbi-blast+) is not installed")
def test_a_newcomer_searches_reads_blasts_and_downloads(
    page: Any,
    live_server: Any,
    celery_worker: WorkerProcess,
    released_genome: Callable[..., Submission],  # noqa: F811
    tmp_path: Path,
) -> None:
    submission = released_genome(title="Yeast-like genome, released")
    wait_for(blast_database_current, timeout=90, what="the worker to build the BLAST databases")
    release = release_build()  # the scheduled task's job
    assert release is not None
    url = live_server.url
    nucleotide = (
        public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).order_by("accession")[0]
    )

    # -- search -----------------------------------------------------------------------------------------
    page.goto(f"{url}/")
    page.click("#nav-search")
    page.fill("#q", "Saccharomyces[organism] AND nucleotide[molecule]")
    page.click("#search-button")
    page.wait_for_selector("#result-count")
    assert page.inner_text("#result-count").startswith("2 records")
    screenshot(page, "public-01-search")
    page.click(f"a.result-link[href='/records/{nucleotide.accession_version}']")

    # -- flatfile, as asn2gb renders the released .sqn ----------------------------------------------------
    page.wait_for_selector("#flatfile")
    shown = page.inner_text("#flatfile")
    screenshot(page, "public-02-flatfile")
    if shutil.which("asn2gb"):
        sqn = tmp_path / "released.sqn"
        with default_storage.open(Publication.objects.get(submission=submission).files[0], "rb") as handle:
            sqn.write_bytes(handle.read())
        out = tmp_path / "asn2gb.gbf"
        subprocess.run(["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(out)], check=True)
        records = out.read_text().split("//\n")
        theirs = next(r for r in records if f"VERSION     {nucleotide.accession_version}" in r) + "//\n"
        assert DATES.sub("D", shown.strip()) == DATES.sub("D", theirs.strip())

    # -- FASTA and the graphic view ----------------------------------------------------------------------
    page.click("#tab-fasta")
    page.wait_for_selector("#fasta")
    assert page.inner_text("#fasta").startswith(f">{nucleotide.accession_version} ")
    screenshot(page, "public-03-fasta")
    page.click("#tab-graphic")
    page.wait_for_selector("#graphic svg g.feature")
    before = page.get_attribute("#graphic svg", "data-to")
    page.click(".graphic-controls button[data-act=in]")
    page.wait_for_function(f"document.querySelector('#graphic svg').dataset.to !== '{before}'")
    screenshot(page, "public-04-graphic")
    page.click("#graphic svg g.feature.CDS a")  # a CDS leads to its protein record
    page.wait_for_selector("#flatfile")
    protein_name = page.url.rsplit("/", 1)[1]
    protein = public_records().get(accession_version=protein_name)
    assert protein.kind == RecordKind.PROTEIN and protein.parent_id == nucleotide.pk

    # -- BLAST a piece of the protein, land on the record from the hit ------------------------------------
    page.click("#nav-blast")
    page.select_option("#program", "blastp")
    page.fill("#query", f">piece\n{protein.sequence[20:80]}")
    page.click("#blast-submit")
    page.wait_for_selector("#job-state:has-text('Done')", timeout=90_000)
    screenshot(page, "public-05-blast")
    page.click(f"a.hit-link[href='/records/{protein.accession_version}']")
    page.wait_for_selector("#record-title")
    assert page.url.endswith(f"/records/{protein.accession_version}")

    # -- the current release: every file's SHA-256 as the page and checksums file say -----------------
    page.click("#nav-downloads")
    page.wait_for_selector("#release-files")
    screenshot(page, "public-06-downloads")
    sums = page.request.get(
        page.get_attribute("#checksums", "href") and f"{url}{page.get_attribute('#checksums', 'href')}"
    ).text()
    expected = {line.split("  ")[1].split("/")[1]: line.split("  ")[0] for line in sums.splitlines()}
    links = page.eval_on_selector_all("a.release-file", "els => els.map(e => [e.textContent, e.href])")
    assert {name for name, _ in links} == set(expected) and len(links) == 4
    for name, href in links:
        body = page.request.get(href).body()
        assert hashlib.sha256(body).hexdigest() == expected[name], name
