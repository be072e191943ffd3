"""BLAST databases and searches (real BLAST+, a real worker), release files (Biopython reads each without a
warning; checksums match), and reference records (NC_/NW_, NM_/XM_, NP_/XP_, WP_)."""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import threading
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from Bio import BiopythonWarning, SeqIO
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from portal.errors import ApplicationError
from records.blast import blast_database_current, blast_databases_build, blast_job_create, blast_job_run
from records.models import JobState, NonRedundantMember, PublicRecord, RecordKind, RecordType
from records.reference import reference_records_promote
from records.releases import release_build
from records.selectors import public_records
from submissions.models import Submission
from tests.fixtures.users import api_client_for
from tests.fixtures.worker import WorkerProcess, wait_for

pytestmark = pytest.mark.django_db(transaction=True)
needs_blast = pytest.mark.skipif(
    shutil.which("makeblastdb") is None, reason="BLAST+ (ncbi-blast+) is not installed"
)


def _read_all(data: bytes, fmt: str) -> list[object]:
    with warnings.catch_warnings():
        warnings.simplefilter("error", BiopythonWarning)
        return list(SeqIO.parse(io.StringIO(gzip.decompress(data).decode()), fmt))  # type: ignore[no-untyped-call]


@needs_blast
@pytest.mark.worker
def test_blast_a_protein_piece_through_the_worker_finds_its_record(
    released_genome: Callable[..., Submission], celery_worker: WorkerProcess
) -> None:
    submission = released_genome()
    # Publication sent records.blast_build after commit; the worker builds the generation.
    generation = wait_for(blast_database_current, timeout=60, what="the BLAST databases")
    protein = public_records().filter(submission=submission, kind=RecordKind.PROTEIN).first()
    assert protein is not None and generation.proteins >= 1
    api = api_client_for(None)
    started = api.post(
        "/api/v1/blast/", {"program": "blastp", "query": protein.sequence[10:70]}, format="json"
    )
    assert started.status_code == 202, started.content
    url = started.json()["url"]
    body = wait_for(
        lambda: (b := api.get(url).json())["state"] in ("done", "failed") and b, timeout=60, what="the search"
    )
    assert body["state"] == "done", body
    assert body["hits"][0]["accession"] == protein.accession_version
    assert body["hits"][0]["url"] == reverse("records:detail", args=[protein.accession_version])
    assert body["hits"][0]["hsps"][0]["identity"] == 60
    bad = api.post("/api/v1/blast/", {"program": "blastn", "query": "MKVLQQ EFFP"}, format="json")
    assert bad.status_code == 400 and bad.json()["fields"]["query"]


@needs_blast
def test_blast_generations_switch_whole_and_old_ones_go(released_genome: Callable[..., Submission]) -> None:
    released_genome()
    first = blast_databases_build()
    assert first is not None and first.state == JobState.DONE
    assert (Path(first.directory) / "prot.pin").exists() and not Path(first.directory + ".partial").exists()
    gens = [blast_databases_build() for _ in range(3)]
    assert blast_database_current() == gens[-1]
    assert not Path(first.directory).exists()  # pruned: only the last few stay
    job = blast_job_create(program="blastn", query=public_records().first().sequence[:200])  # type: ignore[union-attr]
    assert blast_job_run(job_id=str(job.pk)) is True and blast_job_run(job_id=str(job.pk)) is False  # once
    job.refresh_from_db()
    assert job.result["hits"] and job.database == gens[-1]


def test_release_files_read_cleanly_and_their_checksums_match(
    released_genome: Callable[..., Submission],
) -> None:
    submission = released_genome()
    release = release_build()
    assert release is not None and release.state == JobState.DONE
    client = Client()
    nucleotides = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).count()
    proteins = public_records().filter(submission=submission, kind=RecordKind.PROTEIN).count()
    assert release.statistics["nodes"]["fungi"]["records"] == nucleotides
    assert release.statistics["nodes"]["fungi"]["proteins"] == proteins
    sums = client.get(reverse("records:release-checksums", args=[release.number, "sha256"])).content.decode()
    files = {line.split("  ")[1]: line.split("  ")[0] for line in sums.splitlines()}
    assert set(files) == {
        f"fungi/fungi.{release.number}.{k}.gz"
        for k in ("genomic.gbff", "genomic.fna", "protein.faa", "rna.fna")
    }
    for path, sha in files.items():
        node, name = path.split("/")
        response = client.get(reverse("records:release-file", args=[release.number, node, name]))
        data = b"".join(response.streaming_content)  # type: ignore[attr-defined]
        assert hashlib.sha256(data).hexdigest() == sha
        records = _read_all(data, "genbank" if name.endswith("gbff.gz") else "fasta")
        expected = {"genomic.gbff": nucleotides, "genomic.fna": nucleotides, "protein.faa": proteins}
        kind = name.split(".", 2)[2].removesuffix(".gz")
        if kind in expected:
            assert len(records) == expected[kind], name
        else:
            assert records  # the mRNAs of the genome
    stats = client.get(reverse("records:release-stats", args=[release.number])).content.decode()
    assert 'id="stats-chart"' in stats
    assert client.get(reverse("records:downloads")).status_code == 200
    assert api_client_for(None).get("/api/v1/releases/").json()[0]["number"] == release.number


def test_reference_records_from_a_released_genome(
    released_genome: Callable[..., Submission], curator: User, submitter: User
) -> None:
    submission = released_genome()
    source = (
        public_records()
        .filter(submission=submission, kind=RecordKind.NUCLEOTIDE)
        .order_by("accession")
        .first()
    )
    assert source is not None
    with pytest.raises(ApplicationError):
        reference_records_promote(record=source, by=submitter, review_status="REVIEWED")
    made = reference_records_promote(record=source, by=curator, review_status="VALIDATED")
    refs = public_records().filter(record_type=RecordType.REFERENCE)
    genomic = refs.filter(kind=RecordKind.NUCLEOTIDE)
    assert (
        genomic.count()
        == public_records().filter(submission=submission, kind="nucleotide", record_type="submitted").count()
    )
    assert all(r.accession.startswith("NW_") and r.version == 1 for r in genomic)
    assert all(r.accession.startswith("NM_") for r in refs.filter(kind=RecordKind.TRANSCRIPT))
    assert all(r.accession.startswith("NP_") for r in refs.filter(kind=RecordKind.PROTEIN))
    first = made[0]
    assert "VALIDATED REFSEQ" in first.flatfile and source.accession_version in first.flatfile
    for r in refs:
        with warnings.catch_warnings():
            warnings.simplefilter("error", BiopythonWarning)
            SeqIO.read(io.StringIO(r.flatfile), "genbank")  # type: ignore[no-untyped-call]
    nr = public_records().filter(record_type=RecordType.NONREDUNDANT)
    assert nr.exists() and all(r.accession.startswith("WP_") for r in nr)
    assert NonRedundantMember.objects.count() == refs.filter(kind=RecordKind.PROTEIN).count()
    with pytest.raises(ApplicationError) as again:
        reference_records_promote(record=source, by=curator, review_status="VALIDATED")
    assert again.value.status == 409
    page = Client().get(reverse("records:detail", args=[nr.first().accession_version])).content.decode()  # type: ignore[union-attr]
    assert "Loci encoding this protein" in page


def test_two_curators_promote_at_once_one_set(
    released_genome: Callable[..., Submission], curator: User
) -> None:
    submission = released_genome()
    source = public_records().filter(submission=submission, kind=RecordKind.NUCLEOTIDE).first()
    assert source is not None
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def promote() -> None:
        try:
            barrier.wait()
            reference_records_promote(record=source, by=curator, review_status="PREDICTED")
            outcomes.append("made")
        except ApplicationError as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=promote) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "made"]
    xm = PublicRecord.objects.filter(accession__startswith="XM_").count()
    assert xm and PublicRecord.objects.filter(accession__startswith="NM_").count() == 0
