"""Gene locations the assembler changes as tbl2asn 25.3 does (each case run through it)."""

from __future__ import annotations

from gbprep.assemble import AssembleOptions, assemble_entry
from gbprep.assemble.genes import extend_single_gene_on_mrna
from gbprep.model.asntree import descend
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode, Feature, Interval, Qualifier, SequenceRecord, SourceModifier

POS = SourcePos("t.tbl", 2)


def _feature(key: str, *rows: tuple[int, int], start5: bool = False, stop3: bool = False) -> Feature:
    intervals = [Interval(a, b, POS) for a, b in rows]
    intervals[0] = Interval(rows[0][0], rows[0][1], POS, partial_start=start5)
    last = intervals[-1]
    intervals[-1] = Interval(last.start, last.stop, POS, partial_start=last.partial_start, partial_stop=stop3)
    return Feature(key, "m1", POS, intervals, [Qualifier("gene", "abc", POS)] if key == "gene" else [])


def _rows(feature: Feature) -> list[tuple[int, int, bool, bool]]:
    return [(i.start, i.stop, i.partial_start, i.partial_stop) for i in feature.intervals]


def test_it_stretches_an_mrnas_only_gene_over_the_sequence_keeping_its_partial_ends() -> None:
    minus = extend_single_gene_on_mrna([_feature("gene", (443, 176), start5=True)], 478, "mRNA")
    assert _rows(minus[0]) == [(478, 1, True, False)]  # complement(1..>478)
    plus = _feature("gene", (10, 100), stop3=True)
    assert _rows(extend_single_gene_on_mrna([plus, _feature("CDS", (20, 90))], 160, "mRNA")[0]) == [
        (1, 160, False, True)
    ]
    joined = extend_single_gene_on_mrna([_feature("gene", (6, 50), (60, 155))], 160, "mRNA")
    assert _rows(joined[0]) == [(1, 160, False, False)]


def test_it_leaves_genes_alone_off_mrna_or_with_two_genes_or_two_cdss() -> None:
    gene = _feature("gene", (10, 100))
    assert extend_single_gene_on_mrna([gene], 160, "genomic")[0] is gene
    two_genes = [gene, _feature("gene", (120, 150))]
    assert extend_single_gene_on_mrna(two_genes, 160, "mRNA") == two_genes
    two_cdss = [gene, _feature("CDS", (10, 100)), _feature("CDS", (10, 100))]
    assert extend_single_gene_on_mrna(two_cdss, 160, "mRNA")[0] is gene


def test_the_sqn_gene_of_an_mrna_record_covers_it() -> None:
    mods = [SourceModifier("organism", "Homo sapiens", POS), SourceModifier("moltype", "mRNA", POS)]
    record = SequenceRecord("m1", "", SourcePos("t.fsa", 1), "ACGT" * 40, mods)
    entry = assemble_entry(record, [_feature("gene", (20, 155))], None, AssembleOptions(date=(2026, 3, 4)))
    location = _find(entry, "location")
    assert location is not None
    assert descend(location, "int", "from").value == 0  # type: ignore[union-attr]
    assert descend(location, "int", "to").value == 159  # type: ignore[union-attr]


def _find(node: AsnNode, name: str) -> AsnNode | None:
    if node.name == name:
        return node
    for child in node.children or ():
        found = _find(child, name)
        if found is not None:
            return found
    return None
