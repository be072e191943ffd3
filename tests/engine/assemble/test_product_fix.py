"""tbl2asn's suspect product-name autofix under -M n (each expectation from tbl2asn 25.3 with NCBI's rule file)."""

from __future__ import annotations

import pytest

from gbprep.assemble import AssembleOptions, assemble_entry
from gbprep.assemble.product_fix import fix_name, load_fixes
from gbprep.discrepancy.products import NCBI_DATA_RULES
from gbprep.model.asntree import descend
from gbprep.model.diagnostics import SourcePos
from gbprep.model.records import AsnNode, Feature, Interval, Qualifier, SequenceRecord, SourceModifier

pytestmark = pytest.mark.skipif(
    not NCBI_DATA_RULES.is_file(), reason=f"no NCBI rule file at {NCBI_DATA_RULES} (Debian's ncbi-data)"
)
POS = SourcePos("t.tbl", 2)
YEAST = "Saccharomyces cerevisiae"


@pytest.mark.parametrize(
    ("name", "fixed", "moved"),
    [
        ("predicted protein", "hypothetical protein", False),  # weasel words dropped with the whole name
        ("probable transporter", "putative transporter", False),  # the text found, replaced where it stands
        ("Probable transporter", "putative transporter", False),
        (
            "probable putative transporter",
            "putative transporter",
            False,
        ),  # a second rule on the first's result
        ("similar to actin", "hypothetical protein", True),
        ("hypothetical protein, partial", "hypothetical protein", False),  # 'partial' stands for 'gene'
        ("conserved hypothetical protein", "hypothetical protein", False),
        ("haem oxygenase", "heme oxygenase", False),
        ("Haemoglobin", "hemoglobin", False),
        ("Low Quality Protein: actin", "actin", False),
        ("probable", "hypothetical protein", False),
        ("Hypothetical Protein", "Hypothetical Protein", False),
        ("kinase, putative", "kinase, putative", False),
        ("Drosophila kinase", "Drosophila kinase", False),  # remove-organism-name: not fixed
        ("kinase and related enzymes", "kinase and related enzymes", False),  # description: not fixed
    ],
)
def test_it_fixes_names_as_tbl2asn_does(name: str, fixed: str, moved: bool) -> None:
    assert fix_name(name, load_fixes(str(NCBI_DATA_RULES))) == (fixed, moved)


def _entry(genome_mode: bool, *cds_quals: tuple[str, str]) -> AsnNode:
    record = SequenceRecord(
        "c1", "", SourcePos("t.fsa", 1), "ATGAAACCCGGGTTTAAATAG", [SourceModifier("organism", YEAST, POS)]
    )
    gene = Feature("gene", "c1", POS, [Interval(1, 21, POS)], [Qualifier("locus_tag", "LT_1", POS)])
    mrna = Feature("mRNA", "c1", POS, [Interval(1, 21, POS)], [Qualifier("product", "foo protein", POS)])
    cds = Feature("CDS", "c1", POS, [Interval(1, 21, POS)], [Qualifier(k, v, POS) for k, v in cds_quals])
    options = AssembleOptions(date=(2026, 3, 4), genome_mode=genome_mode)
    return assemble_entry(record, [gene, mrna, cds], None, options)


def _texts(node: AsnNode, name: str) -> list[str]:
    found: list[str] = []
    for child in node.walk():
        if child.name == name:
            found += [str(c.value) for c in child.children] if child.children else [str(child.value)]
    return found


def test_under_m_n_the_protein_and_its_mrna_take_the_new_name_and_the_note_the_old() -> None:
    entry = _entry(True, ("product", "similar to actin"), ("note", "abc"))
    nucleotide, protein = descend(entry, "seq-set").children  # type: ignore[union-attr]
    assert _texts(protein, "name") == ["hypothetical protein"]
    assert descend(protein, "descr", "title").value == f"hypothetical protein LT_1 [{YEAST}]"  # type: ignore[union-attr]
    assert _texts(nucleotide, "name") == ["hypothetical protein"]  # the mRNA, whatever it was called
    assert _texts(entry, "comment") == ["abc; similar to actin"]


def test_names_stay_without_m_n_and_on_a_pseudo_cds() -> None:
    plain = _entry(False, ("product", "similar to actin"))
    assert _texts(descend(plain, "seq-set").children[1], "name") == ["similar to actin"]  # type: ignore[union-attr]
    pseudo = _entry(True, ("product", "probable kinase"), ("pseudo", ""))
    assert "probable kinase" in _texts(pseudo, "name") and "foo protein" in _texts(pseudo, "name")
