"""``python -m validation tbl2asn``: tbl2asn's flags, its file names and places, our exit codes and messages."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from gbprep.cli import tbl2asn
from gbprep.cli.tbl2asn import UsageError, build_options, parse_args
from tests.engine.samples import TEMPLATE
from tests.shared_data import CORPUS, REPO, requires_corpus

# A template with every piece of the affiliation the validator asks for.
FULL_TEMPLATE = TEMPLATE  # the shared sample now carries the city and country the submit-block rules want
GOOD_FA = ">c1 [organism=Saccharomyces cerevisiae]\n" + "ACGT" * 30 + "\n"
# A CDS whose translation has internal stops: an ERROR from the validator.
BAD_FA = ">c1 [organism=Saccharomyces cerevisiae]\nATGTAATAGTGATAAATGTAA" + "ACGT" * 20 + "\n"
BAD_TBL = ">Feature c1\n1\t21\tCDS\n\t\t\tproduct\tbroken protein\n"


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "validation", "tbl2asn", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _folder(root: Path, files: dict[str, str]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text)
    return root


def _main(*args: str | Path) -> tuple[int, str]:
    err = io.StringIO()
    return tbl2asn.main([str(a) for a in args], stderr=err), err.getvalue()


# -- flags ---------------------------------------------------------------------------------------------------


def test_values_may_be_attached_and_a_tf_flag_alone_means_true() -> None:
    parsed = parse_args(["-Vvb", "-p", "dir", "-E", "-s", "F", "-aS", "-a", "r10u", "-UT"])
    assert parsed.flags["V"] == "vb" and parsed.flags["p"] == "dir"
    assert parsed.flags["E"] == "T" and parsed.flags["s"] == "F" and parsed.flags["U"] == "T"
    assert parsed.file_types == ["S", "r10u"]


def test_flags_become_job_options(tmp_path: Path) -> None:
    store = tmp_path / "taxonomy.sqlite"
    store.write_bytes(b"")
    args = "-a s -a r20k -V vb -M n -c fx -X CE -l paired-ends -H 12/31/2030 -N 3 -C ABC -y hello -U -T"
    options = build_options(
        parse_args([*args.split(), "-j", "[organism=X y]", "--taxonomy-store", str(store)])
    )
    assert options.fasta_set and options.genome and options.validate and options.flatfile
    assert options.gaps is not None and (options.gaps.min_run, options.gaps.unknown_100) == (20, False)
    assert options.cleanup == "fx" and options.comments_to_all and options.eukaryote
    assert options.linkage_evidence == "paired-ends" and options.hold_until is not None
    assert options.hold_until.isoformat() == "2030-12-31"
    assert (options.project_version, options.center_tag, options.comment) == (3, "ABC", "hello")
    assert options.remove_gene_xrefs and options.taxonomy_lookup and options.taxonomy_store == store
    assert options.rule_options.genome


def test_without_v_the_validator_does_not_run_as_in_tbl2asn() -> None:
    assert not build_options(parse_args(["-p", "x"])).validate
    assert build_options(parse_args(["-p", "x", "-v"])).validate


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-g"], "-g (genomic product set) is not supported"),
        (["-k", "c"], "-k (CDS flags) is not supported"),
        (["-q"], "-q (seq ID from file name) is not supported"),
        (["-V", "r"], "-V r (without country check) is not supported"),
        (["-V", "z"], "-V z: unknown letter"),
        (["-M", "t"], "-M t is not supported"),
        (["-a", "d"], "-a d is not supported"),
        (["-c", "s"], "-c s (exception on short introns) is not supported"),
        (["-X", "A"], "-X A (automatic definition lines) is not supported"),
        (["-l", "telepathy"], "-l telepathy: must be one of"),
        (["-H", "tomorrow"], "-H tomorrow: give y"),
        (["-9"], "-9 is not a tbl2asn flag"),
        (["-smaybe"], "takes T or F"),
        (["--frobnicate"], "unknown option --frobnicate"),
        (["stray.fsa"], "unexpected argument 'stray.fsa'"),
        (["-p"], "-p (path to files) needs a value"),
        (["-T"], "-T looks organisms up in a local taxonomy store"),
        (
            ["-T", "--taxonomy-store", "/nonexistent/tax.sqlite"],
            "--taxonomy-store /nonexistent/tax.sqlite: no such",
        ),
    ],
)
def test_what_is_not_supported_is_refused_by_name_with_exit_2(args: list[str], says: str) -> None:
    code, err = _main(*args)
    assert code == 2
    assert says in err


def test_every_tbl2asn_flag_is_known() -> None:
    # `tbl2asn -` (25.3) lists 47 flags; each is either supported or refused by name.
    assert len(tbl2asn.FLAGS) == 47
    for letter, (_value, meaning, supported) in tbl2asn.FLAGS.items():
        if not supported:
            with pytest.raises(UsageError, match=f"-{letter} \\({meaning}\\) is not supported"):
                parse_args([f"-{letter}"] + (["x"] if _value else []))


def test_dash_alone_prints_help_and_exits_0() -> None:
    code, err = _main("-")
    assert code == 0
    assert "usage: python -m validation tbl2asn" in err and "--exit-zero" in err


def test_no_input_and_missing_folder_are_usage_errors(tmp_path: Path) -> None:
    assert _main("-V", "v")[0] == 2
    code, err = _main("-p", tmp_path / "nowhere")
    assert code == 2 and "no such folder" in err
    code, err = _main("-p", tmp_path)
    assert code == 2 and "no *.fsa files" in err
    code, err = _main("-i", tmp_path / "a.fsa")
    assert code == 2 and "no such file" in err


def test_a_missing_template_is_a_usage_error(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", {"a.fsa": GOOD_FA})
    code, err = _main("-p", folder, "-t", tmp_path / "none.sbt")
    assert code == 2 and "no such template file" in err


# -- a real run ------------------------------------------------------------------------------------------------


def test_outputs_go_beside_the_fasta_by_default_and_to_r_when_given(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", {"a.fsa": GOOD_FA, "t.sbt": FULL_TEMPLATE})
    done = _run("-p", folder, "-t", folder / "t.sbt", "-V", "v")
    assert done.returncode == 0, done.stderr
    assert {"a.val", "errorsummary.val", "report.json"} <= {p.name for p in folder.iterdir()}
    done = _run("-p", folder, "-t", folder / "t.sbt", "-V", "v", "-r", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert {"a.val", "errorsummary.val", "report.json"} <= {p.name for p in (tmp_path / "out").iterdir()}


def test_errors_exit_1_unless_exit_zero(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", {"a.fsa": BAD_FA, "a.tbl": BAD_TBL, "t.sbt": TEMPLATE})
    done = _run("-i", folder / "a.fsa", "-t", folder / "t.sbt", "-V", "v", "-r", tmp_path / "out")
    assert done.returncode == 1, done.stderr
    val = (tmp_path / "out" / "a.val").read_text()
    assert "ERROR: valid [SEQ_FEAT.InternalStop]" in val and "(a.tbl:2)" in val
    assert "SEQ_FEAT.InternalStop" in (tmp_path / "out" / "errorsummary.val").read_text()
    again = _run(
        "-i", folder / "a.fsa", "-t", folder / "t.sbt", "-V", "v", "-r", tmp_path / "out", "--exit-zero"
    )
    assert again.returncode == 0


def test_a_gzipped_fasta_is_found_and_read(tmp_path: Path) -> None:
    import gzip

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.fsa.gz").write_bytes(gzip.compress(BAD_FA.encode()))
    (folder / "a.tbl").write_text(BAD_TBL)
    code, _err = _main("-p", folder, "-V", "v", "-r", tmp_path / "out", "--quiet")
    assert code == 1
    assert "SEQ_FEAT.InternalStop" in (tmp_path / "out" / "a.val").read_text()


def test_w_shows_progress_and_every_run_ends_with_a_summary(tmp_path: Path) -> None:
    folder = _folder(tmp_path / "in", {"a.fsa": GOOD_FA})
    done = _run("-p", folder, "-V", "v", "-W")
    assert "[tbl2asn] 100% done" in done.stderr
    assert "[tbl2asn] 1 sequences, 0 features: 0 REJECT, 0 ERROR" in done.stderr
    quiet = _run("-p", folder, "-V", "v", "--quiet")
    assert quiet.stderr == "" or "note:" in quiet.stderr


def test_e_recurses_and_o_names_the_single_output(tmp_path: Path) -> None:
    _folder(tmp_path / "in" / "sub", {"deep.fsa": GOOD_FA})
    _folder(tmp_path / "in", {"top.fsa": GOOD_FA})
    code, _err = _main("-p", tmp_path / "in", "-E", "-V", "v", "-r", tmp_path / "out", "--quiet")
    assert code == 0
    assert {"deep.val", "top.val"} <= {p.name for p in (tmp_path / "out").iterdir()}
    code, err = _main("-p", tmp_path / "in", "-E", "-o", tmp_path / "one.sqn")
    assert code == 2 and "-o names one output file" in err


@requires_corpus
def test_the_files_tbl2asn_wrote_for_a_corpus_case_are_written_by_the_same_names(tmp_path: Path) -> None:
    case = CORPUS / "ncbi-t2a-sqd-3496"
    code, err = _main(
        "-p", case / "input", "-r", tmp_path, "-t", CORPUS / "templates" / "default.sbt", "-V", "vb",
        "-Z", tmp_path / "discrep.txt", "-X", "E", "--quiet",
    )  # fmt: skip
    assert code in (0, 1), err
    theirs = {p.name for p in (case / "expected").iterdir()} & {
        "sqd-3496.sqn", "sqd-3496.gbf", "sqd-3496.val", "errorsummary.val", "discrep.txt"
    }  # fmt: skip
    ours = {p.name for p in tmp_path.iterdir()}
    assert theirs <= ours
