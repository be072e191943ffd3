"""Rules on ``/exception``: the explanation a feature gives for not following the usual biology.

tbl2asn keeps the /exception text as the feature's except-text and checks each comma-separated explanation
against NCBI's list; a CDS whose explanation excuses its translation is translated all the same, and if it
translates cleanly the explanation is reported as unnecessary. Messages as tbl2asn 25.3 writes them
(C toolkit ``ValidateExceptText`` and ``CdTransCheck``).
"""

from __future__ import annotations

from collections.abc import Iterator

from gbprep.model.coding import CdsTranslation
from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature
from gbprep.rules.ncbi_labels import feature_text
from gbprep.rules.partial import acceptor_before, at_sequence_end, five_prime
from gbprep.rules.products import excuses_translation, products
from gbprep.rules.registry import Hit, RecordContext, rule
from gbprep.rules.translation import cds_translations, ncbi_id
from gbprep.rules.translation import feature_text as cds_text

# Explanations GenBank accepts (NCBI's legal_exception_strings), compared case-blind.
LEGAL_EXCEPTIONS = frozenset(
    e.lower()
    for e in (
        "RNA editing",
        "reasons given in citation",
        "rearrangement required for product",
        "ribosomal slippage",
        "trans-splicing",
        "alternative processing",
        "artificial frameshift",
        "nonconsensus splice site",
        "modified codon recognition",
        "alternative start codon",
        "dicistronic gene",
        "transcribed product replaced",
        "translated product replaced",
        "transcribed pseudogene",
        "annotated by transcript or proteomic data",
        "heterogeneous population sequenced",
        "low-quality sequence region",
        "unextendable partial coding region",
        "artificial location",
        "gene split at contig boundary",
        "gene split at sequence boundary",
        "genetic code exception",
    )
)
# Explanations only RefSeq (and NCBI's genome pipeline) may use.
REFSEQ_EXCEPTIONS = frozenset(
    e.lower()
    for e in (
        "unclassified transcription discrepancy",
        "unclassified translation discrepancy",
        "mismatches in transcription",
        "mismatches in translation",
        "adjusted for low-quality genome",
        "translation initiation by tRNA-Leu at CUG codon",
        "16S ribosomal RNA and 23S ribosomal RNA overlap",
        "16S ribosomal RNA and 5S ribosomal RNA overlap",
        "23S ribosomal RNA and 16S ribosomal RNA overlap",
        "23S ribosomal RNA and 5S ribosomal RNA overlap",
        "5S ribosomal RNA and 16S ribosomal RNA overlap",
        "5S ribosomal RNA and 23S ribosomal RNA overlap",
    )
)
# Explanations that may also appear in the feature's note (unless the note is nothing else).
_MAY_REPEAT_IN_NOTE = frozenset(
    {"ribosomal slippage", "trans-splicing", "rna editing", "artificial location"}
)


def except_text(feature: Feature) -> str:
    """The feature's except-text: its /exception values, comma-separated as tbl2asn joins them."""
    return ",".join(v.strip() for v in feature.values("exception") if v.strip())


def _is_refseq(ctx: RecordContext) -> bool:
    return ctx.record.seq_id.startswith("ref|")


def _label(ctx: RecordContext, feature: Feature) -> str:
    label = feature_text(feature, ctx.record.seq_id, len(ctx.record))
    protein = next((p for p in products(ctx) if p.cds is feature), None) if feature.key == "CDS" else None
    return f"{label} -> [{ncbi_id(protein.protein_id)}]" if protein is not None else label


@rule(code="SEQ_FEAT.ExceptionProblem", severity=Severity.ERROR)
def exception_problem(ctx: RecordContext) -> Iterator[Hit]:
    """An /exception gives an explanation GenBank does not know, or repeats the feature's note.

    What: each comma-separated part of /exception must be one of NCBI's explanations ('RNA editing',
    'ribosomal slippage', 'low-quality sequence region', ...; RefSeq records have a few more); a note that
    contains an explanation (other than RNA editing, ribosomal slippage, trans-splicing and artificial
    location) is reported as redundant, at WARNING.
    Why: /exception is a controlled vocabulary that tells readers and software why a feature's translation or
    structure is irregular; free text belongs in /note.
    Fix: use one of the listed explanations, or move the text to a /note; do not repeat the explanation
    in the note.
    Example: 1  300  CDS  with  exception  bogus exception
    """
    for feature in ctx.features:
        text = except_text(feature)
        if not text:
            continue
        note = " ".join(v for v in feature.values("note") if v).strip()
        if note.lower() == text.lower():
            note = ""  # cleanup drops a note that only repeats the exception
        redundant = False
        for part in (p.strip() for p in text.split(",")):
            if not part:
                continue
            known = part.lower() in LEGAL_EXCEPTIONS or (
                _is_refseq(ctx) and part.lower() in REFSEQ_EXCEPTIONS
            )
            if not known:
                severity = Severity.WARNING if ctx.record.seq_id.startswith(("ref|NC_", "ref|NT_")) else None
                message = f"{part} is not a legal exception explanation"
                yield Hit(feature.pos, message, ctx.record.seq_id, _label(ctx, feature), severity)
            if note and part.lower() in note.lower():
                redundant = (
                    part.lower() not in _MAY_REPEAT_IN_NOTE or note.lower() == part.lower() or redundant
                )
        if redundant:
            message = "Exception explanation text is also found in feature comment"
            yield Hit(feature.pos, message, ctx.record.seq_id, _label(ctx, feature), Severity.WARNING)


# Explanations under which a clean translation is expected, so no UnnecessaryException.
_CLEAN_EXPECTED = ("artificial frameshift", "rearrangement required for product", "annotated by transcript")
_CLEAN_EXPECTED_EXACT = frozenset(
    {"heterogeneous population sequenced", "low-quality sequence region", "artificial location"}
)


def _translates_cleanly(ctx: RecordContext, tr: CdsTranslation) -> bool:
    if tr.got_dash or tr.internal_stops or tr.got_stop == tr.partial3:
        return False  # an illegal start, a stop inside, no stop at a complete end or one at a partial end
    if tr.frame > 1:  # a suspicious frame counts as a translation problem (SuspiciousFrame)
        end = five_prime(tr.feature)
        if not tr.partial5 or not (
            at_sequence_end(ctx.record, end, True) or acceptor_before(ctx.record, end)
        ):
            return False
    if tr.got_stop and tr.ragged:
        return False
    if tr.given is not None:
        made = tr.translation[:-1] if tr.got_stop else tr.translation
        return made.upper() == tr.given.residues.upper()
    return True


@rule(code="SEQ_FEAT.UnnecessaryException", severity=Severity.WARNING)
def unnecessary_exception(ctx: RecordContext) -> Iterator[Hit]:
    """A CDS explains its translation away (e.g. 'RNA editing') although it translates cleanly.

    What: a CDS with a protein whose /exception excuses its translation ('RNA editing', 'reasons given in
    citation', 'translated product replaced', ...) but which starts with a start codon, has no internal stop,
    ends in a stop (or is 3' partial), reads from its first base (or from a partial start at a splice site or
    the sequence end) and matches its .pep protein if one is given.
    Why: the exception hides real translation problems from the validator; when there are none it is
    wrong, and it would hide future ones.
    Fix: remove the /exception.
    Example: 1  126  CDS  ATG...TAA  with  exception  RNA editing
    """
    with_protein = {id(p.cds) for p in products(ctx)}
    for tr in cds_translations(ctx):
        if id(tr.feature) not in with_protein:
            continue  # no protein: a translation problem of its own
        text = except_text(tr.feature)
        if not text or not excuses_translation(text):
            continue
        lowered = text.lower()
        if any(e in lowered for e in _CLEAN_EXPECTED) or lowered in _CLEAN_EXPECTED_EXACT:
            continue
        if _translates_cleanly(ctx, tr):
            message = "CDS has exception but passes translation test"
            yield Hit(tr.feature.pos, message, ctx.record.seq_id, cds_text(tr, ctx.record))
