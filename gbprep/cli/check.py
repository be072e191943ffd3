"""``gbprep check DIR_OR_FILES... [-t TEMPLATE] [--json]``: read a submission and print every finding.

Reads a submission the way tbl2asn would be given it (a folder, or ``.fsa`` files with their
``.tbl``/``.src``/``.cmt``/``.pep`` beside them). Unlike tbl2asn it exits 1 when any ERROR or REJECT exists, so
scripts can rely on the exit code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gbprep.job.check import check_files
from gbprep.model.bundle import KINDS, InputFile
from gbprep.model.diagnostics import Finding, Severity

EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2
_SIDE_SUFFIXES = (".tbl", ".src", ".cmt", ".pep", ".rna", ".gff3", ".gff")


def _kind_of(path: Path) -> str:
    return InputFile(path, path.name).kind


def discover(paths: Sequence[Path], template: Path | None) -> tuple[list[InputFile], list[str]]:
    """The inputs named on the command line: folders give every submission file in them; an ``.fsa`` brings
    the side files that share its base name. Returns the inputs and the problems with the arguments."""
    chosen: dict[Path, None] = {}
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.iterdir()):
                if child.is_file() and _kind_of(child) in set(KINDS.values()):
                    chosen[child] = None
        elif path.is_file():
            chosen[path] = None
            if _kind_of(path) == "fasta":
                stem = path.name.split(".")[0]
                for suffix in _SIDE_SUFFIXES:
                    for candidate in (path.with_name(stem + suffix), path.with_name(stem + suffix + ".gz")):
                        if candidate.is_file():
                            chosen[candidate] = None
        else:
            problems.append(f"{path}: no such file or folder")
    if template is not None:
        if template.is_file():
            chosen = {p: None for p in chosen if _kind_of(p) != "template"}
            chosen[template] = None
        else:
            problems.append(f"-t {template}: no such template file")
    return [InputFile(p, p.name) for p in chosen], problems


def _human(finding: Finding) -> str:
    where = str(finding.pos) if finding.pos else "(submission)"
    text = f"{where}: {finding.severity.name} {finding.code}: {finding.message}"
    if finding.ncbi and finding.ncbi != finding.code:
        text += f" [{finding.ncbi}]"
    return f"{text}\n    fix: {finding.fix}"


def run(args: argparse.Namespace) -> int:
    inputs, problems = discover([Path(p) for p in args.paths], Path(args.template) if args.template else None)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems or not inputs:
        if not inputs:
            print("error: no submission files found (.fsa, .tbl, .sbt, .src, .cmt, .pep)", file=sys.stderr)
        return EXIT_USAGE
    result = check_files(inputs)
    findings = sorted(
        result.report.findings,
        key=lambda f: (f.pos.file if f.pos else "", f.pos.line if f.pos else 0, -int(f.severity)),
    )
    summary = {**result.report.summary(), **result.stats}
    if args.json:
        json.dump({"findings": [f.as_dict() for f in findings], "summary": summary}, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        for finding in findings:
            print(_human(finding))
        counts = ", ".join(f"{summary[s.name]} {s.name}" for s in reversed(Severity))
        print(
            f"{len(inputs)} files, {result.stats['sequences']} sequences, {result.stats['features']} features: "
            f"{counts}"
        )
    return EXIT_ERRORS if result.report.has_errors else EXIT_CLEAN


def add_parser(commands: Any) -> None:  # argparse's subparsers action has no public type
    check = commands.add_parser("check", help="read a submission and print every finding")
    check.add_argument(
        "paths", nargs="+", help="folders or files (.fsa with its .tbl/.src/.cmt/.pep beside it)"
    )
    check.add_argument("-t", "--template", help="the submission template (.sbt), as tbl2asn -t")
    check.add_argument("--json", action="store_true", help="print a JSON document with findings and summary")
    check.set_defaults(func=run)
