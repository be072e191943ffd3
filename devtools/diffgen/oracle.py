"""Run NCBI's tools and ours on one written case: tbl2asn 25.3 and ``gbprep tbl2asn`` with the same flags,
``asnval`` on both ``.sqn`` files, ``asn2gb -a m -m e`` on ours.

A case folder is the corpus's layout (``input/``, ``case.conf``); outputs go to ``<folder>/tbl2asn/`` and
``<folder>/ours/``. Ours runs in this process (``gbprep.cli.tbl2asn.main``), serial and quiet.
"""

from __future__ import annotations

import io
import re
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from gbprep.cli import tbl2asn as our_tbl2asn

TOOLS = ("tbl2asn", "asnval", "asn2gb")
_DATE = re.compile(r"[0-9]{2}-[A-Z]{3}-[0-9]{4}")
TIMEOUT = 120


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def case_flags(folder: Path) -> list[str]:
    match = re.search(r"ARGS=\((.*)\)", (folder / "case.conf").read_text())
    return shlex.split(match.group(1)) if match else []


def template_of(folder: Path) -> Path:
    found = sorted((folder / "input").glob("*.sbt"))
    return found[0] if found else Path(__file__).resolve().parent / "templates" / "pub.sbt"


def masked(text: str) -> list[str]:
    return _DATE.sub("DD-MMM-YYYY", text).splitlines()


@dataclass
class Outputs:
    folder: Path
    exit_code: int
    stderr: str

    def files(self, suffix: str) -> list[Path]:
        return sorted(p for p in self.folder.glob(f"*{suffix}") if p.name != "errorsummary.val")


def run_tbl2asn(folder: Path) -> Outputs:
    """tbl2asn as run_oracle.sh runs it: inputs copied to a work folder, outputs kept in ``tbl2asn/``."""
    folder = folder.resolve()
    out = folder / "tbl2asn"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for path in (folder / "input").iterdir():
        if path.suffix in (".fsa", ".tbl", ".src", ".cmt", ".pep"):
            shutil.copy(path, out / path.name)
    cmd = ["tbl2asn", "-p", str(out), "-r", str(out), "-t", str(template_of(folder)), "-V", "vb"]
    cmd += ["-Z", str(out / "discrep.txt"), *case_flags(folder)]
    try:
        done = subprocess.run(cmd, cwd=out, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        code, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        code, err = -9, "timeout"
    for path in out.iterdir():
        if path.suffix in (".fsa", ".tbl", ".src", ".cmt", ".pep"):
            path.unlink()
    return Outputs(out, code, err)


def run_ours(folder: Path) -> Outputs:
    out = folder / "ours"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    argv = ["-p", str(folder / "input"), "-r", str(out), "-t", str(template_of(folder)), "-V", "vb"]
    argv += ["-Z", str(out / "discrep.txt"), *case_flags(folder), "--quiet", "--processes", "1"]
    stderr = io.StringIO()
    try:
        code = our_tbl2asn.main(argv, stderr=stderr)
    except Exception as exc:  # a crash is a difference to report, not a harness failure
        code = -1
        stderr.write(f"crash: {exc!r}")
    return Outputs(out, code, stderr.getvalue())


def asnval(sqn: Path) -> str:
    out = sqn.with_suffix(".asnval.txt")
    subprocess.run(
        ["asnval", "-i", str(sqn), "-a", "m", "-Q", "0", "-o", str(out)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return out.read_text(errors="replace") if out.exists() else ""


def asn2gb(sqn: Path) -> list[str]:
    out = sqn.with_suffix(".asn2gb.gbf")
    subprocess.run(
        ["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(out)],
        capture_output=True,
        timeout=TIMEOUT,
        check=False,
    )
    return masked(out.read_text(errors="replace")) if out.exists() else []
