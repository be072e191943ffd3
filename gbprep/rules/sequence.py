"""The sequence family: runs of Ns, gaps, terminal Ns, N content, circular topology (SEQ_INST codes).

tbl2asn keeps a FASTA record as one "raw" sequence unless it has gaps (``>?`` gap lines, or ``assembly_gap``
/ ``gap`` features over runs of N): then it is a "delta" sequence of literal stretches and gaps, and runs of N
are judged per literal stretch. Findings point at the FASTA line holding the first base of the run.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple, cast

from gbprep.model.diagnostics import Severity
from gbprep.model.records import SequenceRecord
from gbprep.rules.overlaps import ncbi_id, record_modifiers, record_molecule
from gbprep.rules.registry import Hit, RecordContext, rule

# tbl2asn reports an internal run of Ns from this length on (99 is silent, 100 is reported); in a WGS
# sequence from 20 on (19 silent), with or without gaps. Each bound run through tbl2asn 25.3.
MIN_INTERNAL_RUN = 100
MIN_INTERNAL_RUN_WGS = 20
# More than this percentage of Ns is HighNContentPercent.
MAX_N_PERCENT = 50
_N_RUN = re.compile(r"N+")
_GAP_KEYS = frozenset({"assembly_gap", "gap"})


class Gap(NamedTuple):
    start: int  # 0-based, inclusive
    end: int  # 0-based, exclusive


def gaps(ctx: RecordContext) -> list[Gap]:
    """The record's gaps, sorted: gap lines, gap features laid over runs of N (tbl2asn makes those gaps), and
    under ``-a r<N>`` every run of at least N Ns."""

    def make() -> list[Gap]:
        residues = ctx.record.residues
        found = [Gap(g.offset, g.offset + g.length) for g in ctx.record.gaps if g.length > 0]
        run = ctx.options.gap_run
        if run > 0:
            found += [Gap(m.start(), m.end()) for m in re.finditer(f"N{{{run},}}", residues)]
        for feature in ctx.features:
            if feature.key not in _GAP_KEYS:
                continue
            for iv in feature.intervals:
                start, end = iv.low - 1, iv.high
                if 0 <= start < end <= len(residues) and residues.count("N", start, end) == end - start:
                    found.append(Gap(start, end))
        found.sort()
        merged: list[Gap] = []
        for g in found:
            if merged and g.start <= merged[-1].end:
                merged[-1] = Gap(merged[-1].start, max(merged[-1].end, g.end))
            else:
                merged.append(g)
        return merged

    return cast(list[Gap], ctx.cached("sequence_gaps", make))


def bioseq_text(record: SequenceRecord, delta: bool) -> str:
    """What tbl2asn prints after ``BIOSEQ:``."""
    return f"{ncbi_id(record.seq_id)}: {'delta' if delta else 'raw'}, dna len= {len(record)}"


def literal_components(record: SequenceRecord, gap_list: list[Gap]) -> Iterator[tuple[int, int, int]]:
    """(component number, start, end) of each literal stretch, numbering gaps as components too."""
    number = 0
    at = 0
    for g in gap_list:
        if g.start > at:
            number += 1
            yield number, at, g.start
        number += 1
        at = g.end
    if at < len(record.residues):
        yield number + 1, at, len(record.residues)


def _hit(ctx: RecordContext, offset: int, message: str) -> Hit:
    delta = bool(gaps(ctx))
    return Hit(ctx.record.pos_of(offset), message, ctx.record.seq_id, bioseq_text(ctx.record, delta))


def _long_runs(residues: str, start: int, end: int, shortest: int) -> Iterator[tuple[int, int]]:
    """0-based half-open runs of at least ``shortest`` Ns within ``residues[start:end]``, each whole.

    A substring search skips ahead many bases at a time; a regular expression would stop at every N.
    """
    long_run = "N" * shortest
    at = residues.find(long_run, start, end)
    while at >= 0:
        match = _N_RUN.match(residues, at, end)
        assert match is not None
        yield at, match.end()
        at = residues.find(long_run, match.end(), end)


def _shortest_run(ctx: RecordContext) -> int:
    return MIN_INTERNAL_RUN_WGS if record_molecule(ctx).tech == "wgs" else MIN_INTERNAL_RUN


# --- rules ----------------------------------------------------------------------------------------------------


@rule(code="SEQ_INST.InternalNsInSeqRaw", severity=Severity.WARNING)
def internal_n_run(ctx: RecordContext) -> Iterator[Hit]:
    """A run of 100 or more Ns (20 in a WGS sequence) inside a sequence that has no gaps.

    What: every run of at least 100 N (at least 20 with [tech=wgs]) that neither starts nor ends the
    sequence, in a record with no gap lines and no assembly_gap features.
    Why: a long run of N is almost always an assembly gap of unknown sequence; GenBank wants gaps described
    as gaps (with their type and linkage evidence), not as ambiguous bases.
    Fix: describe the run as a gap: an '>?unk100' line in the FASTA, or an assembly_gap feature (or the
    tbl2asn-style '-a r10u' option) with gap_type and linkage_evidence.
    Example: a 2,000-base contig with 250 Ns at bases 900-1149.
    """
    residues = ctx.record.residues
    if gaps(ctx):
        return
    for start, end in _long_runs(residues, 0, len(residues), _shortest_run(ctx)):
        if start > 0 and end < len(residues):
            yield _hit(ctx, start, f"Run of {end - start} Ns in raw sequence starting at base {start + 1}")


@rule(code="SEQ_INST.InternalNsInSeqLit", severity=Severity.WARNING)
def internal_n_run_between_gaps(ctx: RecordContext) -> Iterator[Hit]:
    """A run of 100 or more Ns (20 in a WGS sequence) inside one of the sequenced stretches of a sequence with
    gaps.

    What: in a record with gaps (gap lines or assembly_gap features), a run of at least 100 N (20 with
    [tech=wgs]) within a sequenced stretch, not touching a gap or the sequence ends. One finding per stretch, for its longest
    run (the first of equals); the message gives the stretch's start, as tbl2asn 25.3 writes it.
    Why: the run is probably another gap that was left as ambiguous bases.
    Fix: turn the run into a gap as well ('>?unk100' line or assembly_gap feature), or check the assembly.
    Example: ACGT...(100 N)...ACGT between two '>?100' gap lines.
    """
    gap_list = gaps(ctx)
    if not gap_list:
        return
    residues = ctx.record.residues
    for number, start, end in literal_components(ctx.record, gap_list):
        found = _long_runs(residues, start, end, _shortest_run(ctx))
        runs = [(low, high) for low, high in found if low != start and high != end]
        if runs:
            low, high = max(runs, key=lambda run: run[1] - run[0])  # max keeps the first of equals
            message = f"Run of {high - low} Ns in delta component {number} that starts at base {start + 1}"
            yield _hit(ctx, low, message)


@rule(code="SEQ_INST.InternalNsAdjacentToGap", severity=Severity.ERROR)
def n_next_to_gap(ctx: RecordContext) -> Iterator[Hit]:
    """Ns right beside a gap.

    What: a sequenced stretch that ends or begins with N where it meets a gap.
    Why: the Ns belong to the gap; GenBank requires a gap to be bounded by real bases.
    Fix: extend the gap over the neighbouring Ns (or trim them), so that the gap begins and ends at A, C, G
    or T.
    Example: ...ACGTNN followed by a '>?100' gap line.
    """
    residues = ctx.record.residues
    for g in gaps(ctx):  # merged, so the base on either side of a gap is never in another gap
        if g.start > 0 and residues[g.start - 1] == "N":
            yield _hit(
                ctx, g.start - 1, f"Ambiguous residue N is adjacent to a gap around position {g.start + 1}"
            )
        if g.end < len(residues) and residues[g.end] == "N":
            yield _hit(ctx, g.end, f"Ambiguous residue N is adjacent to a gap around position {g.end + 1}")


@rule(code="SEQ_INST.TerminalNs", severity=Severity.WARNING)
def terminal_ns(ctx: RecordContext) -> Iterator[Hit]:
    """The sequence begins or ends with N.

    What: the first or the last base of the sequence is N (one finding per end).
    Why: GenBank sequences start and end with sequenced bases; leading or trailing Ns add nothing.
    Fix: trim the Ns from the ends of the sequence and shift the feature coordinates to match.
    Example: NNNNNACGTACGT...
    """
    residues = ctx.record.residues
    gap_list = gaps(ctx)
    if residues.startswith("N") and not (gap_list and gap_list[0].start == 0):
        yield _hit(ctx, 0, "N at beginning of sequence")
    if residues.endswith("N") and not (gap_list and gap_list[-1].end == len(residues)):
        yield _hit(ctx, len(residues) - 1, "N at end of sequence")


@rule(code="SEQ_INST.HighNContentPercent", severity=Severity.WARNING)
def high_n_content(ctx: RecordContext) -> Iterator[Hit]:
    """More than half of the sequence is N.

    What: the percentage of N among the sequence's bases (whole percent) is above 50.
    Why: a sequence that is mostly unknown bases is of little use and often a mistake in the assembly or
    in the FASTA export.
    Fix: check the assembly; remove the record or trim the unknown stretches.
    Example: a 100-base record with 51 Ns.
    """
    residues = ctx.record.residues
    if not residues:
        return
    gap_bases = sum(g.end - g.start for g in gaps(ctx))
    percent = (residues.count("N") - gap_bases) * 100 // len(residues)
    if percent > MAX_N_PERCENT:
        yield _hit(ctx, 0, f"Sequence contains {percent} percent Ns")


@rule(code="SEQ_INST.CompleteCircleProblem", severity=Severity.WARNING)
def circular_not_complete(ctx: RecordContext) -> Iterator[Hit]:
    """A circular sequence is not marked complete.

    What: [topology=circular] without [completeness=complete] on the record.
    Why: a circular molecule (plasmid, organelle genome) is only circular if it is complete; GenBank needs
    both to be stated.
    Fix: add [completeness=complete] to the FASTA definition line (or the .src table) if the molecule is
    complete; otherwise remove [topology=circular].
    Example: >pX1 [organism=Escherichia coli] [plasmid=pX1] [topology=circular]
    """
    mods = record_modifiers(ctx)
    if (mods.get("topology") or "").strip().lower() != "circular":
        return
    complete = (mods.get("completeness") or mods.get("completedness") or "").strip().lower()
    if complete != "complete":
        yield Hit(
            ctx.record.pos,
            "Circular topology without complete flag set",
            ctx.record.seq_id,
            bioseq_text(ctx.record, bool(gaps(ctx))),
        )


# --- assembly gaps --------------------------------------------------------------------------------------------

# An assembly_gap's /gap_type as tbl2asn 25.3 makes it a Seq-gap type, with the type's number (seq.asn); any
# other value (contamination, which 25.3 does not know, included) is 'unknown' (0). Checked by running it.
_SEQ_GAP_TYPES = {
    "unknown": 0,
    "short arm": 3,
    "heterochromatin": 4,
    "centromere": 5,
    "telomere": 6,
    "repeat within scaffold": 7,
    "repeat between scaffolds": 7,
    "between scaffolds": 8,
    "within scaffold": 9,
}
_SCAFFOLD, _REPEAT = 9, 7


class SeqGap(NamedTuple):
    """A gap as tbl2asn writes it: a plain gap literal (``typed`` False: a FASTA gap line), or a Seq-gap from an
    assembly_gap feature with its type number and first /linkage_evidence (tbl2asn keeps only the first)."""

    typed: bool
    type: int = 0
    evidence: str = ""


def seq_gaps(ctx: RecordContext) -> list[SeqGap]:
    """The record's gap literals: its gap lines, then its assembly_gap features that lie over Ns."""
    residues = ctx.record.residues
    found = [SeqGap(typed=False) for g in ctx.record.gaps if g.length > 0]
    for feature in ctx.of_key("assembly_gap"):
        if not feature.intervals:
            continue
        start, end = feature.low - 1, feature.high
        if not (0 <= start < end <= len(residues) and residues.count("N", start, end) == end - start):
            continue
        gap_type = _SEQ_GAP_TYPES.get(" ".join((feature.get("gap_type") or "").lower().split()), 0)
        evidence = next((v.strip().lower() for v in feature.values("linkage_evidence") if v.strip()), "")
        found.append(SeqGap(typed=True, type=gap_type, evidence=evidence))
    return found


def _seq_gap_problems(ctx: RecordContext) -> Iterator[tuple[str, Severity]]:
    gap_list = seq_gaps(ctx)
    vague = 0  # unknown type, linkage evidence 'unspecified'
    for gap in gap_list:
        if gap.typed and gap.evidence:
            if gap.type == 0 and gap.evidence == "unspecified":
                vague += 1
            elif gap.type not in (_SCAFFOLD, _REPEAT):
                yield f"Seq-gap of type {gap.type} should not have linkage evidence", Severity.REJECT
        elif gap.typed and gap.type == _SCAFFOLD:
            yield "Seq-gap type == scaffold is missing required linkage evidence", Severity.REJECT
    if vague and vague == len(gap_list):
        if vague == 1:
            yield "Single Seq-gap has unknown type and unspecified linkage", Severity.WARNING
        else:
            yield f"All {vague} Seq-gaps have unknown type and unspecified linkage", Severity.WARNING
    wgs = (record_modifiers(ctx).get("tech") or "").strip().lower() == "wgs"
    if wgs and any(not gap.evidence for gap in gap_list):
        message = (
            "WGS submission includes wrong gap type. Gaps for WGS genomes should be Assembly Gaps with linkage "
            "evidence."
        )
        yield message, Severity.ERROR


@rule(code="SEQ_INST.SeqGapProblem", severity=Severity.ERROR)
def seq_gap_problem(ctx: RecordContext) -> Iterator[Hit]:
    """A gap's type and linkage evidence do not go together, or a WGS sequence has a gap without evidence.

    What: an assembly_gap 'within scaffold' without /linkage_evidence, or one of another type with evidence
    (except 'repeat ...', and 'unknown' with 'unspecified'), each a REJECT; every gap of the sequence of
    unknown type with evidence 'unspecified' (WARNING); on a [tech=wgs] sequence, any gap without linkage
    evidence, a FASTA gap line (>?unk100) included (ERROR, once per sequence).
    Why: gaps inside a scaffold are bridged, so GenBank needs the evidence for the bridge; gaps of other
    types are not, and a WGS assembly must say how each gap is known.
    Fix: give each within-scaffold gap its /linkage_evidence (paired-ends, align genus, ...); drop the
    evidence from other gap types; on WGS sequences, turn FASTA gap lines into assembly_gap features.
    Example: 301  400  assembly_gap / gap_type  within scaffold   (and no linkage_evidence)
    """
    found = list(_seq_gap_problems(ctx))
    if not found:
        return
    text = bioseq_text(ctx.record, delta=True)
    for message, severity in found:
        yield Hit(ctx.record.pos, message, ctx.record.seq_id, text, severity)
