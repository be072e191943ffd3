"""The molecule a nucleotide sequence is: MolInfo ``biomol`` and ``tech`` and the Seq-inst ``mol``, from its modifiers.

tbl2asn 25.3 reads ``[moltype=]`` (also spelt ``mol_type``, ``mol-type``), ``[tech=]`` and ``[molecule=]`` from
the definition line and the submission-wide modifiers (-j); the first value given counts. A .src table with
such a column is not loaded at all ("not a recognized source qualifier name"). Values are matched
case-blind, with ``-``, ``_`` and spaces read alike; a value tbl2asn does not know is dropped silently, which
leaves the sequence genomic DNA (or no tech). Checked by running tbl2asn on every INSDC /mol_type value and
every MolInfo enum name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from gbprep.model.modifiers import canonical_modifier_name
from gbprep.model.records import SourceModifier

# [moltype=] text (normalised) -> MolInfo biomol. Not the INSDC /mol_type vocabulary: "genomic DNA", "ncRNA",
# "tmRNA", "pre-RNA", "other RNA" are not accepted; "non-coding RNA", "transfer-messenger RNA" are.
_BIOMOLS = {
    "genomic": "genomic",
    "precursor rna": "pre-RNA",
    "mrna": "mRNA",
    "rrna": "rRNA",
    "trna": "tRNA",
    "snrna": "snRNA",
    "scrna": "scRNA",
    "peptide": "peptide",
    "other genetic": "other-genetic",
    "genomic mrna": "genomic-mRNA",
    "crna": "cRNA",
    "snorna": "snoRNA",
    "transcribed rna": "transcribed-RNA",
    "non coding rna": "ncRNA",
    "transfer messenger rna": "tmRNA",
}
# Biomols whose sequence is RNA whatever [molecule=] says; the others are DNA unless [molecule=rna].
RNA_BIOMOLS = frozenset(
    {
        "pre-RNA",
        "mRNA",
        "rRNA",
        "tRNA",
        "snRNA",
        "scRNA",
        "cRNA",
        "snoRNA",
        "transcribed-RNA",
        "ncRNA",
        "tmRNA",
    }
)
# [tech=] values tbl2asn sets; "genemap", "physmap" and "unknown" are MolInfo enum names it drops.
TECHS = frozenset(
    {
        "standard",
        "est",
        "sts",
        "survey",
        "derived",
        "concept-trans",
        "seq-pept",
        "both",
        "seq-pept-overlap",
        "seq-pept-homol",
        "concept-trans-a",
        "htgs-0",
        "htgs-1",
        "htgs-2",
        "htgs-3",
        "fli-cdna",
        "htc",
        "wgs",
        "barcode",
        "composite-wgs-htgs",
        "tsa",
        "targeted",
        "other",
    }
)
_TECHS = {re.sub(r"[\s_-]+", " ", t): t for t in TECHS}


def _norm(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value.strip().lower())


@dataclass(frozen=True, slots=True)
class Molecule:
    """MolInfo ``biomol`` and ``tech`` (None: not set) and Seq-inst ``mol`` ("dna" or "rna")."""

    biomol: str = "genomic"
    mol: str = "dna"
    tech: str | None = None

    @property
    def is_mrna(self) -> bool:
        return self.biomol == "mRNA"


def biomol_of(text: str) -> str:
    """The biomol a ``[moltype=]`` value names; "genomic" for one tbl2asn does not know."""
    return _BIOMOLS.get(_norm(text), "genomic")


def tech_of(text: str) -> str | None:
    """The tech a ``[tech=]`` value names, or None for one tbl2asn does not set."""
    return _TECHS.get(_norm(text))


def molecule_from_values(moltype: str | None, tech: str | None, molecule: str | None) -> Molecule:
    """The molecule from the first ``moltype``, ``tech`` and ``molecule`` values given (None: not given)."""
    biomol = biomol_of(moltype) if moltype is not None else "genomic"
    if biomol in RNA_BIOMOLS or (molecule is not None and molecule.strip().lower() == "rna"):
        mol = "rna"
    else:
        mol = "dna"
    return Molecule(biomol, mol, tech_of(tech) if tech is not None else None)


def molecule_of(modifiers: Iterable[SourceModifier]) -> Molecule:
    """The molecule the modifiers in force describe (defline first, then -j; the first of each name counts)."""
    first: dict[str, str] = {}
    for mod in modifiers:
        name = canonical_modifier_name(mod.name)
        if name in ("mol-type", "tech", "molecule") and name not in first:
            first[name] = mod.value
    return molecule_from_values(first.get("mol-type"), first.get("tech"), first.get("molecule"))
