"""The FASTA reader: one test per finding (at the right line and column), properties, and the real corpus."""

from __future__ import annotations

import gzip
import io
import tempfile
import tracemalloc
from pathlib import Path
from typing import Literal

import pytest
from Bio.SeqIO.FastaIO import SimpleFastaParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.diagnostics import CODES, Finding, Report, Severity
from gbprep.model.records import ProteinRecord, SequenceRecord
from gbprep.model.seqids import seq_id_keys
from gbprep.readers import textio
from gbprep.readers.fasta import LINE_FINDINGS_PER_RECORD, read_fasta, read_protein_fasta
from gbprep.readers.textio import CHUNK, DEFAULT_LIMITS, ReadLimits
from tests.shared_data import CORPUS, requires_corpus


def _write(directory: Path, content: str | bytes, name: str) -> Path:
    path = directory / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def read(
    tmp_path: Path, content: str | bytes, name: str = "x.fsa", limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[list[SequenceRecord], Report]:
    report = Report()
    records = list(read_fasta(_write(tmp_path, content, name), report, limits=limits))
    return records, report


def read_pep(
    tmp_path: Path, content: str, kind: Literal["pep", "rna"] = "pep"
) -> tuple[list[ProteinRecord], Report]:
    report = Report()
    records = list(read_protein_fasta(_write(tmp_path, content, f"x.{kind}"), report, kind=kind))
    return records, report


def only(report: Report, code: str) -> Finding:
    found = [f for f in report if f.code == code]
    assert len(found) == 1, f"expected one {code}, got {[f.render() for f in report]}"
    return found[0]


def where(finding: Finding) -> tuple[int, int | None]:
    assert finding.pos is not None
    return finding.pos.line, finding.pos.column


def serious(report: Report) -> list[str]:
    return [f.render() for f in report if f.severity >= Severity.WARNING]


# -- well-formed input ---------------------------------------------------------------------------------------


def test_records_titles_modifiers_and_line_map(tmp_path: Path) -> None:
    records, report = read(
        tmp_path,
        ">c1 [organism=Saccharomyces cerevisiae] [strain=S288C] chromosome XVI\nacgtn\nRYKM\n"
        ">c2 [topology=circular]\nAC\n",
    )
    assert not serious(report)
    first, second = records
    assert (first.seq_id, first.title, first.residues) == ("c1", "chromosome XVI", "ACGTNRYKM")
    assert [(m.name, m.value, m.pos.column) for m in first.modifiers] == [
        ("organism", "Saccharomyces cerevisiae", 5),
        ("strain", "S288C", 41),
    ]
    assert first.pos.line == 1
    assert [first.line_map.line_of(i) for i in (0, 4, 5, 8)] == [2, 2, 3, 3]
    assert (second.seq_id, second.title, second.residues, second.modifier("topology")) == (
        "c2",
        "",
        "AC",
        "circular",
    )


def test_modifier_names_are_tolerant_like_tbl2asn(tmp_path: Path) -> None:
    records, report = read(
        tmp_path,
        ">a [organism= Lacinutrix jangbogonensis] [Isolation-Source = soil] [org=homo sapiens] \t\nACGT\n"
        ">b [MOL_TYPE=genomic DNA] [culture collection=ATCC:1] [dbxref=taxon:1]\nACGT\n",
    )
    assert [(m.name, m.value) for m in records[0].modifiers] == [
        ("organism", "Lacinutrix jangbogonensis"),
        ("isolation_source", "soil"),
        ("organism", "homo sapiens"),
    ]
    assert [m.name for m in records[1].modifiers] == ["moltype", "culture_collection", "db_xref"]
    assert records[0].title == ""
    only(report, "FASTA.RepeatedModifier")  # two different organisms on one line


def test_unknown_modifier_stays_in_title_with_a_suggestion(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">p [organism=Yersinia pestis] [plasmid=pPCP1]\nACGT\n")
    finding = only(report, "FASTA.UnknownModifier")
    assert where(finding) == (1, 31)
    assert finding.severity == Severity.WARNING
    assert "plasmid-name" in finding.message
    assert finding.ncbi == "SEQ_DESCR.FastaBracketTitle"
    assert records[0].title == "[plasmid=pPCP1]"
    assert records[0].modifier("plasmid") is None


def test_plain_bracketed_text_is_title(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">p hypothetical protein [Homo sapiens]\nACGT\n")
    assert not serious(report)
    assert records[0].title == "hypothetical protein [Homo sapiens]"


def test_unclosed_bracket_loses_the_modifier(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">a [organism=Homo sapiens [strain=x]\nACGT\n")
    finding = only(report, "FASTA.UnbalancedBracket")
    assert where(finding) == (1, 4)
    assert finding.severity == Severity.ERROR
    assert records[0].modifier("organism") is None
    assert records[0].modifier("strain") == "x"


def test_stray_closing_bracket_is_a_warning(tmp_path: Path) -> None:
    _, report = read(tmp_path, ">a [strain=x] note]\nACGT\n")
    finding = only(report, "FASTA.UnbalancedBracket")
    assert where(finding) == (1, 19)
    assert finding.severity == Severity.WARNING


@pytest.mark.parametrize(
    ("modifier", "severity"),
    [
        ("[topology=round]", Severity.WARNING),
        ("[gcode=7]", Severity.ERROR),
        ("[mgcode=x]", Severity.ERROR),
        ("[location=mitochondria]", Severity.WARNING),
        ("[strain=]", Severity.WARNING),
    ],
)
def test_modifier_values(tmp_path: Path, modifier: str, severity: Severity) -> None:
    records, report = read(tmp_path, f">a {modifier}\nACGT\n")
    finding = only(report, "FASTA.ModifierValue")
    assert where(finding) == (1, 4)
    assert finding.severity == severity
    if modifier == "[strain=]":
        assert records[0].modifiers == []


def test_good_modifier_values(tmp_path: Path) -> None:
    _, report = read(
        tmp_path,
        ">a [gcode=11] [mgcode=4] [topology=Circular] [location=Mitochondrion] [moltype=genomic DNA] "
        "[tech=wgs] [completeness=complete] [location=plasmid-in-plastid]\nACGT\n",
    )
    assert [f.code for f in report] == ["FASTA.RepeatedModifier"]  # location given twice


def test_repeated_same_value_is_a_warning(tmp_path: Path) -> None:
    _, report = read(tmp_path, ">a [topology=linear] [topology=linear]\nACGT\n")
    finding = only(report, "FASTA.RepeatedModifier")
    assert where(finding) == (1, 22)
    assert finding.severity == Severity.WARNING


# -- SeqIDs --------------------------------------------------------------------------------------------------


def test_seqid_length_limit_is_50(tmp_path: Path) -> None:
    ok, too_long = "a" * 50, "b" * 51
    _, report = read(tmp_path, f">{ok}\nACGT\n>{too_long}\nACGT\n")
    finding = only(report, "FASTA.SeqIdTooLong")
    assert where(finding) == (3, 2)
    assert finding.severity == Severity.ERROR
    assert finding.ncbi == "SEQ_INST.BadSeqIdLength"


def test_seqid_characters(tmp_path: Path) -> None:
    _, report = read(tmp_path, '>ab"c\nACGT\n>ok:1*#.-_\nACGT\n>a/b\nACGT\n')
    refused = only(report, "FASTA.SeqIdInvalidCharacter")
    assert where(refused) == (1, 4)
    assert refused.severity == Severity.ERROR
    advised = only(report, "FASTA.SeqIdUnusualCharacter")
    assert where(advised) == (5, 3)
    assert advised.severity == Severity.WARNING


def test_no_space_before_modifier(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">contig1[organism=Homo sapiens]\nACGT\n")
    assert where(only(report, "FASTA.SeqIdInvalidCharacter")) == (1, 9)
    assert records[0].seq_id == "contig1"
    assert records[0].modifier("organism") == "Homo sapiens"


def test_ncbi_id_forms(tmp_path: Path) -> None:
    records, report = read(
        tmp_path,
        ">lcl|Sequence_1|gnl|BankIt|SUB176067_Sequence_1\nACGT\n>gnl|Prokka|contig000001 Arthrobacter\nACGT\n"
        ">gi|172344|gb|M65061.1|YSCRAD57A [organism=x]\nACGT\n>contig|1\nACGT\n",
    )
    assert [r.seq_id for r in records][:2] == [
        "lcl|Sequence_1|gnl|BankIt|SUB176067_Sequence_1",
        "gnl|Prokka|contig000001",
    ]
    assert records[1].title == "Arthrobacter"
    database = only(report, "FASTA.DatabaseSeqId")
    assert where(database) == (5, 2)
    assert database.severity == Severity.WARNING
    bad = only(report, "FASTA.BadSeqIdFormat")
    assert where(bad) == (7, 8)
    assert bad.severity == Severity.ERROR


def test_seq_id_keys_match_feature_table_spellings() -> None:
    fasta = set(seq_id_keys("gi|172344|gb|M65061.1|YSCRAD57A"))
    assert fasta & set(seq_id_keys("gb|M65061.1|YSCRAD57A"))
    assert seq_id_keys("contig1") == seq_id_keys("lcl|contig1") == ("lcl|contig1",)
    assert seq_id_keys("lcl|A1|gnl|BankIt|SUB_A1") == ("lcl|A1", "gnl|BankIt|SUB_A1")


def test_accession_like_seqid_is_info(tmp_path: Path) -> None:
    _, report = read(tmp_path, ">CM021111.1\nACGT\n>NC_000932\nACGT\n>DDB0232440\nACGT\n")
    found = [where(f) for f in report if f.code == "FASTA.SeqIdLooksLikeAccession"]
    assert found == [(1, 2), (3, 2)]
    assert all(f.severity == Severity.INFO for f in report)


def test_missing_seqid_and_space_before_it(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">\nACGT\n> c2\nACGT\n")
    assert where(only(report, "FASTA.MissingSeqId")) == (1, 2)
    assert where(only(report, "FASTA.SpaceBeforeSeqId")) == (3, 2)
    assert [r.seq_id for r in records] == ["", "c2"]


def test_duplicate_seqid_names_the_first_line(tmp_path: Path) -> None:
    _, report = read(
        tmp_path, ">contig1\nACGT\n>contig2\nAC\n>contig1 again\nGG\n>lcl|contig2\nA\n>CONTIG2\nA\n"
    )
    duplicates = [f for f in report if f.code == "FASTA.DuplicateSeqId"]
    assert [(where(f), f.severity) for f in duplicates] == [
        ((5, 2), Severity.ERROR),
        ((7, 2), Severity.ERROR),
    ]
    assert "line 1" in duplicates[0].message
    assert "line 3" in duplicates[1].message
    case = only(report, "FASTA.SeqIdCaseConflict")
    assert where(case) == (9, 2)
    assert "line 3" in case.message


def test_sequence_pasted_into_the_defline(tmp_path: Path) -> None:
    _, report = read(tmp_path, ">c1 ACGTACGTACGTACGTACGTACGT\nACGT\n>ACGTACGTACGTACGTACGTACGTACGTACGT\nAC\n")
    found = [(where(f), f.severity) for f in report if f.code == "FASTA.SequenceInDefline"]
    assert found == [((1, 5), Severity.WARNING), ((3, 2), Severity.ERROR)]


def test_header_longer_than_the_cap(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1 " + "x" * 200 + "\nACGT\n", limits=ReadLimits(max_line_chars=100))
    assert where(only(report, "FASTA.HeaderTooLong")) == (1, 1)
    assert records[0].residues == "ACGT"
    assert len(records[0].title) < 100


# -- residues ------------------------------------------------------------------------------------------------


def test_invalid_characters_one_finding_per_line(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\nACGT\nACGTEF*JAC\nGGXG\n")
    first, second = [f for f in report if f.code == "FASTA.InvalidResidue"]
    assert where(first) == (3, 5)
    assert "4 characters" in first.message
    assert first.severity == Severity.ERROR
    assert first.ncbi == "SEQ_INST.InvalidResidue"
    assert where(second) == (4, 3)
    assert "write unknown bases as N" in second.message
    assert records[0].residues == "ACGTACGTACGGG"


def test_spaces_and_digits_like_a_genbank_origin_block(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\n        1 acgtacgtac gtacgtacgt\n       21 aa\n")
    assert records[0].residues == "ACGTACGTACGTACGTACGTAA"
    finding = only(report, "FASTA.DigitsInSequence")
    assert where(finding) == (2, 9)
    assert "3 digits" in finding.message
    assert finding.severity == Severity.WARNING
    assert len(report) == 1


def test_hyphens_are_dropped_and_reported(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\nACGT\nAC--GT\n--\n")
    finding = only(report, "FASTA.HyphenInSequence")
    assert where(finding) == (3, 3)
    assert "4 '-'" in finding.message
    assert finding.severity == Severity.ERROR
    assert records[0].residues == "ACGTACGT"


def test_comment_line_inside_record(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\nACGT\n; a comment\nGG\n")
    assert where(only(report, "FASTA.CommentLine")) == (3, 1)
    assert records[0].residues == "ACGTGG"


def test_empty_records(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\n>c2\nACGT\n>c3\n\n")
    assert [where(f) for f in report if f.code == "FASTA.EmptySequence"] == [(1, 1), (4, 1)]
    assert [len(r) for r in records] == [0, 4, 0]


def test_blank_lines_crlf_bom_and_gzip_are_accepted(tmp_path: Path) -> None:
    raw = "\ufeff>c1 [organism=x]\r\nACGT\r\n\r\nacgt\r\n\r\n>c2\r\nGG"
    records, report = read(tmp_path, raw)
    assert not serious(report)
    assert [(r.seq_id, r.residues) for r in records] == [("c1", "ACGTACGT"), ("c2", "GG")]
    zipped, zreport = read(tmp_path, gzip.compress(raw.encode()), name="x.fsa.gz")
    assert [(r.seq_id, r.residues) for r in zipped] == [("c1", "ACGTACGT"), ("c2", "GG")]
    assert not serious(zreport)


def test_protein_in_a_nucleotide_file_is_one_finding(tmp_path: Path) -> None:
    protein = "MYKIVTSPAILVTDFMYVGGIGAAFLNAVLIFSFNFFL\n" * 30
    records, report = read(tmp_path, f">WS1030\n{protein}>c2\nACGTNNNN\n")
    finding = only(report, "FASTA.ProteinInNucleotideFile")
    assert where(finding) == (1, 1)
    assert finding.severity == Severity.ERROR
    assert [f.code for f in report] == ["FASTA.ProteinInNucleotideFile"]
    assert records[1].residues == "ACGTNNNN"


def test_many_bad_lines_are_capped_with_a_summary(tmp_path: Path) -> None:
    lines = "".join("ACGT!ACGT\n" for _ in range(LINE_FINDINGS_PER_RECORD + 15))
    _, report = read(tmp_path, f">c1\n{lines}")
    found = [f for f in report if f.code == "FASTA.InvalidResidue"]
    assert len(found) == LINE_FINDINGS_PER_RECORD + 1
    assert where(found[-1]) == (LINE_FINDINGS_PER_RECORD + 2, None)
    assert "15 more lines" in found[-1].message


def test_a_long_single_line_is_read_in_fragments(tmp_path: Path) -> None:
    size = 3 * CHUNK + 12345
    bad_at = 2 * CHUNK + 777  # 0-based, in the third fragment
    line = bytearray(b"ACGT" * (size // 4))
    line[bad_at] = ord("!")
    records, report = read(tmp_path, b">big\n" + bytes(line) + b"\n>small\nAC\n")
    finding = only(report, "FASTA.InvalidResidue")
    assert where(finding) == (2, bad_at + 1)
    assert len(records[0]) == len(line) - 1
    assert records[1].residues == "AC"


@pytest.mark.parametrize("width", [None, 60])
def test_memory_stays_near_the_sequence_size(tmp_path: Path, width: int | None) -> None:
    size = (4 if width else 16) * CHUNK  # tracemalloc slows every allocation, and short lines allocate a lot
    residues = b"acgt" * (size // 4)
    if width:
        residues = b"\n".join(residues[i : i + width] for i in range(0, size, width))
    path = _write(tmp_path, b">big\n" + residues + b"\n", "big.fsa")
    tracemalloc.start()
    try:
        report = Report()
        lengths = [len(r) for r in read_fasta(path, report)]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert lengths == [size]
    # the pieces plus the joined string (two copies), plus 16 bytes of line map per line; never a third copy
    assert peak < 2.5 * size + (16 * size // width if width else 0), peak


# -- gap lines -----------------------------------------------------------------------------------------------


def test_gap_lines_become_gaps_and_ns(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">c1\nACGT\n>?unk100\nGG\n>? 5 [gap-type=within scaffold]\nT\n")
    assert not list(report)
    (record,) = records
    assert record.residues == "ACGT" + "N" * 100 + "GG" + "N" * 5 + "T"
    assert [(g.offset, g.length, g.unknown_length, g.pos.line) for g in record.gaps] == [
        (4, 100, True, 3),
        (106, 5, False, 5),
    ]
    assert record.line_map.line_of(50) == 3
    assert record.line_map.line_of(104) == 4


@pytest.mark.parametrize(
    ("text", "line", "severity"),
    [
        (">?\nACGT\n>c1\nAC\n", 1, Severity.ERROR),  # before any record
        (">c1\nAC\n>?unk\nAC\n", 3, Severity.ERROR),  # no length
        (">c1\nAC\n>?0\nAC\n", 3, Severity.ERROR),
        (">c1\nAC\n>?99999999999999999999\n", 3, Severity.ERROR),
        (">c1\nAC\n>?100 within scaffold\nAC\n", 3, Severity.WARNING),  # junk after the length
    ],
)
def test_bad_gap_lines(tmp_path: Path, text: str, line: int, severity: Severity) -> None:
    _, report = read(tmp_path, text)
    finding = only(report, "FASTA.BadGapLine")
    assert where(finding) == (line, 1)
    assert finding.severity == severity


@pytest.mark.timeout(60)
def test_pathological_lines_take_linear_time(tmp_path: Path) -> None:
    """Quadratic scans of a 1 MiB line would take hours; these finish in about a second."""
    n = 400_000
    header = ">" + "A" * n + " " + "[" * n + "x=" + " " * n + "]" * n + " [a=b]" * (n // 6) + "\n"
    gap = ">?100 [a=b]" + " " * n + "x\n"
    data = header + "ACGT\n" + gap + "ACGT" * n + "!\n"
    records, report = read(tmp_path, data, limits=ReadLimits(max_line_chars=4 * n))
    assert len(records[0]) == 4 + 100 + 4 * n
    assert {"FASTA.SeqIdTooLong", "FASTA.UnbalancedBracket", "FASTA.BadGapLine"} <= set(report.codes())


# -- not FASTA at all ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "looks_like"),
    [
        ("LOCUS       AC007323   86436 bp    DNA     linear   PLN 20-MAR-2000\nDEFINITION  x\n", "GenBank"),
        ("##gff-version 3\nchr1\t.\tgene\t1\t100\t.\t+\t.\tID=g1\n", "GFF3"),
        ("Submit-block ::= {\n  contact {\n", "ASN.1"),
        ("@read1\nACGT\n+\nIIII\n", "FASTQ"),
        ("SeqID\torganism\tstrain\nc1\tHomo sapiens\tx\n", "source-modifier table"),
        (">Feature contig1\n1\t100\tgene\n\t\t\tgene\tabc\n", "feature table"),
    ],
)
def test_other_formats_are_named(tmp_path: Path, text: str, looks_like: str) -> None:
    records, report = read(tmp_path, text)
    finding = only(report, "FASTA.NotFasta")
    assert finding.severity == Severity.REJECT
    assert looks_like in finding.message
    assert where(finding) == (1, 1)
    assert records == []


def test_a_sequence_named_feature_is_still_fasta(tmp_path: Path) -> None:
    records, report = read(tmp_path, ">Feature\nACGT\n")
    assert not serious(report)
    assert records[0].residues == "ACGT"


def test_sequence_without_header(tmp_path: Path) -> None:
    records, report = read(tmp_path, "ACGTACGT\nacgt\n")
    assert where(only(report, "FASTA.NoHeader")) == (1, 1)
    assert records == []


def test_text_without_any_header_is_not_fasta(tmp_path: Path) -> None:
    _, report = read(tmp_path, "Dear curator,\nplease find my genome.\n")
    assert only(report, "FASTA.NotFasta").severity == Severity.REJECT


def test_only_blank_lines(tmp_path: Path) -> None:
    _, report = read(tmp_path, "\n\n  \n")
    assert where(only(report, "FASTA.NoRecords")) == (1, None)


@pytest.mark.parametrize(
    ("text", "severity", "words"),
    [
        ("ACGT\nACGT\n>c1\nAC\n", Severity.ERROR, "Lines 1-2"),
        ("; made by hand\n# v2\n>c1\nAC\n", Severity.WARNING, "comments"),
        ("my genome\n>c1\nAC\n", Severity.ERROR, "Line 1 "),
    ],
)
def test_text_before_first_header(tmp_path: Path, text: str, severity: Severity, words: str) -> None:
    records, report = read(tmp_path, text)
    finding = only(report, "FASTA.TextBeforeFirstHeader")
    assert where(finding) == (1, 1)
    assert finding.severity == severity
    assert words in finding.message
    assert [r.residues for r in records] == ["AC"]


# -- .pep and .rna -------------------------------------------------------------------------------------------


def test_pep_records_keep_their_bracketed_title(tmp_path: Path) -> None:
    records, report = read_pep(tmp_path, ">WS1030 [gene=sde3p] [protein=SDE3P]\nMYKIV\nTSPA*\n")
    assert not list(report)
    assert [(r.seq_id, r.title, r.residues) for r in records] == [
        ("WS1030", "[gene=sde3p] [protein=SDE3P]", "MYKIVTSPA")
    ]


def test_pep_problems(tmp_path: Path) -> None:
    _, report = read_pep(tmp_path, ">p1\nMK*L\nMKL1\n>p2\n" + "ACGTACGTACGTACGTACGTACGT\n" + ">?100\n")
    stop = only(report, "FASTA.StopInProtein")
    assert where(stop) == (2, None)
    assert stop.severity == Severity.ERROR
    assert where(only(report, "FASTA.DigitsInSequence")) == (3, 4)
    assert where(only(report, "FASTA.NucleotideInProteinFile")) == (4, 1)
    assert where(only(report, "FASTA.BadGapLine")) == (6, 1)


def test_rna_uses_the_nucleotide_alphabet(tmp_path: Path) -> None:
    records, report = read_pep(tmp_path, ">t1 [product=x]\nACGUacgu\nACGE\n", kind="rna")
    assert records[0].residues == "ACGUACGUACG"
    assert where(only(report, "FASTA.InvalidResidue")) == (3, 4)


# -- every finding is usable ---------------------------------------------------------------------------------

_KITCHEN_SINK = (
    "ACGT\n>\n> sp\n>"
    + "x" * 60
    + '\nAC\n>a"b [gcode=99] [org=x] [org=y] [plasmid=p] [note=x\nAC!\nA-1\n;c\n'
    ">a/b\n>?7\n>?x\n>gb|AB000001|X\nAC\n>gb|AB000001|X\nAC\n>contig|1 ACGTACGTACGTACGTACGTACGT\nAC\n"
    ">prot\n" + "MYKIVTSPAILVTDFMYVGGIGAAFLNAVLIFSFNFFL\n" * 3
)


def test_every_finding_has_a_declared_code_a_place_and_a_fix(tmp_path: Path) -> None:
    _, report = read(tmp_path, _KITCHEN_SINK, name="mine.fsa")
    assert len(report) >= 15
    for finding in report:
        assert finding.code in CODES
        assert finding.code.startswith(("FASTA.", "READ."))
        assert finding.pos is not None
        assert finding.pos.file == "mine.fsa"
        assert finding.pos.line >= 1
        assert finding.message
        assert finding.fix


# -- properties ----------------------------------------------------------------------------------------------

_ID = st.from_regex(r"[A-Za-z][A-Za-z0-9_.:*#-]{0,40}", fullmatch=True).filter(
    lambda s: s[-1] not in "ACGTNacgtn"
)
_RESIDUES = st.text(alphabet="ACGTNRYKMSWBDHVacgtnrykmswbdhv", min_size=1, max_size=300)
_TITLE = st.text(alphabet="abcdefghijk xyz.,()", max_size=30)


def _read_bytes(data: bytes, *, protein: bool = False) -> tuple[list[SequenceRecord], Report]:
    """Hypothesis forbids function-scoped fixtures such as tmp_path, hence a directory per example."""
    report = Report()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "in.fsa"
        path.write_bytes(data)
        if protein:
            list(read_protein_fasta(path, report))
            return [], report
        return list(read_fasta(path, report)), report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.tuples(_ID, _TITLE, _RESIDUES, st.booleans()),
        min_size=1,
        max_size=6,
        unique_by=lambda r: r[0].lower(),
    ),
    width=st.integers(min_value=1, max_value=120),
    newline=st.sampled_from(["\n", "\r\n"]),
)
def test_round_trip(records: list[tuple[str, str, str, bool]], width: int, newline: str) -> None:
    out = io.StringIO()
    first_lines: list[list[int]] = []
    line = 0
    for seq_id, title, residues, with_organism in records:
        modifier = " [organism=Homo sapiens]" if with_organism else ""
        out.write(f">{seq_id}{modifier} {title}{newline}")
        line += 1
        starts = []
        for start in range(0, len(residues), width):
            line += 1
            starts.append(line)
            out.write(residues[start : start + width] + newline)
        first_lines.append(starts)
    data = out.getvalue().encode()
    got, report = _read_bytes(data)
    assert not serious(report), serious(report)
    assert [(r.seq_id, r.residues) for r in got] == [(i, s.upper()) for i, _, s, _ in records]
    assert [r.title for r in got] == [" ".join(t.split()) for _, t, _, _ in records]
    assert [r.modifier("organism") for r in got] == [("Homo sapiens" if o else None) for *_, o in records]
    for record, starts in zip(got, first_lines, strict=True):
        assert [record.line_map.line_of(i * width) for i in range(len(starts))] == starts
    biopython = [
        (title.split()[0], seq.upper()) for title, seq in SimpleFastaParser(io.StringIO(data.decode()))
    ]
    assert biopython == [(r.seq_id, r.residues) for r in got]


def _as_seen(records: list[SequenceRecord]) -> list[tuple[object, ...]]:
    return [
        (
            r.seq_id,
            r.title,
            r.pos,
            r.residues,
            r.modifiers,
            r.gaps,
            list(r.line_map.first_offsets),
            list(r.line_map.lines),
        )
        for r in records
    ]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    records=st.lists(
        st.tuples(
            _RESIDUES,
            st.lists(st.integers(min_value=1, max_value=90), min_size=1, max_size=4),  # line widths, cycled
            st.sets(st.integers(min_value=0, max_value=20), max_size=3),  # blank lines after these lines
            st.booleans(),  # a gap line in the middle
        ),
        min_size=1,
        max_size=4,
    ),
    newline=st.sampled_from(["\n", "\r\n"]),
    chunk=st.sampled_from([CHUNK, 256, 61, 7]),
    piece=st.sampled_from([textio.PIECE, 100, 1]),
)
def test_clean_lines_read_in_bulk_as_they_read_one_by_one(
    records: list[tuple[str, list[int], set[int], bool]], newline: str, chunk: int, piece: int
) -> None:
    # Clean sequence lines are taken in bulk; a trailing space (skipped silently) sends every line of the second
    # file the careful way. Both must give the same records, and a line map that an independent count gives.
    clean, spaced = io.StringIO(), io.StringIO()
    expected_lines: list[list[int]] = []
    expected_residues: list[str] = []
    line = 0
    for number, (residues, widths, blanks, gap) in enumerate(records):
        for out in (clean, spaced):
            out.write(f">c{number} [organism=Homo sapiens]{newline}")
        line += 1
        data_lines, start, index = [], 0, 0
        while start < len(residues):
            width = widths[index % len(widths)]
            data_lines.append(residues[start : start + width])
            start, index = start + width, index + 1
        firsts, kept = [], []
        for index, text in enumerate(data_lines):
            if gap and index == len(data_lines) // 2:
                for out in (clean, spaced):
                    out.write(f">?10{newline}")
                line += 1
                firsts.append(line)
                kept.append("N" * 10)
            kept.append(text.upper())
            clean.write(text + newline)
            spaced.write(text + " " + newline)
            line += 1
            firsts.append(line)
            if index in blanks:
                for out in (clean, spaced):
                    out.write(newline)
                line += 1
        expected_lines.append(firsts)
        expected_residues.append("".join(kept))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(textio, "CHUNK", chunk)
        patch.setattr(textio, "PIECE", piece)
        bulk, bulk_report = _read_bytes(clean.getvalue().encode())
        careful, careful_report = _read_bytes(spaced.getvalue().encode())
    assert _as_seen(bulk) == _as_seen(careful)
    assert [f.render() for f in bulk_report] == [f.render() for f in careful_report]
    assert not serious(bulk_report)
    assert [r.residues for r in bulk] == expected_residues
    assert [list(r.line_map.lines) for r in bulk] == expected_lines


_CORRUPTIONS = '!$%&*+,/:=?@EFIJLOPQXZ^_`{}~efijlopqxz0123456789-;"'


@settings(max_examples=150, deadline=None)
@given(
    residues=st.text(alphabet="ACGTN", min_size=1, max_size=400),
    width=st.integers(min_value=1, max_value=80),
    where_=st.integers(min_value=0),
    bad=st.sampled_from(_CORRUPTIONS),
)
def test_one_corrupted_byte_is_found_on_its_line(residues: str, width: int, where_: int, bad: str) -> None:
    at = where_ % len(residues)
    corrupted = residues[:at] + bad + residues[at + 1 :]
    lines = [corrupted[i : i + width] for i in range(0, len(corrupted), width)]
    data = (">c1\n" + "\n".join(lines) + "\n").encode()
    _, report = _read_bytes(data)
    line = 2 + at // width
    column = at % width + 1
    hits = [f for f in report if f.pos is not None and f.pos.line == line]
    assert hits, [f.render() for f in report]
    if not (bad == ";" and column == 1):  # a ';' at the start makes a comment line, reported at column 1
        assert any(f.pos is not None and f.pos.column == column for f in hits)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=3000), protein=st.booleans())
def test_never_raises_on_arbitrary_bytes(data: bytes, protein: bool) -> None:
    _, report = _read_bytes(data, protein=protein)
    assert "FASTA.ReaderFailure" not in report.codes()


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='>?[]=|;#\t \nACGTNacgtEFX-0123456789unkorgaism"', max_size=400))
def test_never_raises_on_fasta_like_text(text: str) -> None:
    _, report = _read_bytes(text.encode())
    assert "FASTA.ReaderFailure" not in report.codes()
    for finding in report:
        assert finding.pos is not None
        assert finding.pos.line >= 1


# -- the real corpus -----------------------------------------------------------------------------------------

_CORPUS_FASTA = sorted(CORPUS.rglob("*.fsa")) if CORPUS.is_dir() else []


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", _CORPUS_FASTA, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_fasta_reads_without_errors(path: Path) -> None:
    """tbl2asn accepted every one of these (each case's expected/ holds the .sqn it wrote)."""
    report = Report()
    records = list(read_fasta(path, report, name=path.name))
    assert records
    assert all(len(r) > 0 for r in records)
    errors = [f.render() for f in report if f.severity >= Severity.ERROR]
    assert not errors
    case = path.parent.parent
    assert not (case / "expected").is_dir() or list((case / "expected").glob("*.sqn"))


@requires_corpus
@pytest.mark.corpus
def test_corpus_covers_the_odd_deflines() -> None:
    report = Report()
    tc1 = list(read_fasta(CORPUS / "ncbi-t2a-tc1/input/tc1.fsa", report))
    assert tc1[0].modifier("organism") == "Lacinutrix jangbogonensis"
    assert tc1[0].title == ""
    sqd3542 = list(read_fasta(CORPUS / "ncbi-t2a-sqd-3542/input/sqd-3542.fsa", report))
    assert sqd3542[0].modifier("isolation_source") == "Felis catus"
    chloroplast = list(read_fasta(CORPUS / "gbk/atha-chloroplast-NC_000932/input/NC_000932.fsa", report))
    # tbl2asn left [organelle=...] in the title too: its DEFINITION line is "[organelle=plastid:chloroplast]."
    assert chloroplast[0].title == "[organelle=plastid:chloroplast]"
    assert chloroplast[0].modifier("topology") == "circular"
    assert chloroplast[0].modifier("gcode") == "11"


@requires_corpus
@pytest.mark.corpus
def test_corpus_pep() -> None:
    report = Report()
    (protein,) = read_protein_fasta(CORPUS / "ncbi-t2a-cxx-5556/input/cxx-5556.pep", report)
    assert protein.seq_id == "WS1030"
    assert len(protein.residues) == 158
    assert not list(report)
