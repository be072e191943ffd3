"""BLAST with NCBI BLAST+: databases of released sequences in generations, and searches run by a worker.

A build writes the FASTA of every current public record (``public_records``: nothing held ever enters) and
runs ``makeblastdb`` into ``gen-<N>.partial``, renames the folder to ``gen-<N>`` when complete and only then
marks the generation DONE. A search takes the newest DONE generation when it starts, so it never sees a
half-built database; the last few generations stay on disk for searches still running on them.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import shutil
import subprocess
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.utils import timezone

from accounts.models import User
from portal.errors import ApplicationError
from records import conf, tasking
from records.models import BlastDatabase, BlastJob, BlastProgram, JobState, RecordKind, sources_of
from records.selectors import public_records

log = logging.getLogger(__name__)

# Which database each program searches.
DATABASE_OF = {
    BlastProgram.BLASTN: "nucl",
    BlastProgram.TBLASTN: "nucl",
    BlastProgram.BLASTP: "prot",
    BlastProgram.BLASTX: "prot",
}
QUERY_IS_PROTEIN = {BlastProgram.BLASTP, BlastProgram.TBLASTN}
NUCLEOTIDE_LETTERS = set("ACGTUNRYSWKMBDHV")
PROTEIN_LETTERS = set("ABCDEFGHIKLMNPQRSTVWXYZUO*")


def blast_available() -> bool:
    return shutil.which("makeblastdb") is not None and shutil.which("blastn") is not None


def blast_database_current() -> BlastDatabase | None:
    return BlastDatabase.objects.filter(state=JobState.DONE).order_by("-generation").first()


def blast_database_stale() -> bool:
    """Whether public records changed since the current generation started (the beat rebuilds then)."""
    current = blast_database_current()
    newest = public_records(current=False).aggregate(m=Max("created_at"))["m"]
    if newest is None:
        return False
    return current is None or newest >= current.created_at


def _write_fasta(path: Path, records: Any) -> int:
    count = 0
    with path.open("w") as out:
        for accession_version, definition, sequence in records.iterator(chunk_size=200):
            title = re.sub(r"\s+", " ", definition or "")[:200]
            out.write(f">{accession_version} {title}\n")
            for start in range(0, len(sequence), 80):
                out.write(sequence[start : start + 80] + "\n")
            count += 1
    return count


def blast_databases_build() -> BlastDatabase | None:
    """Build a new generation from the public records; None when another build holds the next number."""
    if not blast_available():
        log.warning("BLAST+ is not installed: no BLAST database built")
        return None
    root = conf.blast_dir()
    root.mkdir(parents=True, exist_ok=True)
    with transaction.atomic():
        number = (BlastDatabase.objects.aggregate(m=Max("generation"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                generation = BlastDatabase.objects.create(
                    generation=number, state=JobState.RUNNING, directory=str(root / f"gen-{number}")
                )
        except IntegrityError:
            return None  # another build took this number; it will include what we would have
    partial_dir = root / f"gen-{number}.partial"
    shutil.rmtree(partial_dir, ignore_errors=True)
    partial_dir.mkdir()
    try:
        fields = ("accession_version", "definition", "sequence")
        nucleotides = public_records().filter(kind__in=[RecordKind.NUCLEOTIDE, RecordKind.TRANSCRIPT])
        proteins = public_records().filter(kind=RecordKind.PROTEIN)
        n = _write_fasta(partial_dir / "nucl.fa", nucleotides.order_by("pk").values_list(*fields))
        p = _write_fasta(partial_dir / "prot.fa", proteins.order_by("pk").values_list(*fields))
        for name, dbtype, count in (("nucl", "nucl", n), ("prot", "prot", p)):
            if count:
                _run(
                    [
                        "makeblastdb",
                        "-in",
                        f"{name}.fa",
                        "-dbtype",
                        dbtype,
                        "-out",
                        name,
                        "-title",
                        f"Genome Portal {name} generation {number}",
                    ],
                    cwd=partial_dir,
                )
            (partial_dir / f"{name}.fa").unlink()
        final = Path(generation.directory)
        shutil.rmtree(final, ignore_errors=True)
        partial_dir.rename(final)  # atomic on one file system: the folder is whole or absent
    except Exception as exc:
        shutil.rmtree(partial_dir, ignore_errors=True)
        BlastDatabase.objects.filter(pk=generation.pk).update(
            state=JobState.FAILED, failure=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    BlastDatabase.objects.filter(pk=generation.pk, state__in=sources_of(JobState.DONE)).update(
        state=JobState.DONE, nucleotides=n, proteins=p, finished_at=timezone.now()
    )
    _prune(number)
    generation.refresh_from_db()
    log.info("BLAST databases generation %s: %s nucleotides, %s proteins", number, n, p)
    return generation


def _prune(current: int) -> None:
    keep = conf.blast_keep_generations()
    for old in BlastDatabase.objects.filter(generation__lte=current - keep):
        shutil.rmtree(old.directory, ignore_errors=True)
        old.delete()


def _run(args: list[str], *, cwd: Path | None = None, timeout: int | None = None) -> str:
    result = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout or 3600, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{args[0]} failed: {result.stderr.strip()[:1000]}")
    return result.stdout


def clean_query(query: str, program: str) -> str:
    """One sequence, FASTA or bare; checked against the program's alphabet. Returns the residues."""
    lines = [line.strip() for line in query.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith(">"):
        lines = lines[1:]
        if any(line.startswith(">") for line in lines):
            raise ApplicationError("Give one query sequence.", field="query")
    residues = re.sub(r"[\s0-9]", "", "".join(lines)).upper()
    if not residues:
        raise ApplicationError("Give a query sequence (FASTA or plain letters).", field="query")
    if len(residues) > conf.blast_max_query():
        raise ApplicationError(f"A query has at most {conf.blast_max_query()} letters.", field="query")
    alphabet = PROTEIN_LETTERS if program in QUERY_IS_PROTEIN else NUCLEOTIDE_LETTERS
    bad = sorted(set(residues) - alphabet)
    if bad:
        kind = "protein" if program in QUERY_IS_PROTEIN else "nucleotide"
        raise ApplicationError(
            f"{program} takes a {kind} query; these letters are not: {''.join(bad[:10])}.", field="query"
        )
    return residues


def blast_job_create(
    *, program: str, query: str, evalue: float = 10.0, max_hits: int = 50, owner: User | None = None
) -> BlastJob:
    if program not in BlastProgram.values:
        raise ApplicationError(f"Choose one of {', '.join(BlastProgram.values)}.", field="program")
    if not (0 < evalue <= 1000):
        raise ApplicationError("The E-value threshold is between 0 and 1000.", field="evalue")
    if not (1 <= max_hits <= 500):
        raise ApplicationError("Ask for 1 to 500 hits.", field="max_hits")
    residues = clean_query(query, program)
    with transaction.atomic():
        job = BlastJob.objects.create(
            program=program, query=residues, evalue=evalue, max_hits=max_hits, owner=owner
        )
        transaction.on_commit(partial(tasking.send, tasking.BLAST_SEARCH_TASK, str(job.pk)))
    return job


def blast_job_claim(*, job_id: str, now: datetime.datetime | None = None) -> int | None:
    now = now or timezone.now()
    claimable = Q(state=JobState.PENDING) | Q(state=JobState.RUNNING, lease_expires_at__lt=now)
    updated = BlastJob.objects.filter(
        claimable, pk=job_id, state__in=sources_of(JobState.RUNNING), attempts__lt=conf.max_attempts()
    ).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        lease_expires_at=now + datetime.timedelta(seconds=conf.blast_timeout() + 60),
    )
    if not updated:
        return None
    return BlastJob.objects.values_list("attempts", flat=True).get(pk=job_id)


def blast_job_run(*, job_id: str) -> bool:
    """Run one search (claimed by conditional UPDATE; the attempt number fences the result)."""
    attempt = blast_job_claim(job_id=job_id)
    if attempt is None:
        return False
    job = BlastJob.objects.get(pk=job_id)
    database = blast_database_current()
    fence = BlastJob.objects.filter(pk=job_id, attempts=attempt, state=JobState.RUNNING)
    db_name = DATABASE_OF[BlastProgram(job.program)]
    count = (database.nucleotides if db_name == "nucl" else database.proteins) if database else 0
    if database is None or not count:
        fence.update(
            state=JobState.DONE,
            database=database,
            result={"hits": []},
            finished_at=timezone.now(),
            message="There is no released sequence to search yet.",
        )
        return True
    try:
        with tempfile.TemporaryDirectory(prefix="blast-") as tmp:
            query = Path(tmp) / "query.fa"
            query.write_text(f">query\n{job.query}\n")
            out = Path(tmp) / "out.json"
            _run(
                [
                    job.program,
                    "-db",
                    str(Path(database.directory) / db_name),
                    "-query",
                    str(query),
                    "-evalue",
                    str(job.evalue),
                    "-max_target_seqs",
                    str(job.max_hits),
                    "-outfmt",
                    "15",
                    "-out",
                    str(out),
                ],
                timeout=conf.blast_timeout(),
            )
            hits = parse_blast_json(out.read_text())
    except (RuntimeError, subprocess.TimeoutExpired, ValueError) as exc:
        fence.update(
            state=JobState.FAILED, message=f"The search failed: {exc}"[:2000], finished_at=timezone.now()
        )
        return False
    fence.update(state=JobState.DONE, database=database, result={"hits": hits}, finished_at=timezone.now())
    return True


def parse_blast_json(text: str) -> list[dict[str, Any]]:
    """BLAST+ ``-outfmt 15`` to hits: the subject's accession.version (first word of its title) and HSPs."""
    data = json.loads(text)
    reports = data.get("BlastOutput2") or []
    search = reports[0]["report"]["results"]["search"] if reports else {}
    hits = []
    for hit in search.get("hits", []):
        title = hit["description"][0].get("title", "")
        accession, _, definition = title.partition(" ")
        hsps = [
            {
                "evalue": h["evalue"],
                "bit_score": h["bit_score"],
                "identity": h["identity"],
                "align_len": h["align_len"],
                "gaps": h.get("gaps", 0),
                "query_from": h["query_from"],
                "query_to": h["query_to"],
                "hit_from": h["hit_from"],
                "hit_to": h["hit_to"],
                "hit_strand": h.get("hit_strand", ""),
                "qseq": h["qseq"],
                "hseq": h["hseq"],
                "midline": h["midline"],
            }
            for h in hit.get("hsps", [])
        ]
        hits.append(
            {"accession": accession, "definition": definition, "length": hit.get("len", 0), "hsps": hsps}
        )
    return hits


def blast_job_for_viewer(job: BlastJob) -> list[dict[str, Any]]:
    """Hits of records still public (a record withdrawn since the database was built is left out)."""
    hits = list(job.result.get("hits", []))
    names = {h["accession"] for h in hits}
    public = set(
        public_records(current=False)
        .filter(accession_version__in=names)
        .values_list("accession_version", flat=True)
    )
    return [h for h in hits if h["accession"] in public]
