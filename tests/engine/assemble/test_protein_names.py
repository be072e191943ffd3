"""Protein names as tbl2asn 25.3's cleanup leaves them: the organism taken off the end (each case run through it)."""

from __future__ import annotations

import pytest

from gbprep.assemble import AssembleOptions, assemble_entry
from gbprep.assemble.cleanup import without_organism
from gbprep.model.asntree import descend
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode, Feature, Interval, Qualifier, SequenceRecord, SourceModifier

YEAST = "Saccharomyces cerevisiae"
POS = SourcePos("t.tbl", 2)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("alpha protein [Saccharomyces cerevisiae]", "alpha protein"),
        ("beta protein [saccharomyces CEREVISIAE]", "beta protein"),  # any letter case
        ("delta protein[Saccharomyces cerevisiae]", "delta protein"),
        ("epsilon  protein  [Saccharomyces cerevisiae]", "epsilon protein"),
        ("NADH [Saccharomyces cerevisiae]", "NADH"),
        ("[Saccharomyces cerevisiae]", ""),
        ("gamma protein [Homo sapiens]", "gamma protein [Homo sapiens]"),
        ("zeta [NADH dehydrogenase]", "zeta [NADH dehydrogenase]"),
        ("eta protein [Saccharomyces cerevisiae] x", "eta protein [Saccharomyces cerevisiae] x"),
        ("theta [Saccharomyces cerevisiae S288C]", "theta [Saccharomyces cerevisiae S288C]"),
    ],
)
def test_it_takes_the_organism_off_the_end_of_a_protein_name(name: str, shown: str) -> None:
    assert without_organism(name, YEAST) == shown


def test_the_protein_loses_the_organism_and_the_mrna_keeps_it() -> None:
    product = Qualifier("product", f"ribosomal protein L7 [{YEAST}]", POS)
    cds = Feature("CDS", "c1", POS, [Interval(1, 21, POS)], [product])
    mrna = Feature("mRNA", "c1", POS, [Interval(1, 21, POS)], [product])
    record = SequenceRecord(
        "c1", "", SourcePos("t.fsa", 1), "ATGAAACCCGGGTTTAAATAG", [SourceModifier("organism", YEAST, POS)]
    )
    entry = assemble_entry(record, [mrna, cds], None, AssembleOptions(date=(2026, 3, 4)))
    protein = descend(entry, "seq-set").children[1]  # type: ignore[union-attr]
    assert descend(protein, "descr", "title").value == f"ribosomal protein L7 [{YEAST}]"  # type: ignore[union-attr]
    assert _strings(protein, "name") == ["ribosomal protein L7"]
    nucleotide = descend(entry, "seq-set").children[0]  # type: ignore[union-attr]
    assert _strings(nucleotide, "name") == [f"ribosomal protein L7 [{YEAST}]"]


def _strings(node: AsnNode, name: str) -> list[str]:
    """The text of every ``name`` node under ``node`` (a Prot-ref's names, an RNA-ref's name)."""
    found: list[str] = []
    for child in node.walk():
        if child.name == name:
            found += [str(c.value) for c in child.children] if child.children else [str(child.value)]
    return found
