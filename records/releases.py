"""Numbered releases: per taxonomic node, gzip files of GenBank flatfiles, nucleotide, protein and RNA FASTA.

``release_build`` takes the next number (a unique column: two builds at once, one wins), reads the current
public records released before its cut-off one node at a time with a server-side cursor (``iterator``) and
writes each file through gzip into a temporary file while hashing it, so a release of many genomes never
sits whole in memory. Files are stored under ``releases/<n>/<node>/``; the release is DONE only when all are.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone

from records.models import (
    JobState,
    Node,
    PublicRecord,
    RecordFeature,
    RecordKind,
    Release,
    ReleaseFile,
    ReleaseFileKind,
)
from records.selectors import public_records

log = logging.getLogger(__name__)
WIDTH = 80


def _fasta(header: str, residues: str) -> Iterator[str]:
    yield f">{header}\n"
    for start in range(0, len(residues), WIDTH):
        yield residues[start : start + WIDTH] + "\n"


class _Writer:
    """gzip into a temporary file, counting records; hashes are taken over the compressed bytes."""

    def __init__(self, folder: Path, name: str) -> None:
        self.path = folder / name
        self.name = name
        self.records = 0
        self._gz = gzip.open(self.path, "wt", compresslevel=6)  # noqa: SIM115 (closed in close())

    def write(self, lines: Iterator[str] | list[str]) -> None:
        self._gz.writelines(lines)
        self.records += 1

    def close(self) -> tuple[str, str, int]:
        self._gz.close()
        sha, md5 = hashlib.sha256(), hashlib.md5()
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 20):
                sha.update(block)
                md5.update(block)
        return sha.hexdigest(), md5.hexdigest(), self.path.stat().st_size


def _records(node: str, cutoff: datetime.datetime, kinds: list[str]) -> QuerySet[PublicRecord]:
    return public_records().filter(node=node, kind__in=kinds, released_at__lt=cutoff).order_by("accession")


def release_build(*, now: datetime.datetime | None = None) -> Release | None:
    """Build the next release; None when another build took the number first."""
    now = now or timezone.now()
    number = (Release.objects.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            release = Release.objects.create(number=number, cutoff=now, state=JobState.RUNNING)
    except IntegrityError:
        return None
    try:
        stats = _write_files(release)
    except Exception as exc:
        log.exception("release %s failed", number)
        Release.objects.filter(pk=release.pk).update(state=JobState.FAILED, failure=str(exc)[:2000])
        return None
    notes = release_notes(release, stats)
    Release.objects.filter(pk=release.pk, state=JobState.RUNNING).update(
        state=JobState.DONE, statistics=stats, notes=notes, finished_at=timezone.now()
    )
    release.refresh_from_db()
    return release


def _write_files(release: Release) -> dict[str, Any]:
    stats: dict[str, Any] = {"nodes": {}, "totals": {}}
    n = release.number
    with tempfile.TemporaryDirectory(prefix=f"release-{n}-") as tmp:
        folder = Path(tmp)
        for node in Node:
            nucleotides = _records(node, release.cutoff, [RecordKind.NUCLEOTIDE])
            proteins = _records(node, release.cutoff, [RecordKind.PROTEIN])
            transcripts = _records(node, release.cutoff, [RecordKind.TRANSCRIPT])
            row = {"records": 0, "proteins": 0, "rnas": 0, "bases": 0, "accessions": 0}
            if not (nucleotides.exists() or proteins.exists()):
                stats["nodes"][node.value] = row
                continue
            gbff = _Writer(folder, f"{node.value}.{n}.genomic.gbff.gz")
            fna = _Writer(folder, f"{node.value}.{n}.genomic.fna.gz")
            for acc, definition, flat, seq in nucleotides.values_list(
                "accession_version", "definition", "flatfile", "sequence"
            ).iterator(chunk_size=50):
                gbff.write([flat])
                fna.write(_fasta(f"{acc} {definition}", seq))
                row["bases"] += len(seq)
            for flat in transcripts.values_list("flatfile", flat=True).iterator(chunk_size=50):
                gbff.write([flat])
            faa = _Writer(folder, f"{node.value}.{n}.protein.faa.gz")
            for acc, definition, seq in proteins.values_list(
                "accession_version", "definition", "sequence"
            ).iterator(chunk_size=500):
                faa.write(_fasta(f"{acc} {definition}", seq))
            rna = _Writer(folder, f"{node.value}.{n}.rna.fna.gz")
            for acc, definition, seq in transcripts.values_list(
                "accession_version", "definition", "sequence"
            ).iterator(chunk_size=500):
                rna.write(_fasta(f"{acc} {definition}", seq))
            # The submitted genomes' mRNAs have no accession of their own: named by their place on the record.
            mrnas = (
                RecordFeature.objects.filter(record__in=nucleotides, kind="mRNA")
                .exclude(sequence="")
                .order_by("record__accession", "start")
            )
            for record_acc, start, end, strand, label, locus_tag, target, seq in mrnas.values_list(
                "record__accession_version",
                "start",
                "end",
                "strand",
                "label",
                "locus_tag",
                "target",
                "sequence",
            ).iterator(chunk_size=500):
                where = f"{start}..{end}" if strand >= 0 else f"complement({start}..{end})"
                name = target or f"{record_acc}:{where}"
                rna.write(_fasta(f"{name} {label} [{locus_tag}] mRNA from {record_acc}:{where}", seq))
            row["records"] = gbff.records
            row["proteins"] = faa.records
            row["rnas"] = rna.records
            row["accessions"] = gbff.records + faa.records
            kinds = {
                gbff: ReleaseFileKind.GENOMIC_GBFF,
                fna: ReleaseFileKind.GENOMIC_FNA,
                faa: ReleaseFileKind.PROTEIN_FAA,
                rna: ReleaseFileKind.RNA_FNA,
            }
            for writer, kind in kinds.items():
                sha, md5, size = writer.close()
                item = ReleaseFile(
                    release=release,
                    node=node.value,
                    kind=kind,
                    name=writer.name,
                    size=size,
                    sha256=sha,
                    md5=md5,
                    records=writer.records,
                )
                with writer.path.open("rb") as handle:
                    item.stored.save(writer.name, File(handle), save=False)
                item.save()
                writer.path.unlink()
            stats["nodes"][node.value] = row
    totals = {
        k: sum(int(r[k]) for r in stats["nodes"].values())
        for k in ("records", "proteins", "rnas", "bases", "accessions")
    }
    stats["totals"] = totals
    return stats


def release_notes(release: Release, stats: dict[str, Any]) -> str:
    lines = [
        f"Genome Portal reference release {release.number}",
        f"Cut-off: {release.cutoff.isoformat()} (records released before this moment)",
        "",
        "Files, per taxonomic node, under /releases/{n}/{node}/:",
        "  {node}.{n}.genomic.gbff.gz  GenBank flatfiles of the nucleotide records (and transcripts)",
        "  {node}.{n}.genomic.fna.gz   nucleotide FASTA",
        "  {node}.{n}.protein.faa.gz   protein FASTA",
        "  {node}.{n}.rna.fna.gz       RNA FASTA (transcripts; mRNAs of submitted genomes)",
        "Checksums: /releases/{n}/checksums.sha256 and /releases/{n}/checksums.md5 (of the gzip files).",
        "",
        f"{'node':<22}{'records':>10}{'proteins':>10}{'RNAs':>10}{'bases':>16}",
    ]
    for node, row in stats["nodes"].items():
        lines.append(
            f"{node:<22}{row['records']:>10}{row['proteins']:>10}{row['rnas']:>10}{row['bases']:>16}"
        )
    t = stats["totals"]
    lines.append(f"{'total':<22}{t['records']:>10}{t['proteins']:>10}{t['rnas']:>10}{t['bases']:>16}")
    return "\n".join(lines) + "\n"


def release_current() -> Release | None:
    return Release.objects.filter(state=JobState.DONE).order_by("-number").first()
