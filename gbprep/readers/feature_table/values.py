"""Qualifier values with a syntax or vocabulary of their own: codon_start, transl_except, GO terms, ...

Free text (product, note, gene, ...) is not looked at here; only the qualifiers in ``_VALUE_CHECKED`` are.
"""

from __future__ import annotations

import re

from gbprep.model import insdc
from gbprep.model.diagnostics import Code, Severity, SourcePos
from gbprep.model.records import Feature
from gbprep.readers.feature_table.codes import (
    BAD_ANTICODON,
    BAD_CODON_RECOGNIZED,
    BAD_CODON_START,
    BAD_DB_XREF,
    BAD_EC_NUMBER,
    BAD_GO_TERM,
    BAD_INFERENCE,
    BAD_QUALIFIER_VALUE,
    BAD_SEQ_ID_VALUE,
    BAD_TRANSL_EXCEPT,
    BAD_TRANSL_TABLE,
    BAD_TRNA_PRODUCT,
    DUPLICATE_PROTEIN_ID,
    DUPLICATE_TRANSCRIPT_ID,
    LOCUS_TAG_FORMAT,
    LOCUS_TAG_HAS_SPACE,
)
from gbprep.readers.feature_table.state import _emit, _State

_LOCUS_TAG = re.compile(r"[A-Za-z][0-9A-Za-z]{2,}_[0-9A-Za-z]+")
_EC = re.compile(r"\d+\.(?:\d+|-)\.(?:\d+|-)\.(?:n?\d+|-)", re.ASCII)
_SIMPLE_LOC = r"(?:[<>]?\d+(?:\.\.[<>]?\d+)?)"
_LOC_LIST = rf"(?:join|order)\(\s*{_SIMPLE_LOC}(?:\s*,\s*{_SIMPLE_LOC})*\s*\)"
_LOC = re.compile(
    rf"\s*(?:{_SIMPLE_LOC}|complement\(\s*{_SIMPLE_LOC}\s*\)|{_LOC_LIST}|complement\(\s*{_LOC_LIST}\s*\))\s*",
    re.IGNORECASE | re.ASCII,
)
_TRANSL_EXCEPT = re.compile(
    r"\(\s*pos\s*:(?P<loc>.+?),\s*aa\s*:(?P<aa>[^,()]+?)\s*\)", re.IGNORECASE | re.DOTALL
)
_ANTICODON = re.compile(
    r"\(\s*pos\s*:(?P<loc>.+?),\s*aa\s*:(?P<aa>[^,()]+?)\s*(?:,\s*seq\s*:\s*(?P<seq>[^,()]*?)\s*)?\)",
    re.IGNORECASE | re.DOTALL,
)
_SPACE = re.compile(r"\s")
_GO_ID = re.compile(r"(?:GO:)?\d{7}", re.ASCII)
_PMID = re.compile(r"\d+|GO_REF:\d+", re.ASCII)
_SEQ_ID_QUALIFIERS = ("protein_id", "transcript_id", "orig_protein_id", "orig_transcript_id")
_DROPPED_WHEN_UNKNOWN = ("regulatory_class", "bond_type", "site_type")  # tbl2asn drops, not passes on
_VALUE_CHECKED = frozenset(
    {
        "codon_start", "transl_table", "transl_except", "anticodon", "codon_recognized", "go_process",
        "go_function", "go_component", "locus_tag", "db_xref", "inference", "EC_number", "estimated_length",
        "replace", "number", *_SEQ_ID_QUALIFIERS, *insdc.VOCABULARIES, *insdc.PREFIX_VOCABULARIES,
    }
)  # fmt: skip


def _check_value(state: _State, number: int, feature: Feature, qual: str, value: str, pos: SourcePos) -> None:
    if qual not in _VALUE_CHECKED and not (qual == "product" and feature.key == "tRNA"):
        return  # free text (most rows: product, note, gene, ...)
    problem: tuple[Code, str] | None = None
    at = f"Line {number}:"
    if qual == "codon_start":
        if value not in ("1", "2", "3"):
            problem = BAD_CODON_START, f"{at} codon_start is {value[:20]!r}; it must be 1, 2 or 3."
    elif qual == "transl_table":
        if (
            not (value.isascii() and value.isdigit() and len(value) < 4)
            or int(value) not in insdc.GENETIC_CODES
        ):
            problem = BAD_TRANSL_TABLE, f"{at} transl_table {value[:20]!r} is not an NCBI genetic code."
    elif qual == "transl_except":
        why = _transl_except_problem(value)
        if why:
            problem = BAD_TRANSL_EXCEPT, f"{at} transl_except {value[:60]!r}: {why}."
    elif qual == "anticodon":
        why = _anticodon_problem(value)
        if why:
            problem = BAD_ANTICODON, f"{at} anticodon {value[:60]!r}: {why}."
    elif qual == "codon_recognized":
        if len(value) != 3 or not set(value.upper()) <= insdc.IUPAC_NUCLEOTIDES:
            problem = (
                BAD_CODON_RECOGNIZED,
                f"{at} codon_recognized {value[:20]!r} is not three nucleotide letters.",
            )
    elif qual in ("go_process", "go_function", "go_component"):
        why = _go_problem(value)
        if why:
            problem = BAD_GO_TERM, f"{at} {qual} {value[:60]!r}: {why}."
    elif qual == "product" and feature.key == "tRNA":
        if insdc.trna_amino_acid(value) is None:
            problem = BAD_TRNA_PRODUCT, f"{at} the tRNA product {value[:40]!r} does not name an amino acid."
    elif qual == "locus_tag":
        if _SPACE.search(value):
            problem = LOCUS_TAG_HAS_SPACE, f"{at} the locus_tag {value[:40]!r} contains whitespace."
        elif not _LOCUS_TAG.fullmatch(value):
            problem = (
                LOCUS_TAG_FORMAT,
                f"{at} the locus_tag {value[:40]!r} is not PREFIX_ID (e.g. ABC_000123).",
            )
    elif qual in _SEQ_ID_QUALIFIERS:
        why = _seq_id_problem(value)
        if why:
            problem = BAD_SEQ_ID_VALUE, f"{at} {qual} {value[:60]!r}: {why}."
        elif qual == "protein_id" and feature.key == "CDS":
            problem = _duplicate(state.protein_ids, DUPLICATE_PROTEIN_ID, "CDS", qual, value, pos)
        elif qual == "transcript_id" and feature.key == "mRNA":
            problem = _duplicate(state.transcript_ids, DUPLICATE_TRANSCRIPT_ID, "mRNA", qual, value, pos)
    elif qual == "db_xref":
        db, colon, ident = value.partition(":")
        if not colon or not db.strip() or not ident.strip():
            problem = BAD_DB_XREF, f"{at} db_xref {value[:60]!r} is not DATABASE:IDENTIFIER; it was ignored."
    elif qual == "inference":
        if not _inference_ok(value):
            problem = (
                BAD_INFERENCE,
                f"{at} inference {value[:60]!r} does not start with an INSDC evidence type.",
            )
    elif qual == "EC_number":
        if not _EC.fullmatch(value):
            problem = BAD_EC_NUMBER, f"{at} EC_number {value[:30]!r} is not like 1.2.3.4 or 3.1.-.-."
    else:
        _check_other_value(state, number, feature, qual, value, pos)
    if problem is not None:
        _emit(state, problem[0], pos, problem[1], feature)


def _check_other_value(
    state: _State, number: int, feature: Feature, qual: str, value: str, pos: SourcePos
) -> None:
    at = f"Line {number}:"
    message = None
    known = insdc.in_vocabulary(qual, value)
    if known is False:
        choices = sorted(insdc.vocabulary(qual), key=str.casefold)
        listed = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
        close = insdc.suggest(value, choices, limit=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        dropped = qual in _DROPPED_WHEN_UNKNOWN
        _emit(
            state,
            BAD_QUALIFIER_VALUE,
            pos,
            f"{at} {value[:40]!r} is not an allowed {qual}.{hint} Allowed: {listed}."
            + (" tbl2asn drops this value." if dropped else ""),
            feature,
            severity=Severity.ERROR if dropped else None,
        )
        return
    if qual == "estimated_length":
        if value != "unknown" and not (value.isascii() and value.isdigit() and value.strip("0")):
            message = f"{at} estimated_length {value[:20]!r} is neither a length nor 'unknown'."
    elif qual == "replace":
        if not set(value.upper()) <= insdc.IUPAC_NUCLEOTIDES:
            message = f'{at} replace {value[:40]!r} is not a nucleotide sequence (write "" for a deletion).'
    elif qual == "number" and _SPACE.search(value):
        message = f"{at} number {value[:20]!r} must be a single token (e.g. 4 or 6B)."
    if message:
        _emit(state, BAD_QUALIFIER_VALUE, pos, message, feature)


def _duplicate(
    seen: dict[str, SourcePos], code: Code, key: str, qual: str, value: str, pos: SourcePos
) -> tuple[Code, str] | None:
    norm = value[4:] if value.startswith("lcl|") else value
    first = seen.setdefault(norm, pos)
    if first is pos:
        return None
    return code, f"Line {pos.line}: {qual} {value[:60]!r} is already on the {key} at line {first.line}."


def _transl_except_problem(value: str) -> str | None:
    match = _TRANSL_EXCEPT.fullmatch(value.strip())
    if match is None:
        return "expected (pos:LOCATION,aa:AMINO_ACID)"
    return _pos_aa_problem(match.group("loc"), match.group("aa"))


def _anticodon_problem(value: str) -> str | None:
    match = _ANTICODON.fullmatch(value.strip())
    if match is None:
        return "expected (pos:LOCATION,aa:AMINO_ACID,seq:xxx)"
    problem = _pos_aa_problem(match.group("loc"), match.group("aa"))
    seq = match.group("seq")
    if problem is None and seq is not None and (len(seq) != 3 or not set(seq.upper()) <= set("ACGTU")):
        problem = f"seq {seq!r} is not a three-letter anticodon"
    return problem


def _pos_aa_problem(loc: str, aa: str) -> str | None:
    if not _LOC.fullmatch(loc):
        return f"the position {loc.strip()[:30]!r} is not a location such as 591..593 or complement(34..36)"
    if any(not n.strip("0") for n in re.findall(r"[0-9]+", loc)):  # no int(): 5,000 digits would raise
        return "positions count from 1"
    if insdc.amino_acid(aa.strip()) is None:
        return f"{aa.strip()[:20]!r} is not an amino acid abbreviation (Leu, Sec, TERM, OTHER, ...)"
    return None


def _go_problem(value: str) -> str | None:
    fields = [f.strip() for f in value.split("|")]
    if len(fields) < 2 or not fields[1]:
        return "no GO id after the description (description|GO id|PubMed id|evidence)"
    if not fields[0]:
        return "the description (first field) is empty"
    if not _GO_ID.fullmatch(fields[1]):
        return f"the GO id {fields[1][:20]!r} is not seven digits"
    if len(fields) > 2 and fields[2] and not _PMID.fullmatch(fields[2]):
        return f"the PubMed id {fields[2][:20]!r} is not a number"
    codes = [c for c in re.split(r"[,\s|]+", "|".join(fields[3:])) if c]
    unknown = [c for c in codes if c not in insdc.GO_EVIDENCE_CODES]
    if unknown:
        return f"{unknown[0][:10]!r} is not a GO evidence code (IEA, IDA, ISS, ...)"
    return None


def _seq_id_problem(value: str) -> str | None:
    if _SPACE.search(value):
        return "identifiers cannot contain spaces"
    if "|" not in value:
        return None
    parts = value.split("|")
    if parts[0] not in insdc.SEQID_PREFIXES:
        return f"{parts[0][:20]!r} is not a sequence-id type (gnl, lcl, gb, ...)"
    if parts[0] == "gnl" and (len(parts) < 3 or not parts[1] or not parts[2]):
        return "a gnl id is gnl|dbname|id"
    if parts[0] != "gnl" and not parts[1]:
        return f"nothing after '{parts[0]}|'"
    return None


_INFERENCE = re.compile(
    rf"\s*(?:(?:{'|'.join(insdc.EVIDENCE_CATEGORIES)})\s*:\s*)?"
    rf"(?:{'|'.join(re.escape(t) for t in sorted(insdc.INFERENCE_TYPES, key=len, reverse=True))})"
    r"(?:\s*\(same species\))?\s*(?::.*)?",
    re.IGNORECASE | re.DOTALL,
)


def _inference_ok(value: str) -> bool:
    return _INFERENCE.fullmatch(value) is not None
