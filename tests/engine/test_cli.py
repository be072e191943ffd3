"""``python -m validation check`` end to end, as a user or a script runs it: a real subprocess each time."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.engine.samples import TEMPLATE
from tests.shared_data import REPO

FA = ">c1 [organism=Saccharomyces cerevisiae]\n" + "ACGT" * 25 + "\n"
TBL = ">Feature c1\n1\t60\tgene\n\t\t\tgene\tabc1\n"
BAD_TBL = ">Feature c1\n1\t60\tgene\n\t\t\tgenez\tabc1\n"  # unknown qualifier at line 3, column 4
SRC = "SeqID\tstrain\nc1\tS288C\n"
BAD_TEMPLATE = TEMPLATE.replace('affil "Oxbridge', 'afil "Oxbridge', 1)  # unknown field at line 5


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "validation", "check", *map(str, args)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _json(*args: str | Path) -> tuple[int, dict[str, Any]]:
    done = _cli(*args, "--json")
    return done.returncode, json.loads(done.stdout)


def _folder(root: Path, files: dict[str, str | bytes], name: str = "sub") -> Path:
    folder = root / name
    folder.mkdir()
    for file_name, content in files.items():
        data = content.encode() if isinstance(content, str) else content
        (folder / file_name).write_bytes(data)
    return folder


def test_clean_folder_exits_0(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA, "a.tbl": TBL, "a.sbt": TEMPLATE, "a.src": SRC})
    done = _cli(folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "4 files, 1 sequences, 1 features: 0 REJECT, 0 ERROR" in done.stdout
    assert done.stderr == ""


def test_human_output_names_file_line_and_fix(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA, "a.tbl": BAD_TBL, "a.sbt": TEMPLATE})
    done = _cli(folder)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("a.tbl:3:4: ERROR TBL.UnknownQualifier:")]
    assert "'genez'" in lines[at]
    assert lines[at + 1].startswith("    fix: ")
    assert "1 ERROR" in lines[-1]


def test_json_has_findings_and_summary(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA, "a.tbl": BAD_TBL, "a.sbt": TEMPLATE})
    code, document = _json(folder)
    assert code == 1
    assert set(document) == {"findings", "summary"}
    (finding,) = document["findings"]
    assert finding["code"] == "TBL.UnknownQualifier"
    assert (finding["file"], finding["line"], finding["column"]) == ("a.tbl", 3, 4)
    assert finding["severity"] == "ERROR"
    assert finding["fix"]
    assert finding["ncbi"] == "SEQ_FEAT.UnknownFeatureQual"
    summary = document["summary"]
    assert summary["ERROR"] == 1
    assert summary["REJECT"] == 0
    assert (summary["files"], summary["sequences"], summary["features"], summary["residues"]) == (
        3,
        1,
        1,
        100,
    )


def test_a_reject_exits_1(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05\x06" * 10, "a.sbt": TEMPLATE})
    code, document = _json(folder)
    assert code == 1
    assert [(f["code"], f["severity"], f["file"], f["line"]) for f in document["findings"]] == [
        ("READ.NotText", "REJECT", "a.fsa", 1)
    ]


def test_warnings_only_exit_0(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA.replace("c1", "ctg,1"), "a.sbt": TEMPLATE})
    code, document = _json(folder)
    assert code == 0
    assert [f["code"] for f in document["findings"]] == ["FASTA.SeqIdUnusualCharacter"]
    assert document["summary"]["WARNING"] == 1


def test_fsa_brings_its_side_files_and_only_them(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.fsa.gz": gzip.compress(FA.encode()),
            "a.tbl": BAD_TBL,
            "a.src": "SeqID\tstrain\nc9\tS288C\n",  # a row for an unknown sequence: proves the .src was read
            "b.fsa": ">b1\nACGT!\n",
            "b.tbl": ">Feature zz\n1\t2\tgene\n",
            "a.sbt": "not a template",  # templates come only from -t or a folder
        },
    )
    code, document = _json(folder / "a.fsa.gz")
    assert code == 1
    found = {(f["code"], f["file"], f["line"]) for f in document["findings"]}
    assert found == {("TBL.UnknownQualifier", "a.tbl", 3), ("SRC.UnknownSeqId", "a.src", 2)}
    assert document["summary"]["files"] == 3


def test_folder_reads_everything_and_two_fsa_files(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        {
            "a.fsa": FA,
            "a.tbl": TBL,
            # b1 names its organism too: a sequence without one is a NoOrgFound ERROR of its own (tbl2asn).
            "b.fsa": ">b1 [organism=Saccharomyces cerevisiae]\nACGT\n",
            "b.tbl": ">Feature b1\n1\t4\tgene\n",
            "x.sbt": TEMPLATE,
        },
    )
    code, document = _json(folder)
    assert code == 0, document
    assert document["summary"]["sequences"] == 2
    assert document["summary"]["features"] == 2


def _template_findings(document: dict[str, Any]) -> list[dict[str, Any]]:
    # BAD_TEMPLATE also lacks a citation affiliation, which the submit-block rules report on their own.
    return [f for f in document["findings"] if f["code"].startswith("TPL.")]


def test_template_option_replaces_the_folders_template(tmp_path: Path) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA, "a.tbl": TBL, "a.sbt": BAD_TEMPLATE})
    good = tmp_path / "good.sbt"
    good.write_text(TEMPLATE)
    bad = tmp_path / "elsewhere.sbt"
    bad.write_text(BAD_TEMPLATE)

    code, document = _json(folder)  # the folder's own broken template
    assert code == 1
    assert [(f["code"], f["file"], f["line"]) for f in _template_findings(document)] == [
        ("TPL.UnknownField", "a.sbt", 5)
    ]

    code, document = _json(folder, "-t", good)
    assert code == 0, document
    assert document["findings"] == []

    code, document = _json(folder / "a.fsa", "--template", bad)  # -t with an .fsa: the template is read
    assert code == 1
    assert [(f["code"], f["file"], f["line"]) for f in _template_findings(document)] == [
        ("TPL.UnknownField", "elsewhere.sbt", 5)
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{root}/missing-folder"], "no such file or folder"),
        (["{folder}", "-t", "{folder}/nope.sbt"], "no such template file"),
        (["{empty}"], "no submission files found"),
    ],
    ids=["missing-path", "missing-template", "empty-folder"],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    folder = _folder(tmp_path, {"a.fsa": FA})
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("nothing to check")
    done = _cli(*(a.format(root=tmp_path, folder=folder, empty=empty) for a in args))
    assert done.returncode == 2
    assert message in done.stderr
    assert done.stdout == ""


def test_argument_errors_exit_2() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "validation"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "usage:" in done.stderr
    assert _cli().returncode == 2  # check without paths
    assert _cli("--bogus", "x").returncode == 2
