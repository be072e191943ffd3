"""/inference values, as tbl2asn 25.3's validator reads them (C toolkit ``ValidateInferenceQualifier``).

An INSDC inference is ``[CATEGORY:]TYPE[ (same species)]:BODY``. Values that do not start with an INSDC
type at all are the reader's business (``TBL.BadInference``; tbl2asn drops them); here are the values that do,
but say too little. Findings point at the feature's row in the ``.tbl``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gbprep.model import insdc
from gbprep.model.diagnostics import Severity
from gbprep.rules.overlaps import feature_text
from gbprep.rules.registry import Hit, RecordContext, rule

_CATEGORY = re.compile(rf"^(?:{'|'.join(insdc.EVIDENCE_CATEGORIES)})\s*:\s*", re.IGNORECASE)
# Longest first, so "similar to RNA sequence, mRNA" wins over "similar to RNA sequence".
_TYPES = sorted(insdc.INFERENCE_TYPES, key=len, reverse=True)
_NEEDS_NOTHING = "non-experimental evidence, no additional details recorded"


def inference_problem(value: str) -> str | None:
    """What tbl2asn says about one /inference value: 'bad inference prefix' (a type and nothing after it),
    'bad inference body' (a type and an empty body), 'single inference field' (a 'similar to' type whose
    body is not DATABASE:ACCESSION); None when it says nothing."""
    text = _CATEGORY.sub("", value.strip(), count=1)
    lowered = text.lower()
    kind = next((t for t in _TYPES if lowered.startswith(t.lower())), None)
    if kind is None or kind == _NEEDS_NOTHING:
        return None
    rest = text[len(kind) :].strip()
    if rest.lower().startswith("(same species)"):
        rest = rest[len("(same species)") :].strip()
    if not rest.startswith(":"):
        return "bad inference prefix"
    body = rest[1:].strip()
    if not body:
        return "bad inference body"
    if kind.startswith("similar to") and ":" not in body:
        return "single inference field"
    return None


@rule(code="SEQ_FEAT.InvalidInferenceValue", severity=Severity.WARNING)
def inference_without_body(ctx: RecordContext) -> Iterator[Hit]:
    """An /inference names its evidence type but not what the evidence was.

    What: an /inference that is an INSDC evidence type alone ('ab initio prediction', 'similar to sequence':
    bad inference prefix), the type and a colon ('protein motif:': bad inference body), or a 'similar to'
    type with one field instead of DATABASE:ACCESSION ('similar to AA sequence:P12345': single inference
    field). 'non-experimental evidence, no additional details recorded' needs nothing more.
    Why: INSDC's /inference says how a feature was inferred: the program (and version) or the database record
    it is similar to; the type alone says nothing a reader can check.
    Fix: complete the value: 'ab initio prediction:AUGUSTUS:3.4.0', 'similar to AA sequence:UniProtKB:P12345',
    'protein motif:Pfam:PF00069'.
    Example: CDS  /inference  ab initio prediction
    """
    for feature in ctx.features:
        for value in feature.values("inference"):
            problem = inference_problem(value)
            if problem:
                yield Hit(
                    feature.pos,
                    f"Inference qualifier problem - {problem} ({value.strip()})",
                    ctx.record.seq_id,
                    feature_text(feature, ctx.record),
                )
