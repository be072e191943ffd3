"""Our ``.gbf`` against NCBI's ``asn2gb`` rendering of our own ``.sqn``, on every runnable corpus case and on
every corpus case that has a GFF3 file (built from the GFF3 alone, the ``.tbl`` left out).

This needs no tbl2asn output: whatever our ``.sqn`` holds, our flatfile writer must show it as asn2gb
(``-a m -m e``) does, dates masked, less the deliberate differences ``without_deliberate`` names. Skipped where asn2gb is not installed (apt-get install ncbi-tools-bin).
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from devtools.diffgen.compare import without_deliberate
from devtools.diffgen.oracle import masked
from gbprep.cli import tbl2asn
from tests.engine.test_conformance_cli import oracle_command, runnable_cases
from tests.shared_data import CORPUS, requires_corpus

pytestmark = [
    requires_corpus,
    pytest.mark.skipif(shutil.which("asn2gb") is None, reason="NCBI's asn2gb is not installed"),
]


def _gff3_cases() -> list[Path]:
    return [case for case in runnable_cases() if any((case / "input").glob("*.gff3"))]


def _run(case: Path, out: Path, *, from_gff3: bool) -> None:
    argv = oracle_command(case, out)
    if from_gff3:
        # The same inputs without the .tbl: the command reads the .gff3 beside the .fsa instead.
        inputs = out.parent / "input"
        shutil.copytree(case / "input", inputs, ignore=shutil.ignore_patterns("*.tbl"))
        argv[argv.index("-p") + 1] = str(inputs)
    stderr = io.StringIO()
    assert tbl2asn.main(argv, stderr=stderr) in (0, 1), stderr.getvalue()


def _differences(out: Path) -> list[str]:
    problems: list[str] = []
    sqns = sorted(out.glob("*.sqn"))
    assert sqns, f"no .sqn written in {out}"
    for sqn in sqns:
        rendered = sqn.with_suffix(".asn2gb.txt")
        subprocess.run(
            ["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(rendered)],
            capture_output=True,
            check=False,
        )
        want = masked(rendered.read_text(errors="replace")) if rendered.exists() else []
        # Less what differs on purpose (preprotein features: we show them as tbl2asn's own flatfile does).
        got = without_deliberate(masked(sqn.with_suffix(".gbf").read_text(errors="replace")), want, sqn)
        if want != got:
            diff = list(difflib.unified_diff(want, got, "asn2gb", "ours", n=0, lineterm=""))[2:10]
            problems.append(f"{sqn.name}:\n    " + "\n    ".join(diff))
    return problems


@pytest.mark.parametrize(
    "case", runnable_cases(), ids=lambda p: str(p.relative_to(CORPUS)) if CORPUS.is_dir() else str(p)
)
def test_our_flatfile_is_asn2gbs_rendering_of_our_sqn(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(case, out, from_gff3=False)
    assert not _differences(out), "\n".join(_differences(out))


@pytest.mark.parametrize(
    "case", _gff3_cases(), ids=lambda p: str(p.relative_to(CORPUS)) if CORPUS.is_dir() else str(p)
)
def test_gff3_built_flatfile_is_asn2gbs_rendering_of_our_sqn(case: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(case, out, from_gff3=True)
    assert not _differences(out), "\n".join(_differences(out))
