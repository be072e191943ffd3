"""Partial ends from the sequence: a CDS that does not begin with a start codon, or end with a stop, is partial.

This is what annotation pipelines (funannotate, GAG) and table2asn's partial inference do for GFF3, which has
no ``<``/``>`` of its own: a gene model cut by a contig end or a gap has no start or stop codon. The mark goes
on the CDS and on its mRNA and gene where their ends coincide with the CDS end (a UTR beyond the CDS means the
transcript itself is complete at that end). Runs once per table, when its sequence is known.
"""

from __future__ import annotations

from collections.abc import Iterable

from gbprep.gff.build import GffFeatureTable
from gbprep.gff.locations import mark
from gbprep.model.coding import codon_start, spliced, translate_codon
from gbprep.model.records import Feature, FeatureTable, SequenceRecord


def infer_codon_partials(
    tables: Iterable[FeatureTable], record: SequenceRecord, genetic_code: int = 1
) -> int:
    """Mark missing start/stop codons as partial ends on the GFF3-built tables among ``tables``.

    Tables read from a ``.tbl`` are left alone (their partials are the submitter's own). Returns the number of
    CDS features that changed.
    """
    changed = 0
    for table in tables:
        if not isinstance(table, GffFeatureTable) or table.codons_checked:
            continue
        table.codons_checked = True
        for model in table.models:
            for transcript in model.transcripts:
                cds = transcript.cds
                if cds is None or transcript.pseudo or not cds.intervals:
                    continue
                five, three = _missing_codons(cds, record, genetic_code)
                if not (five or three):
                    continue
                changed += 1
                mark(cds, five=five, three=three)
                for outer in (transcript.rna, model.gene):
                    if outer is not None:
                        _mark_outer(outer, cds, five=five, three=three)
    return changed


def _missing_codons(cds: Feature, record: SequenceRecord, genetic_code: int) -> tuple[bool, bool]:
    bases = spliced(record, cds.intervals)
    if bases is None:
        return False, False
    code = genetic_code  # the record's, as tbl2asn translates (a CDS's own transl_table is replaced)
    frame = codon_start(cds) - 1
    five = not cds.partial5 and frame == 0 and translate_codon(bases[:3], code, start=True) != "M"
    whole = (len(bases) - frame) // 3
    last = bases[frame + 3 * (whole - 1) : frame + 3 * whole] if whole else ""
    three = not cds.partial3 and translate_codon(last, code) != "*"
    return five, three


def _mark_outer(outer: Feature, cds: Feature, *, five: bool, three: bool) -> None:
    if not outer.intervals:
        return
    five = five and outer.intervals[0].start == cds.intervals[0].start
    three = three and outer.intervals[-1].stop == cds.intervals[-1].stop
    mark(outer, five=five, three=three)


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and value.strip().isdigit() else None
