"""Rules that depend on the molecule type of a sequence (``[moltype=]``: genomic DNA, mRNA, rRNA, ...).

A sequence is genomic DNA unless its modifiers say otherwise: ``[moltype=]`` sets the MolInfo biomol (and
makes the sequence RNA for an RNA biomol), ``[tech=]`` the sequencing technique, ``[molecule=rna]`` the
Seq-inst mol of a genomic one (``gbprep.model.molecule``). A record that says it is an mRNA must look like
one (no mRNA feature, no introns, coding regions on the plus strand in one piece), and the technique must
suit the molecule. Messages as tbl2asn 25.3 writes them (checked by running it on every combination).
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.modifiers import canonical_modifier_name, origin_of
from gbprep.model.molecule import Molecule
from gbprep.model.records import Feature, Strand
from gbprep.rules import ncbi_labels, overlaps, translation
from gbprep.rules.ncbi_labels import taxname_of
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.sequence import gaps
from gbprep.rules.source import biosrc_label, modifier_value

# Techniques of genomic sequencing projects (HTGS, STS, GSS, WGS): their sequences must be genomic DNA.
GENOMIC_TECHS = frozenset(
    {"sts", "survey", "wgs", "htgs-0", "htgs-1", "htgs-2", "htgs-3", "composite-wgs-htgs"}
)
# Techniques that describe a protein sequence, not a nucleotide one.
PROTEIN_TECHS = frozenset(
    {"concept-trans", "seq-pept", "both", "seq-pept-overlap", "seq-pept-homol", "concept-trans-a"}
)
_SLIPPAGE = ("ribosomal slippage", "ribosome slippage")


molecule = overlaps.record_molecule


def _where(ctx: RecordContext, *names: str) -> SourcePos:
    """The line that set the first of ``names`` (the FASTA header when none did)."""
    for mod in ctx.source_modifiers:
        if canonical_modifier_name(mod.name) in names:
            return mod.pos
    return ctx.record.pos


def _seq_label(ctx: RecordContext) -> str:
    """``lcl|c1: raw, rna len= 900``: tbl2asn names the Seq-inst mol and representation."""
    kind = "delta" if gaps(ctx) else "raw"
    return f"{translation.ncbi_id(ctx.record.seq_id)}: {kind}, {molecule(ctx).mol} len= {len(ctx.record)}"


def _feature_label(ctx: RecordContext, feature: Feature) -> str:
    """The FEATURE: text, with the sequence named as tbl2asn names an RNA or delta sequence."""
    text = ncbi_labels.feature_text(feature, ctx.record.seq_id, len(ctx.record))
    if feature.key == "CDS":
        for tr in translation.cds_translations(ctx):
            if tr.feature is feature:
                text = translation.feature_text(tr, ctx.record)
                break
    # translation's location text marks a minus row's partial ends as written; tbl2asn marks them by 5'/3'.
    seq_id = ctx.record.seq_id
    text = text.replace(
        f"[{translation.location_text(feature, seq_id)}]", f"[{overlaps.location_text(feature, seq_id)}]", 1
    )
    return text.replace(f"[{ncbi_labels.seq_text(seq_id, len(ctx.record))}]", f"[{_seq_label(ctx)}]", 1)


def _descriptor(ctx: RecordContext) -> str:
    """What tbl2asn prints for the MolInfo descriptor: ``MolInfo: mRNA, wgs BIOSEQ: lcl|c1``."""
    mol = molecule(ctx)
    parts = ", ".join(p for p in (mol.biomol, mol.tech) if p)
    return f"MolInfo: {parts} BIOSEQ: {translation.ncbi_id(ctx.record.seq_id)}"


def _minus(feature: Feature) -> bool:
    return bool(feature.intervals) and feature.strand == Strand.MINUS


# --- features on an mRNA sequence ---------------------------------------------------------------------------


@rule(code="SEQ_FEAT.InvalidForType", severity=Severity.ERROR)
def feature_invalid_on_mrna(ctx: RecordContext) -> Iterator[Hit]:
    """A feature that cannot be on an mRNA sequence: an mRNA, an intron, a coding region in pieces.

    What: on a sequence given as [moltype=mRNA], an mRNA feature, an intron feature, or a CDS with more
    than one interval (unless its exception is ribosomal slippage).
    Why: an mRNA (cDNA) sequence is itself the spliced transcript: it has no introns left, is not
    annotated with an mRNA of itself, and codes for its protein in one continuous stretch. Such features
    mean the sequence is really genomic, or the features were copied from the genome's annotation.
    Fix: if the sequence is genomic, drop [moltype=mRNA] from its definition line; if it really is an
    mRNA, remove the mRNA and intron features and give the CDS one interval on the transcript.
    Example: >seq1 [moltype=mRNA] with 'CDS 10..60, 120..300'.
    """
    if not molecule(ctx).is_mrna:
        return
    for feature in ctx.features:
        if feature.key == "mRNA":
            message = "mRNA feature is invalid on an mRNA (cDNA) Bioseq."
        elif feature.key == "intron":
            message = "Invalid feature for an mRNA Bioseq."
        elif feature.key == "CDS" and len(feature.intervals) > 1:
            exception = " ".join(feature.values("exception")).lower()
            if any(text in exception for text in _SLIPPAGE):
                continue
            message = "Multi-interval CDS feature is invalid on an mRNA (cDNA) Bioseq."
        else:
            continue
        yield Hit(feature.pos, message, ctx.record.seq_id, _feature_label(ctx, feature))


@rule(code="SEQ_FEAT.CDSonMinusStrandMRNA", severity=Severity.ERROR)
def cds_on_minus_strand_of_mrna(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region on the minus strand of an mRNA sequence.

    What: a CDS (pseudo or not) whose location is on the minus strand, on a sequence given as
    [moltype=mRNA].
    Why: an mRNA is the sense strand of its gene: its protein is read from its own 5' end, so a coding
    region on the reverse strand means the sequence was submitted reverse-complemented, or is not an mRNA.
    Fix: reverse-complement the sequence (and its feature table) so the coding region is on the plus
    strand, or drop [moltype=mRNA] if the sequence is genomic.
    Example: >cdna1 [moltype=mRNA] with 'CDS 900..100'.
    """
    if not molecule(ctx).is_mrna:
        return
    for feature in ctx.of_key("CDS"):
        if _minus(feature):
            yield Hit(
                feature.pos,
                "CDS should not be on minus strand of mRNA molecule",
                ctx.record.seq_id,
                _feature_label(ctx, feature),
            )


@rule(code="SEQ_FEAT.CDSonMinusStrandTranscribedRNA", severity=Severity.WARNING)
def cds_on_minus_strand_of_tsa_rna(ctx: RecordContext) -> Iterator[Hit]:
    """A coding region on the minus strand of a TSA transcribed-RNA sequence.

    What: a CDS on the minus strand of a sequence given as [moltype=transcribed RNA] [tech=tsa]; one
    finding per such CDS, reported on the sequence.
    Why: a transcriptome assembly's contig is read as the transcript; a coding region on its reverse
    strand usually means the contig was assembled in the antisense orientation.
    Fix: reverse-complement the contig (and its features) so the coding region reads on the plus strand.
    Example: >tsa1 [moltype=transcribed RNA] [tech=tsa] with 'CDS 700..20'.
    """
    mol = molecule(ctx)
    if mol.tech != "tsa" or mol.biomol != "transcribed-RNA":
        return
    for feature in ctx.of_key("CDS"):
        if _minus(feature):
            yield Hit(
                feature.pos,
                "Coding region on TSA transcribed RNA should not be on the minus strand",
                ctx.record.seq_id,
                _seq_label(ctx),
            )


# --- molecule and technique --------------------------------------------------------------------------------


@rule(code="SEQ_INST.ConflictingBiomolTech", severity=Severity.ERROR)
def biomol_conflicts_with_tech(ctx: RecordContext) -> Iterator[Hit]:
    """The sequencing technique does not suit the molecule type.

    What: an HTGS, STS, GSS (survey) or WGS technique on a sequence that is not genomic (an STS from an
    mRNA is allowed) or is genomic RNA; an EST that is not an mRNA (a warning); a TSA sequence that is DNA.
    Why: genome projects sequence genomic DNA, ESTs are single reads of cDNA, and a transcriptome assembly
    is RNA: GenBank files the record in a division by its technique, so the two must agree.
    Fix: correct [tech=] or [moltype=] so they agree: a WGS contig is genomic (drop [moltype=mRNA]); an
    assembled transcript is [moltype=mRNA] [tech=tsa].
    Example: >contig1 [moltype=mRNA] [tech=wgs].
    """
    mol = molecule(ctx)
    tech = mol.tech
    if tech in GENOMIC_TECHS:
        if tech == "sts" and mol.mol == "rna" and mol.is_mrna:
            return
        if mol.biomol != "genomic":
            message = "HTGS/STS/GSS/WGS sequence should be genomic"
        elif mol.mol == "rna":
            message = "HTGS/STS/GSS/WGS sequence should not be RNA"
        else:
            return
        yield Hit(_where(ctx, "tech"), message, ctx.record.seq_id, _seq_label(ctx))
    elif tech == "est" and not mol.is_mrna:
        yield Hit(
            _where(ctx, "tech"),
            "EST sequence should be mRNA",
            ctx.record.seq_id,
            _seq_label(ctx),
            severity=Severity.WARNING,
        )
    elif tech == "tsa" and mol.mol == "dna":
        yield Hit(_where(ctx, "tech"), "TSA sequence should not be DNA", ctx.record.seq_id, _seq_label(ctx))


@rule(code="SEQ_DESCR.InvalidForType", severity=Severity.ERROR)
def molinfo_invalid_for_nucleotide(ctx: RecordContext) -> Iterator[Hit]:
    """A molecule type or technique that cannot describe a nucleotide sequence, or that does not fit an
    engineered one.

    What: [moltype=peptide] or a protein sequencing technique ([tech=concept-trans], seq-pept, both, ...)
    on a nucleotide sequence. Warnings: [moltype=other-genetic] on a sequence not of artificial origin;
    [origin=synthetic] (which asks for a molecule type of 'other' that a definition line cannot give);
    an organism 'synthetic construct' without [moltype=other-genetic] or [origin=artificial]; and
    [origin=artificial] on another organism or without [moltype=other-genetic].
    Why: the MolInfo of a nucleotide record must describe a nucleic acid; "other genetic" says nothing
    about what the molecule is unless it was engineered, and an engineered sequence is filed as a synthetic
    construct of artificial origin.
    Fix: give the nucleotide's own molecule type and technique ([moltype=genomic], [moltype=mRNA]; leave
    [tech=] out for an ordinary submission), or the precise type instead of other-genetic; for a vector or
    other engineered sequence use [organism=synthetic construct] [origin=artificial] [moltype=other-genetic].
    Example: >seq1 [moltype=peptide]
    """
    mol = molecule(ctx)
    origin = origin_of(modifier_value(ctx, "origin"))
    if origin == "synthetic":
        yield Hit(
            _where(ctx, "origin"),
            "Molinfo-biomol other should be used if Biosource-location is synthetic",
            ctx.record.seq_id,
            biosrc_label(ctx),
            severity=Severity.WARNING,
        )
    if mol.biomol == "peptide":
        yield Hit(
            _where(ctx, "mol-type"),
            "Nucleic acid with Molinfo-biomol = peptide",
            ctx.record.seq_id,
            _descriptor(ctx),
        )
    elif mol.biomol == "other-genetic" and origin != "artificial":
        yield Hit(
            _where(ctx, "mol-type"),
            "Molinfo-biomol = other genetic",
            ctx.record.seq_id,
            _descriptor(ctx),
            severity=Severity.WARNING,
        )
    if mol.tech in PROTEIN_TECHS:
        yield Hit(
            _where(ctx, "tech"),
            "Nucleic acid with protein sequence method",
            ctx.record.seq_id,
            _descriptor(ctx),
        )
    for message in _engineered_problems(ctx, mol, origin):
        where = _where(ctx, "origin", "organism")
        yield Hit(where, message, ctx.record.seq_id, _descriptor(ctx), severity=Severity.WARNING)


def _engineered_problems(ctx: RecordContext, mol: Molecule, origin: str | None) -> Iterator[str]:
    """What NCBI's validator says of a synthetic construct, or of an artificial origin, in its order."""
    artificial = origin == "artificial"
    if taxname_of(ctx).lower() == "synthetic construct":
        if mol.biomol != "other-genetic":
            yield "synthetic construct should have other-genetic"
        if not artificial:
            yield "synthetic construct should have artificial origin"
    elif artificial:
        yield "artificial origin should have other-genetic and synthetic construct"
    if artificial and mol.biomol != "other-genetic":
        yield "artificial origin should have other-genetic"


@rule(code="SEQ_DESCR.BadKeyword", severity=Severity.INFO)
def barcode_without_keyword(ctx: RecordContext) -> Iterator[Hit]:
    """A barcode sequence without the BARCODE keyword.

    What: a sequence with [tech=barcode] and no [keyword=BARCODE].
    Why: DNA barcode records (BOLD, CBOL) are recognised by the technique and the BARCODE keyword together;
    one without the other means the record will not be treated as a barcode.
    Fix: add [keyword=BARCODE] to the definition line, or drop [tech=barcode] if the sequence is not a
    standard barcode region submitted under the barcode data standard.
    Example: >COI_1 [tech=barcode]
    """
    if molecule(ctx).tech != "barcode":
        return
    for mod in ctx.source_modifiers:
        if canonical_modifier_name(mod.name) == "keyword":
            words = mod.value.replace(",", ";").split(";")
            if any(w.strip().upper() == "BARCODE" for w in words):
                return
    yield Hit(
        _where(ctx, "tech"),
        "Molinfo.tech barcode without BARCODE keyword",
        ctx.record.seq_id,
        _seq_label(ctx),
    )


@rule(code="SEQ_INST.BadHTGSeq", severity=Severity.WARNING)
def htgs2_without_gaps(ctx: RecordContext) -> Iterator[Hit]:
    """A phase 2 HTGS sequence without gaps.

    What: a sequence with [tech=htgs-2] that has no gaps (a raw sequence).
    Why: phase 2 high-throughput genomic sequence is ordered but unfinished: its pieces are separated by
    gaps. One with none is either finished (phase 3) or its gaps were written as plain bases.
    Fix: mark the gaps between the ordered pieces (gap lines or assembly_gap features), or give
    [tech=htgs-3] for a finished sequence.
    Example: >BAC1 [tech=htgs-2] with one unbroken stretch of bases.
    """
    if molecule(ctx).tech == "htgs-2" and not gaps(ctx):
        yield Hit(
            _where(ctx, "tech"),
            "HTGS 2 raw seq has no gaps and no graphs",
            ctx.record.seq_id,
            _seq_label(ctx),
        )
