"""Every report names the engine's version and the flags it ran with, so it can be reproduced."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

from gbprep import __version__
from gbprep.cli import tbl2asn
from gbprep.job.options import GapRule, JobOptions, engine_info, tbl2asn_flags

FASTA = ">c1 [organism=Homo sapiens]\nATGAAACCCGGGTTTAAATAG\n"
TEMPLATE = Path(__file__).resolve().parents[2] / "devtools" / "diffgen" / "templates" / "nopub.sbt"


def test_report_json_names_the_version_and_the_flags(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.fsa").write_text(FASTA)
    out = tmp_path / "out"
    argv = ["-p", str(tmp_path / "in"), "-r", str(out), "-t", str(TEMPLATE), "-V", "vb", "-a", "s"]
    argv += ["-M", "n", "-j", "[strain=A1]", "--quiet", "--processes", "1"]
    assert tbl2asn.main(argv, stderr=io.StringIO()) in (0, 1)
    engine = json.loads((out / "report.json").read_text())["engine"]
    assert engine["name"] == "gbprep" and engine["version"] == __version__
    assert engine["flags"] == ["-a", "s", "-j", "[strain=A1]", "-V", "vb", "-M", "n"]
    assert engine["rules"]["genome"] is True
    # the .val stays tbl2asn's: no header line of ours
    assert all(
        line.startswith(("ERROR", "WARNING", "NOTE", "REJECT"))
        for line in (out / "x.val").read_text().splitlines()
    )


def test_flags_are_rebuilt_from_options_made_anywhere() -> None:
    options = JobOptions(
        gaps=GapRule(10, True),
        linkage_evidence="paired-ends",
        eukaryote=True,
        comment="Annotated",
        cleanup="fx",
        hold_until=date(2027, 1, 2),
        validate=True,
        flatfile=False,
    )
    assert tbl2asn_flags(options) == [
        "-a", "r10u", "-l", "paired-ends", "-y", "Annotated", "-X", "E", "-V", "v", "-c", "fx", "-H", "01/02/2027",
    ]  # fmt: skip
    assert engine_info(options)["flags"] == tbl2asn_flags(options)
