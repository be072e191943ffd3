"""The registry's contract: every rule documented, every code NCBI's; the runner, profiles, files, writer."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from gbprep.cli.catalogue import render_markdown
from gbprep.job.check import check_files
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding, Severity, SourcePos
from gbprep.model.records import SourceModifier
from gbprep.rules import RULES, Hit, RecordContext, Rule, RuleOptions
from gbprep.rules import rule as register_rule
from gbprep.rules.registry import GENOME_RAISE, SubmissionContext, profile
from gbprep.rules.runner import genetic_code_for, run_submission_rules, submission_context, summary_of
from gbprep.writers.val import errorsummary_lines, read_errorsummary, read_val, summary_counts, val_line
from tests.shared_data import CORPUS, REFERENCE

from .helpers import feature, record, run

VALID_CODES = REFERENCE / "validator" / "valid_codes.txt"
CXX_CODES = REFERENCE / "validator" / "cxx_valid_codes.txt"
_FAMILY_US = re.compile(r"^(SEQ_INST|SEQ_DESCR|SEQ_FEAT|SEQ_PKG|GENERIC|SEQ_ALIGN|SEQ_GRAPH|SEQ_ANNOT)_")


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert rule.summary, f"{rule.code} has no one-line summary"
    for section in ("what", "why", "fix", "example"):
        assert getattr(rule, section), f"{rule.code} ({rule.name}) lacks its {section.title()}: section"


def _codes(path: Path) -> set[str]:
    """The codes of a list file. valid_codes.txt wraps some lines inside a code and some between codes, so
    the tokens of both readings count (a token merged across a break matches no rule code)."""
    if not path.is_file():
        return set()
    text = path.read_text()
    tokens = set(text.split()) | set("".join(text.splitlines()).split())
    # cxx_valid_codes.txt writes SEQ_FEAT_ShortExon for SEQ_FEAT.ShortExon
    return tokens | {_FAMILY_US.sub(r"\1.", t, count=1) for t in tokens}


@pytest.mark.parametrize("rule", RULES.values(), ids=lambda r: r.code)
def test_rule_code_is_ncbis(rule: Rule) -> None:
    if not VALID_CODES.is_file():
        pytest.skip(f"NCBI's code list is not at {VALID_CODES}")
    assert rule.code in _codes(VALID_CODES) | _codes(CXX_CODES)


def test_genetic_code_from_modifiers() -> None:
    pos = SourcePos("x.fsa", 1)

    def code(**mods: str) -> int:
        return genetic_code_for(SourceModifier(k, v, pos) for k, v in mods.items())

    assert code() == 1
    assert code(gcode="11") == 11
    assert code(gcode="1", mgcode="4", location="mitochondrion") == 4
    assert code(gcode="1", location="chloroplast") == 11
    assert code(organelle="plastid:chloroplast") == 11
    assert code(gcode="eleven") == 1


def test_a_crashing_rule_costs_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(ctx: RecordContext) -> Iterator[Hit]:
        """Broken.

        What: x. Why: x. Fix: x. Example: x.
        """
        raise RuntimeError("bug")
        yield  # pragma: no cover

    monkeypatch.setitem(
        RULES,
        "SEQ_FEAT.Range",
        Rule("SEQ_FEAT.Range", Severity.ERROR, "record", broken, "Broken.", "x", "x", "x", "x"),
    )
    findings = run(record("ATGAAATTTGGGCCC", organism="x"), feature("CDS", (1, 15), product="kinase"))
    assert sorted(f.code for f in findings) == ["RULE.InternalError", "SEQ_FEAT.NoStop"]


def test_genome_mode_raises_listed_codes() -> None:
    options = RuleOptions(genome=True)
    assert options.severity("SEQ_FEAT.IllegalDbXref", Severity.WARNING) is Severity.ERROR
    assert options.severity("SEQ_DESCR.BadCollectionDate", Severity.WARNING) is Severity.ERROR
    # tbl2asn 25.3 -M n leaves PartialProblem as it is (checked by running it)
    assert options.severity("SEQ_FEAT.PartialProblem", Severity.WARNING) is Severity.WARNING
    assert options.severity("SEQ_FEAT.NeedsNote", Severity.REJECT) is Severity.REJECT
    assert RuleOptions().severity("SEQ_FEAT.IllegalDbXref", Severity.WARNING) is Severity.WARNING


def test_genome_raise_list_codes_are_ncbis() -> None:
    if not VALID_CODES.is_file():
        pytest.skip(f"NCBI's code list is not at {VALID_CODES}")
    known = _codes(VALID_CODES) | _codes(CXX_CODES)
    assert known >= GENOME_RAISE


def test_profiles_build_options() -> None:
    assert profile() == RuleOptions()
    genome = profile("genome", ignore={"SEQ_FEAT.NeedsNote"}, locus_tag_prefixes={"ABC", " "})
    assert genome.genome and genome.locus_tag_prefixes == frozenset({"ABC"})
    assert not genome.enabled("SEQ_FEAT.NeedsNote")
    assert not profile("genome", genome=False).genome
    with pytest.raises(ValueError, match="unknown validation profile"):
        profile("strict")


def test_genome_profile_raises_a_warning_rule_to_error() -> None:
    findings = run(record("ACGT" * 30), feature("misc_feature", (1, 30)), options=profile("genome"))
    assert [(f.code, f.severity) for f in findings] == [("SEQ_FEAT.NeedsNote", Severity.ERROR)]


def test_submission_rules_run_once_and_a_crash_costs_one_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    def broken(ctx: SubmissionContext) -> Iterator[Hit]:
        """Broken.

        What: x. Why: x. Fix: x. Example: x.
        """
        calls.append(len(ctx.records))
        raise RuntimeError("bug")
        yield  # pragma: no cover

    monkeypatch.setitem(
        RULES,
        "SEQ_FEAT.CollidingLocusTags",
        Rule("SEQ_FEAT.CollidingLocusTags", Severity.ERROR, "submission", broken, "B.", "x", "x", "x", "x"),
    )
    recs = [
        summary_of(record("ACGT", seq_id="a", organism="x")),
        summary_of(record("ACGT", seq_id="b", organism="x")),
    ]
    findings = run_submission_rules(submission_context(recs))
    assert calls == [2]
    assert [f.code for f in findings] == ["RULE.InternalError"]
    assert recs[0].residues == "" and recs[0].modifiers[0].value == "x"


def test_submission_scope_is_registered() -> None:
    assert {r.scope for r in RULES.values()} == {"record", "submission"}
    with pytest.raises(ValueError, match="scope"):
        register_rule(code="SEQ_FEAT.Range", severity=Severity.ERROR, scope="genome")


def test_check_files_runs_rules_and_points_at_tbl_lines(tmp_path: Path) -> None:
    (tmp_path / "a.fsa").write_text(">c1 [gcode=1] [organism=Homo sapiens]\nATGAAATAAGGGTAA\n")
    (tmp_path / "a.tbl").write_text(
        ">Feature c1\n1\t15\tgene\n\t\t\tgene\tabc\n1\t15\tCDS\n\t\t\tproduct\tkinase\n"
    )
    inputs = [InputFile(tmp_path / n, n) for n in ("a.fsa", "a.tbl")]
    findings = [f for f in check_files(inputs).report if f.code.startswith("SEQ_")]
    assert [(f.code, f.pos.file, f.pos.line) for f in findings if f.pos] == [
        ("SEQ_FEAT.InternalStop", "a.tbl", 4),
        ("SEQ_INST.StopInProtein", "a.tbl", 4),
    ]
    assert val_line(findings[0]) == (
        "ERROR: valid [SEQ_FEAT.InternalStop] 1 internal stops. Genetic code [1] FEATURE: CDS: kinase "
        "[lcl|c1:1-15] [lcl|c1: raw, dna len= 15] -> [lcl|c1_1] (a.tbl:4)"
    )
    assert val_line(findings[1]).startswith(
        "ERROR: valid [SEQ_INST.StopInProtein] [1] termination symbols in protein sequence (abc - kinase) "
        "BIOSEQ: lcl|c1_1: raw, aa len= 4"
    )


def test_a_descriptor_is_named_as_tbl2asn_names_it() -> None:
    # tbl2asn 25.3: 'DESCRIPTOR: BioSrc: ...' and 'DESCRIPTOR: MolInfo: ...', a sequence otherwise.
    def finding(code: str, about: str) -> Finding:
        return Finding(code, Severity.WARNING, "m", "fix", feature=about)

    source = finding("SEQ_DESCR.BadOrgMod", "BioSrc: Homo sapiens BIOSEQ: lcl|c1")
    molinfo = finding("SEQ_DESCR.InvalidForType", "MolInfo: genomic BIOSEQ: lcl|c1")
    sequence = finding("SEQ_INST.ShortSeq", "lcl|c1: raw, dna len= 10")
    assert val_line(source).endswith(" m DESCRIPTOR: BioSrc: Homo sapiens BIOSEQ: lcl|c1")
    assert val_line(molinfo).endswith(" m DESCRIPTOR: MolInfo: genomic BIOSEQ: lcl|c1")
    assert val_line(sequence).endswith(" m BIOSEQ: lcl|c1: raw, dna len= 10")


def test_errorsummary_layout_matches_tbl2asn() -> None:
    f = [
        Finding("SEQ_FEAT.PartialProblem", Severity.INFO, "m", "f"),
        Finding("SEQ_FEAT.NoStop", Severity.ERROR, "m", "f"),
        Finding("SEQ_FEAT.IllegalDbXref", Severity.WARNING, "m", "f"),
        Finding("SEQ_FEAT.IllegalDbXref", Severity.WARNING, "m", "f"),
    ]
    assert errorsummary_lines(summary_counts(f)) == [
        "     1 ERROR:   SEQ_FEAT.NoStop",
        "     2 WARNING: SEQ_FEAT.IllegalDbXref",
        "     1 INFO:    SEQ_FEAT.PartialProblem",
    ]
    out = io.StringIO()
    from gbprep.writers.val import write_errorsummary

    write_errorsummary(f, out)
    assert out.getvalue().count("\n") == 3


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS}")
def test_errorsummary_reader_agrees_with_val_reader() -> None:
    case = CORPUS / "gbk" / "atha-chloroplast-NC_000932" / "expected"
    assert read_errorsummary(case / "errorsummary.val") == read_val(case / "NC_000932.val")
    lines = errorsummary_lines(read_errorsummary(case / "errorsummary.val"))
    assert lines == (case / "errorsummary.val").read_text().splitlines()


def test_catalogue_lists_every_rule() -> None:
    text = render_markdown()
    for code, rule in RULES.items():
        assert f"### {code}" in text
        assert rule.fix in text
