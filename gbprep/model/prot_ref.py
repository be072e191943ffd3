"""Which coding regions tbl2asn makes a protein for: the ones its table reader gives a Prot-ref.

The reader turns a CDS's /product, /prot_desc, /EC_number and /function into a Prot-ref (the protein's names,
description, EC numbers and activities); a CDS with none of them gets no protein unless a .pep file supplies it
(``-M n`` first names it 'hypothetical protein', see ``reader_fixes``).
"""

from __future__ import annotations

from collections.abc import Iterable

from gbprep.model.records import Feature, Qualifier

PROT_REF_QUALIFIERS = frozenset({"product", "prot_desc", "EC_number", "function"})


def has_prot_ref(feature: Feature) -> bool:
    """Whether the CDS has any of ``PROT_REF_QUALIFIERS`` with a value (the reader ignores an empty one)."""
    return any(q.key in PROT_REF_QUALIFIERS and q.value and q.value.strip() for q in feature.qualifiers)


def generated_id(feature: Feature) -> int:
    """1 when tbl2asn names the (non-pseudo) CDS's protein ``<SeqID>_<n>``, else 0: it has a Prot-ref and no
    /protein_id. n counts only such proteins in the record (a CDS with a /protein_id, or with no protein,
    takes no number)."""
    return int(has_prot_ref(feature) and not feature.get("protein_id"))


# RNA keys whose /product tbl2asn's table reader stores as the RNA's name (tRNA has its own parsing; ncRNA,
# tmRNA and misc_RNA keep theirs in an RNA-gen).
_NAMED_RNAS = frozenset({"mRNA", "rRNA", "precursor_RNA", "snRNA", "scRNA", "snoRNA"})
HYPOTHETICAL = "hypothetical protein"


def trailing_comma_fix(name: str) -> str:
    """A product name as tbl2asn's table reader stores it: a final comma (trailing blanks aside) becomes
    ``_`` (``kinase,`` -> ``kinase_``), which its validator then reports as an undesired trailing character."""
    stripped = name.rstrip(" ")
    if stripped.endswith(",") and len(stripped) > 1:
        return stripped[:-1] + "_"
    return name


def reader_fixes(tables: Iterable[Iterable[Feature]], *, fill_hypothetical: bool) -> None:
    """Apply, in place, what tbl2asn's table reader does to names before anything else sees them.

    * CDS and named-RNA /product values ending in a comma end in ``_`` instead (``trailing_comma_fix``);
    * with ``fill_hypothetical`` (``-M n`` or ``-c f``), a CDS without a Prot-ref (no /product,
      /prot_desc, /EC_number or /function) and an mRNA without a /product are named ``hypothetical
      protein``, pseudo or not.

    Running it twice changes nothing more.
    """
    for table in tables:
        for feature in table:
            if feature.key != "CDS" and feature.key not in _NAMED_RNAS:
                continue
            quals = feature.qualifiers
            for i, q in enumerate(quals):
                if q.key == "product" and q.value and q.value.rstrip(" ").endswith(","):
                    quals[i] = Qualifier(q.key, trailing_comma_fix(q.value), q.pos)
            if not fill_hypothetical:
                continue
            unnamed = (
                not has_prot_ref(feature)
                if feature.key == "CDS"
                else feature.key == "mRNA"
                and not any(q.key == "product" and (q.value or "").strip() for q in quals)
            )
            if unnamed:
                quals.append(Qualifier("product", HYPOTHETICAL, feature.pos))


def fills_hypothetical(genome: bool, cleanup: str) -> bool:
    """Whether tbl2asn names unnamed CDSs and mRNAs 'hypothetical protein': ``-M n`` or ``-c f``."""
    return genome or "f" in cleanup
