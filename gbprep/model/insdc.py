"""INSDC feature keys and qualifiers, as a five-column table (tbl2asn/table2asn) may use them.

Facts from the DDBJ/ENA/GenBank Feature Table Definition (version 11.x: Appendix II keys, Appendix III
qualifiers, Appendix IV vocabularies) plus what NCBI's table reader accepts on top of it: qualifiers that
only exist in tables (``gene_syn``, ``prot_desc``, ``go_process``, ...) and the table-only pseudo-keys
(``Protein``, ``Region``, ``Site``, ``Bond``, ``SecStr``, ``REFERENCE``). Keys that INSDC retired but tbl2asn
still takes (the 2014 ``regulatory`` merge, ``LTR``, ``snRNA``, ...) are listed with what replaces them, so a
rule can say what to write instead.

The tables themselves live in ``gbprep/model/data/insdc.toml`` (read once, at import); this module turns
them into the typed constants below and offers small lookups. Rules decide what a mismatch is worth.
"""

from __future__ import annotations

import difflib
import enum
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any


class KeyStatus(enum.Enum):
    INSDC = "insdc"  # a current INSDC feature key
    NCBI = "ncbi"  # an NCBI table pseudo-key (becomes a non-INSDC Seq-feat type)
    RETIRED = "retired"  # no longer INSDC; tbl2asn still reads it, the validator complains


class ValueKind(enum.Enum):
    TEXT = "text"
    FLAG = "flag"  # written without a value: /pseudo
    INTEGER = "integer"
    VOCABULARY = "vocabulary"  # one of a fixed list (see VOCABULARIES)
    STRUCTURED = "structured"  # a syntax of its own: transl_except, anticodon, GO terms, db_xref, ...


@dataclass(frozen=True, slots=True)
class FeatureKey:
    name: str
    status: KeyStatus
    mandatory: frozenset[str]
    optional: frozenset[str]
    replacement: str | None = None  # for RETIRED keys: what to write instead
    allowed: frozenset[str] = field(init=False)  # mandatory | optional, kept because readers ask per row

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", self.mandatory | self.optional)


@dataclass(frozen=True, slots=True)
class QualifierDef:
    name: str
    kind: ValueKind
    insdc: bool  # False: NCBI table-only (or NCBI-internal) qualifier
    obsolete: str | None = None  # why it should not be used any more, and what to use


# --- loading ------------------------------------------------------------------------------------------------


@cache
def _tables() -> dict[str, Any]:
    data = resources.files("gbprep.model").joinpath("data", "insdc.toml").read_text(encoding="utf-8")
    return tomllib.loads(data)


def _names(items: Iterable[str], groups: dict[str, list[str]]) -> frozenset[str]:
    """Qualifier names with each ``@GROUP`` replaced by the group's own (recursively expanded) names."""
    out: set[str] = set()
    for item in items:
        out |= _names(groups[item[1:]], groups) if item.startswith("@") else {item}
    return frozenset(out)


def _key(
    name: str,
    optional: Iterable[str],
    mandatory: Iterable[str] = (),
    *,
    status: KeyStatus = KeyStatus.INSDC,
    replacement: str | None = None,
) -> FeatureKey:
    must = frozenset(mandatory)
    return FeatureKey(name, status, must, frozenset(optional) - must, replacement)


def _feature_keys(tables: dict[str, Any]) -> list[FeatureKey]:
    """Current and NCBI keys in table order, then the retired regulatory signals, then the other retired."""
    groups: dict[str, list[str]] = tables["groups"]
    keys = [
        _key(
            row["name"],
            _names(row["optional"], groups) - _names(row.get("without", ()), groups),
            _names(row.get("mandatory", ()), groups),
            status=KeyStatus(row.get("status", "insdc")),
        )
        for row in tables["keys"]
    ]
    signal_quals = _names(("@REGULATORY", "@GENE_XREF_EXTRAS"), groups)
    for old, cls in tables["retired_regulatory"].items():
        replacement = f'regulatory with /regulatory_class="{cls}"'
        keys.append(_key(old, signal_quals, status=KeyStatus.RETIRED, replacement=replacement))
    extras = _names(("@GENE_XREF_EXTRAS",), groups)
    for row in tables["retired"]:
        quals = _names(row["optional"], groups) | extras
        keys.append(_key(row["name"], quals, status=KeyStatus.RETIRED, replacement=row["replacement"]))
    return keys


def _qualifiers(tables: dict[str, Any], keys: list[FeatureKey]) -> dict[str, QualifierDef]:
    """Every qualifier a key allows, NCBI's extras and the obsolete ones, in name order."""
    table = tables["qualifiers"]
    obsolete: dict[str, str] = table["obsolete"]
    insdc = set().union(*(k.allowed for k in keys if k.status is KeyStatus.INSDC)) - _names(
        table["not_insdc"], tables["groups"]
    )
    vocabularies = {*tables["vocabularies"], *tables["prefix_vocabularies"]}
    out: dict[str, QualifierDef] = {}
    for name in sorted(insdc | set(table["ncbi"]) | set(obsolete)):
        if name in vocabularies:
            kind = ValueKind.VOCABULARY
        elif name in table["flags"]:
            kind = ValueKind.FLAG
        elif name in table["integers"]:
            kind = ValueKind.INTEGER
        elif name in table["structured"]:
            kind = ValueKind.STRUCTURED
        else:
            kind = ValueKind.TEXT
        out[name] = QualifierDef(
            name, kind, insdc=name in insdc and name not in obsolete, obsolete=obsolete.get(name)
        )
    return out


_KEYS: list[FeatureKey] = _feature_keys(_tables())
FEATURE_KEYS: dict[str, FeatureKey] = {k.name: k for k in _KEYS}
_KEYS_FOLDED: dict[str, str] = {k.casefold(): k for k in FEATURE_KEYS}

QUALIFIERS: dict[str, QualifierDef] = _qualifiers(_tables(), _KEYS)
# Spellings NCBI's table reader maps onto another qualifier.
QUALIFIER_ALIASES: dict[str, str] = dict(_tables()["qualifier_aliases"])
_QUALIFIERS_FOLDED: dict[str, str] = {q.casefold(): q for q in QUALIFIERS}
_QUALIFIERS_FOLDED.update({a.casefold(): t for a, t in QUALIFIER_ALIASES.items() if t in QUALIFIERS})

# Controlled vocabularies, per qualifier; PREFIX_VOCABULARIES' values may carry ":free text" after the word.
VOCABULARIES: dict[str, frozenset[str]] = {q: frozenset(v) for q, v in _tables()["vocabularies"].items()}
PREFIX_VOCABULARIES: dict[str, frozenset[str]] = {
    q: frozenset(v) for q, v in _tables()["prefix_vocabularies"].items()
}
REGULATORY_CLASSES = VOCABULARIES["regulatory_class"]
NCRNA_CLASSES = VOCABULARIES["ncRNA_class"]
PSEUDOGENE_TYPES = VOCABULARIES["pseudogene"]
GAP_TYPES = VOCABULARIES["gap_type"]
LINKAGE_EVIDENCE = VOCABULARIES["linkage_evidence"]
DIRECTIONS = VOCABULARIES["direction"]
ARTIFICIAL_LOCATIONS = VOCABULARIES["artificial_location"]
MOL_TYPES = VOCABULARIES["mol_type"]
RPT_TYPES = VOCABULARIES["rpt_type"]
BOND_TYPES = VOCABULARIES["bond_type"]
SITE_TYPES = VOCABULARIES["site_type"]
SEC_STR_TYPES = VOCABULARIES["sec_str_type"]
MOBILE_ELEMENT_TYPES = PREFIX_VOCABULARIES["mobile_element_type"]
SATELLITE_TYPES = PREFIX_VOCABULARIES["satellite"]

_VALUES: dict[str, Any] = _tables()["values"]
EXCEPTION_VALUES_INSDC = frozenset[str](_VALUES["exception_insdc"])
EXCEPTION_VALUES_NCBI = frozenset[str](_VALUES["exception_ncbi"])
EXCEPTION_ARTIFICIAL_LOCATION = frozenset[str](_VALUES["exception_artificial_location"])
GENETIC_CODES = frozenset[int](_VALUES["genetic_codes"])
# Value: the one-letter (NCBIeaa) code.
AMINO_ACIDS: dict[str, str] = dict(_tables()["amino_acids"])
_AMINO_FOLDED = {k.casefold(): v for k, v in AMINO_ACIDS.items()}
IUPAC_NUCLEOTIDES = frozenset[str](_VALUES["iupac_nucleotides"])
GO_EVIDENCE_CODES = frozenset[str](_VALUES["go_evidence_codes"])
INFERENCE_TYPES: tuple[str, ...] = tuple(_VALUES["inference_types"])
EVIDENCE_CATEGORIES: tuple[str, ...] = tuple(_VALUES["evidence_categories"])
SEQID_PREFIXES = frozenset[str](_VALUES["seqid_prefixes"])


# --- lookups ------------------------------------------------------------------------------------------------


def feature_key(name: str) -> FeatureKey | None:
    """The key as written (keys are case-sensitive: ``mRNA`` is not ``mrna``)."""
    return FEATURE_KEYS.get(name)


def is_feature_key(name: str) -> bool:
    return name in FEATURE_KEYS


def key_case_mismatch(name: str) -> str | None:
    """The real key when ``name`` differs from one only by case (``Cds`` -> ``CDS``)."""
    real = _KEYS_FOLDED.get(name.casefold())
    return real if real is not None and real != name else None


def canonical_qualifier(name: str) -> str | None:
    """The qualifier's own spelling, ignoring case and NCBI aliases as tbl2asn does; None if unknown."""
    if name in QUALIFIERS:
        return name
    return _QUALIFIERS_FOLDED.get(name.casefold())


def qualifier(name: str) -> QualifierDef | None:
    real = canonical_qualifier(name)
    return QUALIFIERS[real] if real is not None else None


def is_qualifier(name: str) -> bool:
    return canonical_qualifier(name) is not None


def allowed_qualifiers(key: str) -> frozenset[str]:
    found = FEATURE_KEYS.get(key)
    return found.allowed if found else frozenset()


def mandatory_qualifiers(key: str) -> frozenset[str]:
    found = FEATURE_KEYS.get(key)
    return found.mandatory if found else frozenset()


def is_allowed(key: str, qual: str) -> bool:
    """Whether ``qual`` may appear on ``key`` in a table; unknown keys allow nothing."""
    real = canonical_qualifier(qual)
    return real is not None and real in allowed_qualifiers(key)


def is_flag(qual: str) -> bool:
    found = qualifier(qual)
    return found is not None and found.kind is ValueKind.FLAG


# Qualifiers tbl2asn 25.3 takes off a feature that may not carry them without a word (checked by running it):
# a codon_start or protein_id away from a coding region, a gene_synonym away from its gene (it only names the gene
# the feature belongs to). Every other misplaced qualifier stays on the feature and its validator reports it
# (SEQ_FEAT.WrongQualOnFeature, or WrongQualOnImpFeat on a feature of the import kind).
DROPPED_WHEN_MISPLACED = frozenset({"codon_start", "protein_id", "gene_synonym"})


def keys_allowing(qual: str) -> list[str]:
    """Current keys on which ``qual`` is allowed, for a fix text."""
    real = canonical_qualifier(qual) or qual
    return sorted(k.name for k in _KEYS if k.status is not KeyStatus.RETIRED and real in k.allowed)


def in_vocabulary(qual: str, value: str) -> bool | None:
    """True/False for a qualifier with a controlled vocabulary, None when ``qual`` has none.

    Case, ``_`` and ``-`` are ignored the way NCBI normalises them (``align_genus`` is ``align genus``);
    that also accepts ``paired-ends``, whose hyphen is part of the INSDC value.
    """
    real = canonical_qualifier(qual)
    if real is None:
        return None
    if real in VOCABULARIES:
        return _norm_vocab(value) in {_norm_vocab(v) for v in VOCABULARIES[real]}
    if real in PREFIX_VOCABULARIES:
        head = value.split(":", 1)[0].strip()
        return _norm_vocab(head) in {_norm_vocab(v) for v in PREFIX_VOCABULARIES[real]}
    return None


def vocabulary(qual: str) -> frozenset[str]:
    real = canonical_qualifier(qual) or qual
    return VOCABULARIES.get(real) or PREFIX_VOCABULARIES.get(real) or frozenset()


def _norm_vocab(value: str) -> str:
    return " ".join(value.strip().casefold().replace("_", " ").replace("-", " ").split())


def amino_acid(name: str) -> str | None:
    """One-letter code for an amino-acid name or abbreviation (``Met``, ``TERM``, ``Selenocysteine``)."""
    found = AMINO_ACIDS.get(name)
    if found is None:
        found = _AMINO_FOLDED.get(name.strip().casefold())
    return found


def trna_amino_acid(product: str) -> str | None:
    """The amino acid a tRNA product names (``tRNA-Leu(taa)`` -> ``L``), as NCBI's table reader reads it."""
    text = product.strip()
    if text.startswith("tRNA-"):
        text = text[5:]
    for i, ch in enumerate(text):
        if ch in "-,;:()='_~":
            text = text[:i]
            break
    text = text.strip()
    return AMINO_ACIDS.get(text) if text else None


def suggest(name: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """Close spellings for a "did you mean" (case-insensitive)."""
    pool = {c.casefold(): c for c in choices}
    return [pool[m] for m in difflib.get_close_matches(name.casefold(), list(pool), n=limit, cutoff=0.75)]


def suggest_key(name: str) -> list[str]:
    return suggest(name, (k.name for k in _KEYS if k.status is not KeyStatus.RETIRED))


def suggest_qualifier(name: str) -> list[str]:
    return suggest(name, (q for q, d in QUALIFIERS.items() if d.obsolete is None))
