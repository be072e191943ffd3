"""Publication: a released genome's records are public, with flatfiles equal to asn2gb's rendering."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.db import connection

from accessions.models import AccessionAssignment, AccessionKind
from records.models import Publication, PublicRecord, RecordKind
from records.publish import publication_run, publications_discover
from records.selectors import public_records
from submissions.models import Submission
from tests.records.conftest import publish_all

pytestmark = pytest.mark.django_db(transaction=True)

DATES = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")


def test_a_released_genome_gets_a_record_per_accession(released_genome: Callable[..., Submission]) -> None:
    submission = released_genome()
    assignments = AccessionAssignment.objects.filter(submission=submission).exclude(kind=AccessionKind.MASTER)
    expected = {a.accession_version for a in assignments.select_related("accession")}
    shown = set(public_records().filter(submission=submission).values_list("accession_version", flat=True))
    assert shown == expected
    protein = public_records().filter(submission=submission, kind=RecordKind.PROTEIN).first()
    assert protein is not None and protein.parent is not None and protein.sequence
    assert protein.parent.kind == RecordKind.NUCLEOTIDE
    assert protein.node == "fungi" and "Saccharomyces" in protein.organism


@pytest.mark.skipif(shutil.which("asn2gb") is None, reason="asn2gb (ncbi-tools-bin) is not installed")
def test_flatfile_equals_asn2gb_on_the_released_sqn(
    released_genome: Callable[..., Submission], tmp_path: Path
) -> None:
    submission = released_genome()
    publication = Publication.objects.get(submission=submission)
    sqn = tmp_path / "released.sqn"
    with default_storage.open(publication.files[0], "rb") as handle:
        sqn.write_bytes(handle.read())
    out = tmp_path / "out.gbf"
    result = subprocess.run(
        ["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(out)], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    theirs = DATES.sub("D", out.read_text())
    nucleotides = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).order_by("pk")
    ours = DATES.sub("D", "".join(r.flatfile for r in nucleotides))
    assert ours == theirs
    assert "ACCESSION   ;" not in ours  # released: the accession is shown, not the hold's ';'


def test_a_held_genome_is_not_published(approved_genome: Callable[..., Submission]) -> None:
    held = approved_genome(held_days=30)
    assert publish_all() == []
    assert not Publication.objects.filter(submission=held).exists()
    assert not PublicRecord.objects.filter(submission=held).exists()


def test_two_workers_publish_once(approved_genome: Callable[..., Submission]) -> None:
    from accessions.release import submissions_release_due

    submission = approved_genome()
    submissions_release_due()
    [pk] = publications_discover()
    results: list[bool] = []
    barrier = threading.Barrier(3)

    def job() -> None:
        try:
            barrier.wait()
            results.append(publication_run(publication_id=pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, True]
    count = PublicRecord.objects.filter(submission=submission).count()
    assert count == AccessionAssignment.objects.filter(submission=submission).exclude(kind="master").count()
    assert publication_run(publication_id=pk) is False  # done is done
