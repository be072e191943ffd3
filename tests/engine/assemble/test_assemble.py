"""The assembler on small handmade records: tree shape, ids, packing, gaps, and a streamed Seq-submit that
NCBI's text syntax reads back."""

from __future__ import annotations

import io
import pickle

from hypothesis import given
from hypothesis import strategies as st

from gbprep.assemble import AssembleOptions, assemble_entry, assemble_submit
from gbprep.assemble.seqdata import pack_ncbi2na, pack_ncbi4na
from gbprep.model.asntree import descend
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import AsnNode, Feature, Gap, Interval, Qualifier, SequenceRecord, SourceModifier
from gbprep.model.seqids import id_label, protein_ids, seq_ids
from gbprep.readers.asn1text import parse_asn1_text
from gbprep.writers.sqn import write_seq_submit

POS = SourcePos("t.tbl", 5)
OPTIONS = AssembleOptions(date=(2026, 3, 4))


def _record(bases: str = "ATGAAACCCGGGTTTAAATAG" + "ACGT" * 10, **kw: object) -> SequenceRecord:
    mods = [SourceModifier("organism", "Saccharomyces cerevisiae", POS)]
    return SequenceRecord("ctg1", "", SourcePos("t.fsa", 1), bases, mods, **kw)  # type: ignore[arg-type]


def _cds(*quals: tuple[str, str], start: int = 1, stop: int = 21) -> Feature:
    return Feature("CDS", "ctg1", POS, [Interval(start, stop, POS)], [Qualifier(k, v, POS) for k, v in quals])


def test_a_record_with_a_cds_becomes_a_nuc_prot_set() -> None:
    entry = assemble_entry(
        _record(), [_cds(("product", "Thing"), ("protein_id", "gnl|lab|P1"))], None, OPTIONS
    )
    assert entry.name == "set" and descend(entry, "class").value == "nuc-prot"  # type: ignore[union-attr]
    nuc, prot = descend(entry, "seq-set").children  # type: ignore[union-attr]
    assert id_label(descend(nuc, "id").children[0]) == "lcl|ctg1"  # type: ignore[union-attr]
    assert id_label(descend(prot, "id").children[0]) == "gnl|lab|P1"  # type: ignore[union-attr]
    assert descend(prot, "inst", "seq-data", "ncbieaa").value == "MKPGFK"  # type: ignore[union-attr]
    title = descend(prot, "descr", "title")
    assert title is not None and title.value == "Thing [Saccharomyces cerevisiae]"
    cds = descend(entry, "annot").children[0]  # type: ignore[union-attr]
    feat = descend(cds, "data", "ftable").children[0]  # type: ignore[union-attr]
    assert descend(feat, "product", "whole", "general", "db").value == "lab"  # type: ignore[union-attr]
    assert feat.pos == POS  # built nodes point at the user's line


def test_a_cds_without_product_makes_no_protein_as_in_tbl2asn() -> None:
    entry = assemble_entry(_record(), [_cds()], None, OPTIONS)
    assert entry.name == "seq"


def test_the_organism_gets_tbl2asns_offline_lineage() -> None:
    entry = assemble_entry(_record(), [], None, OPTIONS)
    org = descend(entry, "descr", "source", "org")
    assert descend(org, "orgname", "div").value == "PLN"  # type: ignore[union-attr]
    assert descend(org, "common").value == "baker's yeast"  # type: ignore[union-attr]


def test_runs_of_n_become_gaps_with_linkage_evidence() -> None:
    # tbl2asn 25.3, -a r10u: runs of 10 or more Ns are gaps, and only a run of exactly 100 is of unknown length
    # (checked: runs of 12, 100 and 150 give /estimated_length 12, unknown and 150).
    options = AssembleOptions(date=(2026, 3, 4), gap_mode="r10u", linkage_evidence=("paired-ends",))
    bases = "ACGT" * 5 + "N" * 12 + "ACGT" * 5 + "N" * 100 + "ACGT" * 5 + "N" * 150 + "ACGT" * 5
    entry = assemble_entry(_record(bases), [], None, options)
    inst = descend(entry, "inst")
    assert descend(inst, "repr").value == "delta"  # type: ignore[union-attr]
    pieces = descend(inst, "ext", "delta").children  # type: ignore[union-attr]
    assert [descend(p, "length").value for p in pieces] == [20, 12, 20, 100, 20, 150, 20]  # type: ignore[union-attr]
    assert [descend(p, "fuzz", "lim") is not None for p in pieces[1::2]] == [False, True, False]
    assert descend(pieces[1], "seq-data", "gap", "type").value == "scaffold"  # type: ignore[union-attr]


def test_an_assembly_gap_is_linked_only_with_linkage_evidence_as_tbl2asn_writes_it() -> None:
    def gap(gap_type: str, *evidence: str) -> AsnNode:
        quals = [
            Qualifier("gap_type", gap_type, POS),
            *(Qualifier("linkage_evidence", e, POS) for e in evidence),
        ]
        entry = assemble_entry(
            _record("ACGT" * 5 + "N" * 12 + "ACGT" * 5),
            [Feature("assembly_gap", "ctg1", POS, [Interval(21, 32, POS)], quals)],
            None,
            OPTIONS,
        )
        found = descend(descend(entry, "inst", "ext", "delta").children[1], "seq-data", "gap")  # type: ignore[union-attr]
        assert found is not None
        return found

    for gap_type in ("within scaffold", "repeat within scaffold", "contamination"):
        assert descend(gap(gap_type), "linkage").value == "unlinked"  # type: ignore[union-attr]
    assert descend(gap("contamination"), "type").value == "unknown"  # type: ignore[union-attr]
    linked = gap("repeat between scaffolds", "map")
    assert descend(linked, "linkage").value == "linked"  # type: ignore[union-attr]
    assert descend(linked, "type").value == "repeat"  # type: ignore[union-attr]


def test_fasta_gap_lines_become_gaps_too() -> None:
    record = _record("ACGT" * 5 + "N" * 100 + "ACGT", gaps=[Gap(20, 100, True, POS)])
    entry = assemble_entry(record, [], None, OPTIONS)
    assert descend(entry, "inst", "repr").value == "delta"  # type: ignore[union-attr]


def test_ids_are_read_as_ncbi_writes_them() -> None:
    assert [id_label(n) for n in seq_ids("gnl|WGS:AAJJ|TC1|gb|EFA13198", POS)] == [
        "gnl|WGS:AAJJ|TC1",
        "genbank|EFA13198",
    ]
    assert id_label(protein_ids("AAF26460.1", POS)[0]) == "genbank|AAF26460.1"
    assert id_label(protein_ids("KAF1903245.1", POS)[0]) == "lcl|KAF1903245.1"  # too new for tbl2asn 25.3
    assert id_label(protein_ids("NP_051037.1", POS)[0]) == "other|NP_051037.1"


@given(st.text("ACGT", max_size=40))
def test_ncbi2na_packs_four_bases_a_byte(bases: str) -> None:
    packed = pack_ncbi2na(bases)
    assert len(packed) == (len(bases) + 3) // 4
    letters = "".join("ACGT"[(b >> s) & 3] for b in packed for s in (6, 4, 2, 0))
    assert letters[: len(bases)] == bases


@given(st.text("ACGTNRYKM", max_size=40))
def test_ncbi4na_packs_two_bases_a_byte(bases: str) -> None:
    alphabet = "-ACMGRSVTWYHKDBN"
    packed = pack_ncbi4na(bases)
    letters = "".join(alphabet[(b >> s) & 15] for b in packed for s in (4, 0))
    assert letters[: len(bases)] == bases


def test_entries_pickle_for_a_process_pool() -> None:
    entry = assemble_entry(_record(), [_cds(("product", "Thing"))], None, OPTIONS)
    assert pickle.loads(pickle.dumps(entry)) == entry


def test_a_streamed_seq_submit_reads_back() -> None:
    options = AssembleOptions(date=(2026, 3, 4), fasta_set=True, hold_until=(2027, 1, 1), comment="Hello")
    header = assemble_submit(None, options)
    out = io.StringIO()
    entries = (assemble_entry(_record(), [], None, options, first=i == 0) for i in range(3))
    assert write_seq_submit(out, header, entries) == 3
    report = Report()
    (tree,) = parse_asn1_text(out.getvalue(), report)
    assert not report.findings
    assert descend(tree, "sub", "hup").value is True  # type: ignore[union-attr]
    assert descend(tree, "sub", "tool").value == "tbl2asn 25.3 - LINUX UNIX"  # type: ignore[union-attr]
    members = descend(tree, "data", "entrys", "set", "seq-set").children  # type: ignore[union-attr]
    assert len(members) == 3
    assert descend(members[0], "descr", "comment").value == "Hello"  # type: ignore[union-attr]
