"""The CDS translation family: NCBI's codes and messages, as tbl2asn 25.3 writes them to its ``.val``.

Every finding points at the CDS row of the user's ``.tbl`` (a translation is derived from it). Shared work
(translating each CDS once) goes through ``cds_translations(ctx)``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

from gbprep.model.coding import CdsTranslation, given_protein, protein_index, translate_cds
from gbprep.model.diagnostics import Severity
from gbprep.model.prot_ref import has_prot_ref
from gbprep.model.records import Feature, SequenceRecord
from gbprep.rules.overlaps import is_pseudo
from gbprep.rules.overlaps import location_text as overlaps_location_text
from gbprep.rules.registry import Hit, RecordContext, rule

# --- shared work and NCBI-style labels ------------------------------------------------------------------------


def cds_translations(ctx: RecordContext) -> list[CdsTranslation]:
    """Every non-pseudo CDS of the record, translated once per record (the rules share the list)."""
    pseudo = _in_pseudo_gene(ctx)
    return [tr for tr in _translations(ctx) if id(tr.feature) not in pseudo]


def _translations(ctx: RecordContext) -> list[CdsTranslation]:
    """Every CDS of the record that is not /pseudo itself, translated once per record."""

    def make() -> list[CdsTranslation]:
        proteins = protein_index(ctx.bundle.proteins) if ctx.bundle is not None else {}
        out: list[CdsTranslation] = []
        generated = 0  # tbl2asn names a protein without /protein_id <SeqID>_<n>, counting only those
        for cds in ctx.of_key("CDS"):
            given = given_protein(cds, proteins)
            named = bool((cds.get("protein_id") or "").strip())
            if not named and not cds.has("pseudo") and (has_prot_ref(cds) or given is not None):
                generated += 1
            if not cds.intervals or cds.has("pseudo") or cds.has("pseudogene"):
                continue
            done = translate_cds(ctx.record, cds, ctx.genetic_code, max(generated, 1), given)
            if done is not None and done.translation:
                out.append(done)
        return out

    return cast(list[CdsTranslation], ctx.cached("all_cds_translations", make))


def _in_pseudo_gene(ctx: RecordContext) -> set[int]:
    """The CDSs (by identity) that a /pseudo gene makes pseudo: no translation checks for them."""

    def make() -> set[int]:
        return {id(tr.feature) for tr in _translations(ctx) if is_pseudo(ctx, tr.feature)}

    return cast(set[int], ctx.cached("cds_in_pseudo_gene", make))


def ncbi_id(seq_id: str) -> str:
    """How NCBI prints a SeqID: a bare local name gains ``lcl|``."""
    return seq_id if "|" in seq_id else f"lcl|{seq_id}"


def location_text(feature: Feature, seq_id: str) -> str:
    """``lcl|X:1-1701``, ``lcl|X:c>200-101``: NCBI's short location form (a minus row's 5' mark is '>')."""
    return overlaps_location_text(feature, seq_id)


def protein_id(tr: CdsTranslation, seq_id: str) -> str:
    value = tr.feature.get("protein_id")
    if tr.given is not None:
        return ncbi_id(tr.given.seq_id)
    if value:
        return ncbi_id(value)
    return ncbi_id(f"{seq_id}_{tr.ordinal}")


def feature_text(tr: CdsTranslation, record: SequenceRecord) -> str:
    """What tbl2asn prints after ``FEATURE:`` for a CDS."""
    product = tr.feature.get("product") or ""
    return (
        f"CDS: {product} [{location_text(tr.feature, record.seq_id)}] "
        f"[{ncbi_id(record.seq_id)}: raw, dna len= {len(record)}] -> [{protein_id(tr, record.seq_id)}]"
    )


def protein_text(tr: CdsTranslation, record: SequenceRecord) -> str:
    """What tbl2asn prints after ``BIOSEQ:`` for a CDS's protein."""
    return f"{protein_id(tr, record.seq_id)}: raw, aa len= {len(tr.protein)}"


def gene_and_product(tr: CdsTranslation, ctx: RecordContext) -> str:
    """``(HA - hemagglutinin)``: the gene symbol (or ``gene?``) and product NCBI names a protein by."""
    gene = tr.feature.get("gene") or tr.feature.get("locus_tag")
    if gene is None:
        for candidate in ctx.of_key("gene"):
            if candidate.low <= tr.feature.low and tr.feature.high <= candidate.high:
                gene = candidate.get("gene") or candidate.get("locus_tag")
                if gene:
                    break
    product = tr.feature.get("product") or "?"
    return f"({gene or 'gene?'} - {product})"


def _hit(ctx: RecordContext, tr: CdsTranslation, message: str) -> Hit:
    return Hit(tr.feature.pos, message, ctx.record.seq_id, feature_text(tr, ctx.record))


def _with_protein(ctx: RecordContext) -> Iterator[CdsTranslation]:
    """CDSs tbl2asn makes a protein for: a Prot-ref (/product, /prot_desc, /EC_number, /function) or a .pep
    protein, and no /pseudo of their own; inside a /pseudo gene too (the protein rules look at that protein)."""
    return (tr for tr in _translations(ctx) if has_prot_ref(tr.feature) or tr.given is not None)


def _checked(ctx: RecordContext) -> Iterator[CdsTranslation]:
    """CDSs whose translation NCBI compares (no RNA editing or similar /exception)."""
    return (tr for tr in cds_translations(ctx) if not tr.bypassed)


# --- rules ----------------------------------------------------------------------------------------------------


@rule(code="SEQ_FEAT.StartCodon", severity=Severity.ERROR)
def cds_start_codon(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS with a complete 5' end does not begin with a start codon of its genetic code.

    What: the first codon of a CDS whose start is not marked partial ('<') is not a start codon in the
    genetic code in force ([gcode=], [mgcode=] with [location=mitochondrion], 11 for plastids, or the CDS's
    /transl_table).
    Why: a protein's first residue comes from a start codon; anything else means the start coordinate, the
    /codon_start, the strand or the genetic code is wrong, or the gene really starts upstream (5' partial).
    Fix: check the CDS start coordinate and strand; set the right genetic code ([gcode=11] for bacteria and
    plastids); if the gene continues beyond the sequence or annotation, mark the start partial ('<1').
    Example: 1  300  CDS  on a sequence starting GTGAAA... with no [gcode=11] (GTG is not a start in code 1).
    """
    for tr in _checked(ctx):
        if not tr.got_dash:
            continue
        if tr.internal_stops:
            message = (
                f"Illegal start codon (and {tr.internal_stops} internal stops). "
                f"Probably wrong genetic code [{tr.code}]"
            )
        else:
            message = f"Illegal start codon used. Wrong genetic code [{tr.code}] or protein should be partial"
        yield _hit(ctx, tr, message)


@rule(code="SEQ_FEAT.InternalStop", severity=Severity.ERROR)
def cds_internal_stop(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS translates with stop codons before its end.

    What: counts the stop codons ('*') in the translation other than a final one.
    Why: GenBank rejects coding regions that cannot make their protein; the frame (/codon_start), the
    strand, an exon boundary or the genetic code is usually wrong.
    Fix: check the CDS coordinates, strand and /codon_start and the record's genetic code; if the gene is
    really broken, mark the CDS /pseudo (or the gene /pseudogene) instead of annotating a protein.
    Example: 1  66  CDS  whose third codon is TAA.
    """
    for tr in _checked(ctx):
        if not tr.internal_stops:
            continue
        if tr.got_dash:
            message = (
                f"{tr.internal_stops} internal stops (and illegal start codon). Genetic code [{tr.code}]"
            )
        else:
            message = f"{tr.internal_stops} internal stops. Genetic code [{tr.code}]"
        yield _hit(ctx, tr, message)


@rule(code="SEQ_FEAT.NoStop", severity=Severity.ERROR)
def cds_no_stop(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS with a complete 3' end does not end in a stop codon.

    What: the last codon of a CDS whose end is not marked partial ('>') does not translate to a stop.
    Why: a complete coding region includes its stop codon; its absence means the stop coordinate is off
    (often by three bases) or the gene runs beyond the sequence.
    Fix: extend the CDS to include the stop codon, or mark the end partial ('>') if the gene continues past
    the sequence or an unsequenced gap.
    Example: 1  63  CDS  where bases 61-63 are GGG (the stop is at 64-66).
    """
    for tr in _checked(ctx):
        if not tr.got_stop and not tr.partial3 and tr.fully_checked:
            yield _hit(ctx, tr, "Missing stop codon")


@rule(code="SEQ_FEAT.TransLen", severity=Severity.ERROR)
def cds_translation_length(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS's length does not fit its protein: bases past the stop, or a .pep of another length.

    What: a complete CDS that ends 1-2 bases after its stop codon; or a protein given in the .pep file whose
    length differs from the CDS's translation (terminal stop and trailing X ignored).
    Why: the annotated coding region and the protein must describe the same molecule.
    Fix: end the CDS on the last base of the stop codon; check that the .pep protein (matched by
    /protein_id) is the translation of this CDS, or correct the CDS coordinates.
    Example: 1  68  CDS  whose stop codon is 64-66.
    """
    for tr in _checked(ctx):
        if not tr.fully_checked:
            continue
        if tr.given is None:
            if tr.got_stop and tr.ragged:
                yield _hit(ctx, tr, f"Coding region extends {tr.ragged} base(s) past stop codon")
            continue
        given, translated = _comparable(tr)
        if len(given) != len(translated):
            yield _hit(
                ctx,
                tr,
                f"Given protein length [{len(given)}] does not match translation length [{len(translated)}]",
            )


def _comparable(tr: CdsTranslation) -> tuple[str, str]:
    """The .pep protein and the translation as NCBI compares them: terminal stop and trailing X removed."""
    given = tr.protein.rstrip("X")
    translated = tr.translation
    if tr.got_stop and len(translated) == len(tr.protein) + 1:
        translated = translated[:-1]
    return given, translated.rstrip("X")


@rule(code="SEQ_FEAT.MisMatchAA", severity=Severity.ERROR)
def cds_protein_mismatch(ctx: RecordContext) -> Iterator[Hit]:
    """The protein given in the .pep file differs from the CDS's translation.

    What: residue-by-residue comparison of the .pep protein (matched by /protein_id) with the translation
    of the CDS, when both have the same length; more than 10 differences are summarised in one finding.
    Why: GenBank shows the translation of the CDS; a different protein means wrong coordinates, a wrong
    genetic code, sequencing differences or the wrong protein file.
    Fix: correct the CDS location or genetic code, or the .pep sequence; where the difference is real
    biology (RNA editing, ribosomal slippage) add the matching /exception.
    Example: CDS 69..543 with /protein_id WS1030, where residue 53 of WS1030 in the .pep is A but the codon
    at 225-227 is CTG (L).
    """
    for tr in _checked(ctx):
        if tr.given is None or not tr.fully_checked:
            continue
        given, translated = _comparable(tr)
        if len(given) != len(translated):
            continue  # TransLen says so
        diffs = [i for i, (p, t) in enumerate(zip(given, translated, strict=True)) if p != t]
        if diffs and diffs[0] == 0 and translated[0] == "-":
            diffs = diffs[1:]  # an illegal start codon is StartCodon's finding
        if len(diffs) > 10:
            first, last = diffs[0], diffs[-1]
            yield _hit(
                ctx,
                tr,
                f"{len(diffs)} mismatches found. First mismatch at {first + 1}, residue in protein "
                f"[{given[first]}] != translation [{translated[first]}]{_at(tr, ctx, first)}. Last mismatch at "
                f"{last + 1}, residue in protein [{given[last]}] != translation [{translated[last]}]"
                f"{_at(tr, ctx, last)}. Genetic code [{tr.code}]",
            )
            continue
        for i in diffs:
            yield _hit(
                ctx,
                tr,
                f"Residue {i + 1} in protein [{given[i]}] != translation [{translated[i]}]{_at(tr, ctx, i)}",
            )


def _at(tr: CdsTranslation, ctx: RecordContext, index: int) -> str:
    span = tr.codon_span(index)
    if span is None:
        return ""
    first, last = span
    where = f"c{first}-{last}" if first > last else f"{first}-{last}"
    return f" at {ncbi_id(ctx.record.seq_id)}:{where}"


@rule(code="SEQ_INST.StopInProtein", severity=Severity.ERROR)
def protein_has_stops(ctx: RecordContext) -> Iterator[Hit]:
    """The protein product contains stop symbols ('*').

    What: counts '*' in the protein a CDS produces (its translation without the terminal stop, or the
    protein given in the .pep file).
    Why: a protein sequence cannot contain terminations; GenBank will not accept such a product.
    Fix: fix the CDS so that it translates without internal stops (see SEQ_FEAT.InternalStop), or remove
    the '*' from the .pep protein.
    Example: 1  66  CDS  whose third codon is TAA: the product is 'MK*...'.
    """
    for tr in _with_protein(ctx):
        stops = tr.protein.count("*")
        if stops:
            yield Hit(
                tr.feature.pos,
                f"[{stops}] termination symbols in protein sequence {gene_and_product(tr, ctx)}",
                ctx.record.seq_id,
                protein_text(tr, ctx.record),
            )


@rule(code="SEQ_INST.BadProteinStart", severity=Severity.ERROR)
def protein_bad_start(ctx: RecordContext) -> Iterator[Hit]:
    """The protein product starts with a gap symbol ('-').

    What: the protein's first residue is '-', which is what tbl2asn makes of a complete 5' end that has no
    start codon (including CDSs with an /exception such as RNA editing).
    Why: a protein cannot begin with a gap; the product GenBank would show is wrong.
    Fix: as for SEQ_FEAT.StartCodon: correct the start coordinate or genetic code, or mark the start partial
    ('<'). For an edited start codon, supply the edited protein in a .pep file.
    Example: 1  300  CDS  starting ACG (an RNA-edited chloroplast start) with /exception RNA editing.
    """
    for tr in _with_protein(ctx):
        if tr.protein.startswith("-"):
            yield Hit(
                tr.feature.pos,
                f"gap symbol at start of protein sequence {gene_and_product(tr, ctx)}",
                ctx.record.seq_id,
                protein_text(tr, ctx.record),
            )
