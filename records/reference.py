"""Reference records in the RefSeq manner: a curator promotes a released genome, the portal derives records.

* genomic: ``NC_`` (complete sequences) or ``NW_`` (WGS scaffolds and contigs), version 1;
* transcripts: ``NM_`` (curated: PROVISIONAL, VALIDATED, REVIEWED) or ``XM_`` (model: INFERRED, PREDICTED);
* proteins: ``NP_`` or ``XP_`` likewise; identical protein sequences, across every reference genome, are one
  non-redundant ``WP_`` record linked to every locus that encodes it.

Each record's COMMENT gives the review status and the accession it derives from, as RefSeq's do. Numbers
come from ``RecordCounter`` rows locked with ``select_for_update`` (they only go up). Promotion runs under
the source submission's lock and refuses a genome that already has reference records, so two curators
pressing at once make one set.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from Bio.SeqFeature import SeqFeature
from django.db import transaction
from django.utils import timezone

from accessions.models import AccessionStyle, ApprovedRecord
from accounts.models import User
from accounts.roles import user_can_review
from portal.errors import ApplicationError
from records import tasking
from records.derived import Header, _feature, _loc, flatfile, protein_flatfile
from records.flatfiles import qualifier, read_flatfile
from records.models import (
    NonRedundantMember,
    PublicRecord,
    RecordCounter,
    RecordFeature,
    RecordKind,
    RecordType,
    ReviewStatus,
)
from records.selectors import public_records
from submissions.models import Submission

CURATED = {ReviewStatus.PROVISIONAL, ReviewStatus.VALIDATED, ReviewStatus.REVIEWED}
DIGITS = {"WP_": 9}


def accession_next(prefix: str) -> str:
    """The next number under a reference prefix; call inside a transaction (the counter row is locked)."""
    counter, _ = RecordCounter.objects.select_for_update().get_or_create(prefix=prefix)
    value = counter.next_value
    counter.next_value = value + 1
    counter.save(update_fields=["next_value"])
    return f"{prefix}{value:0{DIGITS.get(prefix, 6)}d}"


def review_comment(status: str, source: str, kind: str) -> str:
    if status in CURATED:
        return (
            f"{status} REFSEQ: This record has been curated by the Genome Portal's curators. "
            f"The reference sequence is identical to {source}."
        )
    return (
        f"MODEL REFSEQ: This record is {status.lower()} by automated computational analysis "
        f"({status}). This {kind} is derived from {source}."
    )


@dataclass
class _Made:
    records: list[PublicRecord]


def _transcript_position(parts: list[tuple[int, int]], strand: int, genomic: int) -> int | None:
    """0-based position in the spliced transcript of a 0-based genomic position (None if intronic)."""
    offset = 0
    ordered = parts if strand >= 0 else list(reversed(parts))
    for start, end in ordered:  # 0-based half-open
        if start <= genomic < end:
            return offset + (genomic - start if strand >= 0 else end - 1 - genomic)
        offset += end - start
    return None


def _parts(feature: SeqFeature) -> list[tuple[int, int]]:
    assert feature.location is not None
    return sorted((int(p.start), int(p.end)) for p in feature.location.parts)


def _record(**fields: object) -> PublicRecord:
    sequence = str(fields["sequence"])
    fields.setdefault("sha256", hashlib.sha256(sequence.encode()).hexdigest())
    fields.setdefault("length", len(sequence))
    accession, version = str(fields["accession"]), int(str(fields.get("version", 1)))
    fields["accession_version"] = f"{accession}.{version}"
    fields["search_text"] = (
        " ".join(
            str(fields.get(k, ""))
            for k in (
                "accession",
                "accession_version",
                "organism",
                "lineage",
                "definition",
                "gene",
                "product",
                "locus_tag",
                "bioproject",
                "node",
                "source_accession",
            )
        )
        + " refseq reference "
        + str(fields.get("review_status", ""))
    )
    return PublicRecord.objects.create(**fields)


def reference_records_promote(*, record: PublicRecord, by: User, review_status: str) -> list[PublicRecord]:
    """Promote the released genome ``record`` belongs to; returns the genomic records made (first first)."""
    if not user_can_review(by):
        raise ApplicationError("Only curators promote records.", code="forbidden", status=403)
    if review_status not in ReviewStatus.values:
        raise ApplicationError(f"Choose one of {', '.join(ReviewStatus.values)}.", field="review_status")
    if (
        record.record_type != RecordType.SUBMITTED
        or record.kind != RecordKind.NUCLEOTIDE
        or record.submission_id is None
    ):
        raise ApplicationError("Promote a submitted genome's nucleotide record.", field="accession")
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=record.submission_id)
        sources = list(
            public_records()
            .filter(submission=submission, kind=RecordKind.NUCLEOTIDE, record_type=RecordType.SUBMITTED)
            .order_by("accession")
        )
        if not sources:
            raise ApplicationError("This genome is not public.", code="not_found", status=404)
        names = [s.accession_version for s in sources]
        if PublicRecord.objects.filter(record_type=RecordType.REFERENCE, source_accession__in=names).exists():
            raise ApplicationError("This genome already has reference records.", code="conflict", status=409)
        style = ApprovedRecord.objects.filter(submission=submission).values_list("style", flat=True).first()
        genomic_prefix = "NC_" if style == AccessionStyle.CHROMOSOME else "NW_"
        curated = review_status in CURATED
        made = [
            r for source in sources for r in _promote_one(source, genomic_prefix, curated, review_status, by)
        ]
        transaction.on_commit(lambda: tasking.send(tasking.BLAST_BUILD_TASK))
    return made


def _promote_one(
    source: PublicRecord, genomic_prefix: str, curated: bool, status: str, by: User
) -> Iterator[PublicRecord]:
    now = timezone.now()
    day = timezone.localdate(now)
    parsed = read_flatfile(source.flatfile)
    genomic_acc = accession_next(genomic_prefix)
    common = {
        "node": source.node,
        "organism": source.organism,
        "taxon_id": source.taxon_id,
        "lineage": source.lineage,
        "division": source.division,
        "submission": source.submission,
        "bioproject": source.bioproject,
        "review_status": status,
        "released_at": now,
        "record_type": RecordType.REFERENCE,
    }
    # Pair each mRNA with the CDS of the same locus (the first one), then number transcripts and proteins.
    cds_by_locus: dict[str, SeqFeature] = {}
    for f in parsed.features:
        if f.type == "CDS":
            cds_by_locus.setdefault(qualifier(f, "locus_tag") or qualifier(f, "gene"), f)
    protein_of: dict[str, str] = {}  # source protein_id -> NP_/XP_
    transcript_of: dict[int, str] = {}  # id(mRNA feature) -> NM_/XM_
    for f in parsed.features:
        if f.type == "mRNA":
            transcript_of[id(f)] = accession_next("NM_" if curated else "XM_")
        if f.type == "CDS" and qualifier(f, "protein_id"):
            protein_of[qualifier(f, "protein_id")] = accession_next("NP_" if curated else "XP_")
    # The genomic record: the source's features with the reference ids; written by Biopython.
    features = []
    for f in parsed.features:
        if f.type == "source":
            continue
        quals = {k: list(v) for k, v in f.qualifiers.items()}
        if f.type == "CDS" and qualifier(f, "protein_id") in protein_of:
            quals["protein_id"] = [f"{protein_of[qualifier(f, 'protein_id')]}.1"]
        if f.type == "mRNA" and id(f) in transcript_of:
            quals["transcript_id"] = [f"{transcript_of[id(f)]}.1"]
        features.append(SeqFeature(f.location, type=f.type, qualifiers=quals))  # type: ignore[no-untyped-call]
    head = Header(
        accession=genomic_acc,
        version=1,
        definition=source.definition,
        organism=source.organism,
        lineage=source.lineage,
        taxon_id=source.taxon_id,
        division=source.division or "UNK",
        molecule="DNA",
        topology=source.topology,
        comment=review_comment(status, source.accession_version, "record"),
        dblink=(f"BioProject:{source.bioproject}",) if source.bioproject else (),
        keywords=("RefSeq",),
    )
    genomic = _record(
        accession=genomic_acc,
        kind=RecordKind.NUCLEOTIDE,
        molecule="DNA",
        topology=source.topology,
        definition=source.definition,
        gene=source.gene,
        product=source.product,
        locus_tag=source.locus_tag,
        source_accession=source.accession_version,
        flatfile=flatfile(head, source.sequence, features, day),
        sequence=source.sequence,
        **common,
    )
    yield genomic
    feature_rows = [
        RecordFeature(
            record=genomic,
            kind=f.kind,
            start=f.start,
            end=f.end,
            strand=f.strand,
            parts=f.parts,
            label=f.label,
            locus_tag=f.locus_tag,
            sequence=f.sequence,
            target=(f"{protein_of[f.target]}.1" if f.kind == "CDS" and f.target in protein_of else ""),
        )
        for f in source.features.all()
    ]
    seq = parsed.seq
    for f in parsed.features:
        if f.type != "mRNA" or id(f) not in transcript_of:
            continue
        locus = qualifier(f, "locus_tag") or qualifier(f, "gene")
        cds = cds_by_locus.get(locus)
        t_acc = transcript_of[id(f)]
        residues = str(f.extract(seq)).upper()  # type: ignore[no-untyped-call]
        product = qualifier(f, "product")
        strand = f.location.strand or 1 if f.location is not None else 1
        t_features = [
            _feature(
                _loc(0, len(residues)),
                "gene",
                {
                    k: [v]
                    for k, v in (("gene", qualifier(f, "gene")), ("locus_tag", qualifier(f, "locus_tag")))
                    if v
                },
            )
        ]
        protein_acc = ""
        if cds is not None and cds.location is not None:
            parts = _parts(f)
            five = int(cds.location.start) if strand >= 0 else int(cds.location.end) - 1
            three = int(cds.location.end) - 1 if strand >= 0 else int(cds.location.start)
            a, b = _transcript_position(parts, strand, five), _transcript_position(parts, strand, three)
            protein_acc = protein_of.get(qualifier(cds, "protein_id"), "")
            if a is not None and b is not None and b >= a:
                quals = {
                    k: [v]
                    for k, v in (
                        ("gene", qualifier(cds, "gene")),
                        ("locus_tag", qualifier(cds, "locus_tag")),
                        ("codon_start", qualifier(cds, "codon_start") or "1"),
                        ("product", qualifier(cds, "product")),
                        ("protein_id", f"{protein_acc}.1" if protein_acc else ""),
                    )
                    if v
                }
                if cds.qualifiers.get("translation"):
                    quals["translation"] = [qualifier(cds, "translation")]
                t_features.append(_feature(_loc(a, b + 1), "CDS", quals))
        t_head = Header(
            accession=t_acc,
            version=1,
            definition=f"{source.organism} {product or locus} mRNA",
            organism=source.organism,
            lineage=source.lineage,
            taxon_id=source.taxon_id,
            division=source.division or "UNK",
            molecule="mRNA",
            comment=review_comment(status, f"{genomic_acc}.1 ({source.accession_version})", "transcript"),
            keywords=("RefSeq",),
        )
        transcript = _record(
            accession=t_acc,
            kind=RecordKind.TRANSCRIPT,
            molecule="mRNA",
            definition=t_head.definition,
            gene=qualifier(f, "gene"),
            product=product,
            locus_tag=qualifier(f, "locus_tag"),
            parent=genomic,
            source_accession=source.accession_version,
            flatfile=flatfile(t_head, residues, t_features, day),
            sequence=residues,
            **common,
        )
        yield transcript
        for row in feature_rows:
            if row.kind == "mRNA" and row.locus_tag == qualifier(f, "locus_tag") and not row.target:
                row.target = transcript.accession_version
                break
    RecordFeature.objects.bulk_create(feature_rows, batch_size=1000)
    for f in parsed.features:
        if (
            f.type != "CDS"
            or qualifier(f, "protein_id") not in protein_of
            or not f.qualifiers.get("translation")
        ):
            continue
        p_acc = protein_of[qualifier(f, "protein_id")]
        residues = qualifier(f, "translation")
        product = qualifier(f, "product") or "hypothetical protein"
        p_head = Header(
            accession=p_acc,
            version=1,
            definition=f"{product} [{source.organism}]",
            organism=source.organism,
            lineage=source.lineage,
            taxon_id=source.taxon_id,
            division=source.division or "UNK",
            comment=review_comment(status, qualifier(f, "protein_id"), "protein"),
            dbsource=f"REFSEQ: accession {genomic_acc}.1",
            keywords=("RefSeq",),
        )
        protein = _record(
            accession=p_acc,
            kind=RecordKind.PROTEIN,
            molecule="protein",
            definition=p_head.definition,
            gene=qualifier(f, "gene"),
            product=product,
            locus_tag=qualifier(f, "locus_tag"),
            parent=genomic,
            source_accession=qualifier(f, "protein_id"),
            sequence=residues,
            flatfile=protein_flatfile(
                head=p_head,
                residues=residues,
                product=product,
                gene=qualifier(f, "gene"),
                locus_tag=qualifier(f, "locus_tag"),
                coded_by=f"{genomic_acc}.1:{_location(f)}",
                day=day,
            ),
            **common,
        )
        yield protein
        yield from _nonredundant(protein, day)


def _location(feature: SeqFeature) -> str:
    parts = [f"{s + 1}..{e}" for s, e in _parts(feature)]
    text = parts[0] if len(parts) == 1 else f"join({','.join(parts)})"
    strand = feature.location.strand if feature.location is not None else 1
    return f"complement({text})" if strand == -1 else text


def _nonredundant(protein: PublicRecord, day: datetime.date) -> Iterator[PublicRecord]:
    """Link the protein to the WP_ record of its sequence, making that record the first time."""
    existing = (
        PublicRecord.objects.select_for_update()
        .filter(record_type=RecordType.NONREDUNDANT, sha256=protein.sha256, is_current=True)
        .first()
    )
    if existing is None:
        wp = accession_next("WP_")
        head = Header(
            accession=wp,
            version=1,
            definition=protein.product,
            organism=protein.organism,
            lineage=protein.lineage,
            taxon_id=protein.taxon_id,
            division=protein.division or "UNK",
            comment="REFSEQ: This record represents a single, non-redundant protein sequence which may be annotated "
            "on many different genomes. It is linked to every reference protein with this sequence.",
            keywords=("RefSeq",),
        )
        existing = _record(
            accession=wp,
            kind=RecordKind.PROTEIN,
            molecule="protein",
            definition=head.definition,
            product=protein.product,
            gene=protein.gene,
            node=protein.node,
            organism=protein.organism,
            taxon_id=protein.taxon_id,
            lineage=protein.lineage,
            division=protein.division,
            submission=None,
            bioproject="",
            review_status="",
            released_at=protein.released_at,
            record_type=RecordType.NONREDUNDANT,
            source_accession=protein.accession_version,
            sequence=protein.sequence,
            flatfile=protein_flatfile(
                head=head,
                residues=protein.sequence,
                product=protein.product,
                gene="",
                locus_tag="",
                coded_by=protein.accession_version,
                day=day,
            ),
        )
        yield existing
    NonRedundantMember.objects.create(protein=existing, member=protein)
