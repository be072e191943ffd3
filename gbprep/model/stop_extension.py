"""What tbl2asn does to a complete CDS that stops just short of its stop codon: it takes the codon in.

tbl2asn 25.3 (the C toolkit's CdEndCheck, run by tbl2asn after it makes the proteins) looks at every CDS with
a complete 3' end and no /exception whose last codon is not a stop. When the bases just past its end, read in
frame, complete a stop codon, it moves the CDS's 3' end onto the last base of that stop (by 3 bases, or by 1
or 2 when the CDS ended inside a codon), moves the 3' end of an mRNA that ended at the same base with it, and
widens the gene holding the CDS to cover the new end. Nothing changes when the protein would change (a .pep
protein that is not the CDS's translation), nor at the end of the sequence, nor for a '>' end.

Every stage (validation, the .sqn, the proteins) sees the same tables, so this runs on them in place, once
per record, before anything else reads them; running it again changes nothing more.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from gbprep.model.coding import (
    codon_start,
    given_protein,
    protein_index,
    reverse_complement,
    spliced,
    translate_cds,
    translate_codon,
)
from gbprep.model.records import Feature, Interval, ProteinRecord, SequenceRecord, Strand


def extend_cds_to_stop(
    record: SequenceRecord, features: Iterable[Feature], code: int, proteins: Sequence[ProteinRecord]
) -> None:
    """Move each eligible CDS's 3' end (and its mRNA's and gene's) onto the stop codon just past it.

    ``proteins`` are the .pep proteins; they are indexed only if a CDS gets that far (few do).
    """
    table = list(features)
    index: dict[str, ProteinRecord] | None = None
    for cds in table:
        if cds.key != "CDS" or not cds.intervals or cds.partial3 or cds.has("pseudo"):
            continue
        if cds.has("exception") or cds.has("transl_except"):
            continue
        if (
            any(iv.between for iv in cds.intervals)
            or len({iv.strand for iv in cds.intervals if len(iv) > 1}) > 1
        ):
            continue  # a site or a two-strand location: not the simple case tbl2asn adjusts
        if index is None and _would_extend(record, cds, code):
            index = protein_index(list(proteins)) if proteins else {}
        if index is not None:
            _extend_one(record, table, cds, code, index)


def _extend_one(
    record: SequenceRecord,
    table: list[Feature],
    cds: Feature,
    code: int,
    proteins: dict[str, ProteinRecord],
) -> None:
    if not _would_extend(record, cds, code):
        return  # the cheap look first: most CDSs end in their stop codon, or no stop follows
    length = sum(len(iv) for iv in cds.intervals) - (codon_start(cds) - 1)
    whole, remainder = divmod(length, 3)
    step = 3 - remainder
    last = cds.intervals[-1]
    moved = _moved(last, cds.strand, step, len(record.residues))
    assert moved is not None
    before = translate_cds(record, cds, code)
    if before is None:
        return
    given = given_protein(cds, proteins) if proteins else None
    protein = given.residues if given is not None else before.protein
    if remainder == 0 and len(protein) + 1 == whole:
        return  # the CDS already ends in its stop codon
    if remainder == 0 and len(protein) == whole:
        protein = protein.rstrip("*")
    old_stop = last.stop
    trial = replace(cds, intervals=[*cds.intervals[:-1], moved])
    after = translate_cds(record, trial, code)
    if after is None or len(after.translation) != whole + 1 or not after.translation.endswith("*"):
        return
    if len(protein) < whole or after.translation[:whole] != protein[:whole]:
        return
    gene = _holder(table, cds, "gene")
    mrna = _holder(table, cds, "mRNA")
    cds.intervals[-1] = moved
    if mrna is not None and mrna.intervals[-1].stop == old_stop:
        grown = _moved(mrna.intervals[-1], cds.strand, step, len(record.residues), even_if_partial=True)
        if grown is not None:
            mrna.intervals[-1] = grown
    if gene is not None and len(gene.intervals) == 1 and not (gene.low <= cds.low and cds.high <= gene.high):
        only = gene.intervals[0]
        low, high = min(gene.low, cds.low), max(gene.high, cds.high)
        start, stop = (high, low) if only.strand is Strand.MINUS else (low, high)
        gene.intervals[0] = replace(
            only,
            start=start,
            stop=stop,
            partial_start=only.partial_start or cds.partial5,
            partial_stop=only.partial_stop or cds.partial3,
        )


def _would_extend(record: SequenceRecord, cds: Feature, code: int) -> bool:
    length = sum(len(iv) for iv in cds.intervals) - (codon_start(cds) - 1)
    remainder = length % 3
    step = 3 - remainder
    if _moved(cds.intervals[-1], cds.strand, step, len(record.residues)) is None:
        return False
    return _would_stop(record, cds, remainder, step, code)


def _would_stop(record: SequenceRecord, cds: Feature, remainder: int, step: int, code: int) -> bool:
    """The CDS's last codon is no stop, and its last ``remainder`` bases plus the next ``step`` make one."""
    tail_length = remainder or 3
    last = cds.intervals[-1]
    if len(last) >= tail_length:
        tail = _read(record, last, cds.strand, len(last) - tail_length, tail_length)
    else:
        bases = spliced(record, cds.intervals)
        tail = bases[-tail_length:] if bases is not None and len(bases) >= tail_length else None
    following = _read(record, last, cds.strand, len(last), step)
    if tail is None or following is None:
        return False
    if remainder == 0 and translate_codon(tail, code) == "*":
        return False
    return translate_codon((tail if remainder else "") + following, code) == "*"


def _read(record: SequenceRecord, iv: Interval, strand: Strand, offset: int, count: int) -> str | None:
    """``count`` bases from ``offset`` (0-based, in reading direction) along the row, past its end if asked."""
    residues = record.residues
    if strand is Strand.MINUS:
        high = iv.start - offset
        low = high - count + 1
        return reverse_complement(residues[low - 1 : high]) if low >= 1 else None
    low = iv.start + offset
    high = low + count - 1
    return residues[low - 1 : high] if high <= len(residues) and low >= 1 else None


def _moved(
    iv: Interval, strand: Strand, step: int, length: int, *, even_if_partial: bool = False
) -> Interval | None:
    """The row with its 3' end ``step`` bases further on; None past the sequence or at a '>' end."""
    if iv.partial_stop and not even_if_partial:
        return None
    if strand is Strand.MINUS:
        return replace(iv, stop=iv.stop - step) if iv.stop - step >= 1 else None
    return replace(iv, stop=iv.stop + step) if iv.stop + step <= length else None


def _holder(table: list[Feature], cds: Feature, key: str) -> Feature | None:
    """The smallest feature of ``key`` on the CDS's strand whose span holds the CDS's span."""
    best: Feature | None = None
    for f in table:
        if f.key != key or not f.intervals or f.strand is not cds.strand:
            continue
        if (
            f.low <= cds.low
            and cds.high <= f.high
            and (best is None or f.high - f.low < best.high - best.low)
        ):
            best = f
    return best
