"""``python -m validation tbl2asn``: NCBI tbl2asn's command line, over our engine.

It takes tbl2asn's single-letter flags the way tbl2asn does (``-p DIR``, ``-a s``, ``-Vvb``, a T/F flag alone
means T) and writes the same files in the same places: ``<base>.sqn``, ``<base>.gbf`` and ``<base>.val``
beside each FASTA or in ``-r DIR``, ``errorsummary.val`` there too, the discrepancy report at ``-Z FILE``.
Where it deliberately differs:

* it exits 1 when any ERROR or REJECT was found (``--exit-zero`` turns that off) and 2 on a bad command line,
  including any tbl2asn flag or value it does not support: those are named, never silently ignored;
* it processes every sequence of a multi-FASTA, with or without ``-a s``; it reads gzip;
* it writes ``report.json`` (every finding with file, line and fix) beside the ``.val`` files;
* it shows progress on stderr for runs longer than a few seconds; outputs appear only when complete.

Our own options are long ones: ``--processes N`` (0: one per CPU for 50 MB of FASTA or more), ``--exit-zero``,
``--json FILE``, ``--no-json``, ``--quiet``, ``--select``/``--ignore CODE,...``, ``--worker-memory MB``.
"""

from __future__ import annotations

import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from gbprep.job.run import GapRule, JobOptions, JobResult, base_name, run_job
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Severity
from gbprep.rules import RuleOptions

EXIT_CLEAN, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2

# Every flag tbl2asn 25.3 knows: (takes a value, what it means, supported here).
FLAGS: dict[str, tuple[bool, str, bool]] = {
    "p": (True, "path to files", True),
    "r": (True, "path for results", True),
    "i": (True, "single input file", True),
    "o": (True, "single output file", True),
    "x": (True, "suffix", True),
    "E": (False, "recurse", True),
    "t": (True, "template file", True),
    "a": (True, "file type", True),
    "s": (False, "read FASTAs as set", True),
    "g": (False, "genomic product set", False),
    "J": (False, "delayed genomic product set", False),
    "F": (True, "feature ID links", False),
    "A": (True, "accession", False),
    "C": (True, "genome center tag", True),
    "n": (True, "organism name", True),
    "j": (True, "source qualifiers", True),
    "y": (True, "comment", True),
    "Y": (True, "comment file", True),
    "D": (True, "descriptors file", False),
    "f": (True, "single table file", True),
    "k": (True, "CDS flags", False),
    "V": (True, "verification", True),
    "v": (False, "validate (obsolete: -V v)", True),
    "b": (False, "generate GenBank file (obsolete: -V b)", True),
    "q": (False, "seq ID from file name", False),
    "u": (False, "GenProdSet to NucProtSet", False),
    "h": (False, "general ID to note", False),
    "G": (True, "alignment gap flags", False),
    "R": (False, "remote sequence record fetching", False),
    "S": (False, "smart feature annotation", False),
    "Q": (True, "mRNA title policy", False),
    "U": (False, "remove unnecessary gene xref", True),
    "L": (False, "force local protein_id/transcript_id", False),
    "T": (False, "remote taxonomy lookup (here: the local taxonomy store)", True),
    "P": (False, "remote publication lookup", False),
    "W": (False, "log progress", True),
    "K": (False, "save Bioseq-set", False),
    "H": (True, "hold until publish", True),
    "Z": (True, "discrepancy report output file", True),
    "c": (True, "cleanup", True),
    "z": (True, "cleanup log file", False),
    "X": (True, "extra flags", True),
    "N": (True, "project version number", True),
    "w": (True, "single structured comment file", True),
    "M": (True, "master genome flags", True),
    "l": (True, "linkage evidence", True),
    "m": (True, "lineage for the discrepancy report", False),
}
LINKAGE_EVIDENCE = (
    "paired-ends",
    "align-genus",
    "align-xgenus",
    "align-trnscpt",
    "within-clone",
    "clone-contig",
    "map",
    "strobe",
)
VERIFY_LETTERS = {"v": "validate", "b": "GenBank flatfile"}
VERIFY_UNSUPPORTED = {"r": "without country check", "c": "BarCode", "g": "gene report", "t": "TSA check"}
CLEANUP_LETTERS = {"f": "fix product names", "x": "extend partial ends to gaps or sequence ends"}
CLEANUP_UNSUPPORTED = {
    "d": "correct collection dates (month first)",
    "D": "correct collection dates (day first)",
    "b": "note on overlapping coding regions",
    "p": "exception on non-extendable partials",
    "s": "exception on short introns",
}
EXTRA_LETTERS = {
    "C": "apply .cmt comments to all sequences",
    "E": "treat as eukaryote in the discrepancy report",
}
SIDE_SUFFIXES = (".tbl", ".src", ".cmt", ".pep", ".rna")
GFF_SUFFIXES = (".gff3", ".gff")
_GAP_TYPE = re.compile(r"^r(\d+)([ku])$")
_LONG = {"--processes", "--json", "--select", "--ignore", "--worker-memory", "--taxonomy-store"}
_LONG_FLAGS = {"--exit-zero", "--no-json", "--quiet", "--help"}


class UsageError(Exception):
    """A command line we cannot run as asked; the message says what to change."""


@dataclass(slots=True)
class Parsed:
    flags: dict[str, str] = field(default_factory=dict)  # letter -> value ("T"/"F" for booleans)
    file_types: list[str] = field(default_factory=list)  # every -a value, in order
    long: dict[str, str] = field(default_factory=dict)
    help: bool = False


def parse_args(argv: Sequence[str]) -> Parsed:
    """tbl2asn's syntax: ``-X value``, ``-Xvalue``; a T/F flag alone means T. Raises ``UsageError``."""
    parsed = Parsed()
    args = list(argv)
    i = 0
    while i < len(args):
        token = args[i]
        i += 1
        if token in ("-", "--help"):
            parsed.help = True
            continue
        if token.startswith("--"):
            name, eq, value = token.partition("=")
            if name in _LONG_FLAGS and not eq:
                parsed.long[name] = "T"
            elif name in _LONG:
                if not eq:
                    if i >= len(args):
                        raise UsageError(f"{name} needs a value")
                    value, i = args[i], i + 1
                parsed.long[name] = value
            else:
                raise UsageError(f"unknown option {name}")
            continue
        if not token.startswith("-") or len(token) < 2:
            raise UsageError(f"unexpected argument {token!r}: name the input with -i FILE or -p FOLDER")
        letter, attached = token[1], token[2:]
        if letter not in FLAGS:
            raise UsageError(f"-{letter} is not a tbl2asn flag (run with - to list the flags)")
        takes_value, meaning, supported = FLAGS[letter]
        if not supported:
            raise UsageError(f"-{letter} ({meaning}) is not supported by this command")
        if takes_value:
            if not attached:
                if i >= len(args):
                    raise UsageError(f"-{letter} ({meaning}) needs a value")
                attached, i = args[i], i + 1
            value = attached
        elif attached:
            value = attached.upper()
        elif i < len(args) and args[i].upper() in ("T", "F"):
            value, i = args[i].upper(), i + 1
        else:
            value = "T"
        if not takes_value and value not in ("T", "F"):
            raise UsageError(f"-{letter} ({meaning}) takes T or F, not {value!r}")
        if letter == "a":
            parsed.file_types.append(value)
        parsed.flags[letter] = value
    return parsed


def _letters(value: str, flag: str, known: dict[str, str], unsupported: dict[str, str]) -> set[str]:
    letters = set(value)
    for letter in sorted(letters):
        if letter in unsupported:
            raise UsageError(f"-{flag} {letter} ({unsupported[letter]}) is not supported by this command")
        if letter not in known:
            listed = ", ".join(f"{k} ({v})" for k, v in known.items())
            raise UsageError(f"-{flag} {letter}: unknown letter; supported: {listed}")
    return letters


def _hold_date(value: str) -> date:
    if value.lower() == "y":
        today = date.today()
        return (
            today.replace(year=today.year + 1)
            if (today.month, today.day) != (2, 29)
            else today.replace(year=today.year + 1, day=28)
        )
    try:
        return datetime.strptime(value, "%m/%d/%Y").date()
    except ValueError:
        raise UsageError(f"-H {value}: give y (one year) or a date as mm/dd/yyyy") from None


def _existing(value: str, flag: str, what: str) -> Path:
    path = Path(value)
    if not path.is_file():
        raise UsageError(f"-{flag} {value}: no such {what}")
    return path


def _codes(value: str) -> frozenset[str]:
    return frozenset(c.strip() for c in value.split(",") if c.strip())


def _taxonomy_store(parsed: Parsed) -> Path | None:
    """-T looks organisms up in our local taxonomy store (tbl2asn asks NCBI over the network)."""
    store = parsed.long.get("--taxonomy-store")
    if parsed.flags.get("T") != "T":
        return None
    if store is None:
        raise UsageError(
            "-T looks organisms up in a local taxonomy store: load one with 'python -m validation taxonomy "
            "load TAXDUMP_DIR --store FILE' and give --taxonomy-store FILE (without -T, the built-in table "
            "of common organisms is used)"
        )
    if not Path(store).is_file():
        raise UsageError(f"--taxonomy-store {store}: no such file")
    return Path(store)


def build_options(parsed: Parsed) -> JobOptions:
    """The job's options from tbl2asn's flags; raises ``UsageError`` for what we do not do."""
    flags = parsed.flags
    fasta_set = flags.get("s") == "T"
    gaps: GapRule | None = None
    for kind in parsed.file_types:
        match = _GAP_TYPE.match(kind)
        if kind == "s":
            fasta_set = True
        elif match:  # any -a makes tbl2asn read the FASTA as a set
            fasta_set = True
            gaps = GapRule(min_run=int(match.group(1)), unknown_100=match.group(2) == "u")
        elif kind != "a":
            raise UsageError(f"-a {kind} is not supported by this command (supported: a, s, r<N>k, r<N>u)")
    genome = False
    if "M" in flags:
        if flags["M"] != "n":
            raise UsageError(f"-M {flags['M']} is not supported by this command (supported: -M n)")
        genome = fasta_set = True  # -M n stands for -a s -V v, and FATAL marks in the discrepancy report
    verify = _letters(flags.get("V", ""), "V", VERIFY_LETTERS, VERIFY_UNSUPPORTED)
    cleanup = _letters(flags.get("c", ""), "c", CLEANUP_LETTERS, CLEANUP_UNSUPPORTED)
    extra = _letters(flags.get("X", ""), "X", EXTRA_LETTERS, {"A": "automatic definition lines"})
    linkage = flags.get("l")
    if linkage is not None and linkage not in LINKAGE_EVIDENCE:
        raise UsageError(f"-l {linkage}: must be one of {', '.join(LINKAGE_EVIDENCE)}")
    try:
        version = int(flags.get("N", "0"))
        processes = int(parsed.long.get("--processes", "0"))
        memory = int(parsed.long["--worker-memory"]) if "--worker-memory" in parsed.long else None
    except ValueError as exc:
        raise UsageError(f"a number was expected: {exc}") from None
    if "o" in flags and Path(flags["o"]).suffix == "":
        raise UsageError(f"-o {flags['o']}: give the .sqn file's name")
    rules = RuleOptions(
        select=_codes(parsed.long["--select"]) if "--select" in parsed.long else None,
        ignore=_codes(parsed.long.get("--ignore", "")),
    )
    return JobOptions(
        fasta_set=fasta_set,
        gaps=gaps,
        linkage_evidence=linkage,
        source_qualifiers=flags.get("j", ""),
        organism=flags.get("n"),
        comment=flags.get("y"),
        comment_file=_existing(flags["Y"], "Y", "comment file") if "Y" in flags else None,
        structured_comment_file=_existing(flags["w"], "w", "structured comment file")
        if "w" in flags
        else None,
        comments_to_all="C" in extra,
        eukaryote="E" in extra,
        validate="v" in verify or flags.get("v") == "T" or genome,
        flatfile="b" in verify or flags.get("b") == "T",
        sqn_path=Path(flags["o"]) if "o" in flags else None,
        discrepancy_path=Path(flags["Z"]) if "Z" in flags else None,
        genome=genome,
        cleanup="".join(sorted(cleanup)),
        hold_until=_hold_date(flags["H"]) if "H" in flags else None,
        center_tag=flags.get("C"),
        project_version=version,
        remove_gene_xrefs=flags.get("U") == "T",
        taxonomy_lookup=flags.get("T") == "T",
        taxonomy_store=_taxonomy_store(parsed),
        processes=processes,
        exit_zero="--exit-zero" in parsed.long,
        rules=rules,
        json_path=Path(parsed.long["--json"]) if "--json" in parsed.long else None,
        write_json="--no-json" not in parsed.long,
        worker_memory_mb=memory,
    )


def _side_files(fasta: Path) -> list[Path]:
    """The files beside a FASTA that share its base name. A GFF3 is taken only when there is no .tbl: the two
    would annotate the sequences twice (tbl2asn itself ignores GFF3)."""
    stem = base_name(fasta.name)
    found: dict[str, Path] = {}
    for suffix in SIDE_SUFFIXES + GFF_SUFFIXES:
        for candidate in (fasta.with_name(stem + suffix), fasta.with_name(stem + suffix + ".gz")):
            if candidate.is_file():
                found.setdefault(suffix, candidate)
    if ".tbl" in found:
        for suffix in GFF_SUFFIXES:
            found.pop(suffix, None)
    elif ".gff3" in found:
        found.pop(".gff", None)
    return list(found.values())


def discover(parsed: Parsed) -> tuple[list[InputFile], Path]:
    """The input files (each FASTA with the side files that share its base name) and the results folder."""
    flags = parsed.flags
    suffix = flags.get("x", ".fsa")
    if InputFile(Path("x" + suffix), "x" + suffix).kind != "fasta":
        raise UsageError(f"-x {suffix}: only FASTA suffixes (.fsa, .fa, .fasta, .fna) are supported")
    folder = Path(flags["p"]) if "p" in flags else None
    if folder is not None and not folder.is_dir():
        raise UsageError(f"-p {folder}: no such folder")
    if "i" in flags:
        single = Path(flags["i"])
        if not single.is_file() and folder is not None and (folder / single).is_file():
            single = folder / single
        if not single.is_file():
            raise UsageError(f"-i {flags['i']}: no such file")
        fastas = [single]
    elif folder is not None:
        pattern = f"**/*{suffix}" if flags.get("E") == "T" else f"*{suffix}"
        fastas = sorted({*folder.glob(pattern), *folder.glob(pattern + ".gz")})
        fastas = [f for f in fastas if f.is_file()]
        if not fastas:
            raise UsageError(f"-p {folder}: no *{suffix} files there (-x sets the suffix, -E recurses)")
    else:
        raise UsageError("name the input: -i FILE.fsa, or -p FOLDER for every .fsa in it")
    bases = [base_name(f.name) for f in fastas]
    clash = sorted({b for b in bases if bases.count(b) > 1})
    if clash:
        raise UsageError(f"several FASTA files would write {clash[0]}.sqn; run them separately")
    if "o" in flags and len(fastas) > 1:
        raise UsageError("-o names one output file, but there are several FASTA files (use -r FOLDER)")
    paths: list[Path] = []
    for fasta in fastas:
        paths.append(fasta)
        paths.extend(_side_files(fasta))
    if "t" in flags:
        paths.append(_existing(flags["t"], "t", "template file"))
    if "f" in flags:
        paths.append(_existing(flags["f"], "f", "table file"))
    results = Path(flags["r"]) if "r" in flags else (folder if folder is not None else fastas[0].parent)
    unique = list(dict.fromkeys(p.resolve() for p in paths))
    return [InputFile(p, p.name) for p in unique], results


class ProgressLine:
    """Progress on stderr, for long runs only: nothing in the first seconds, then at most once a second."""

    def __init__(self, out: TextIO, *, always: bool = False, delay: float = 3.0) -> None:
        self.out, self.always, self.delay = out, always, delay
        self.started = time.monotonic()
        self.last = 0.0
        self.shown = False

    def __call__(self, percent: int, note: str) -> None:
        now = time.monotonic()
        if not self.always and now - self.started < self.delay:
            return
        if now - self.last < 1.0 and percent < 100:
            return
        self.last = now
        self.shown = True
        self.out.write(f"[tbl2asn] {percent:3d}% {note}\n")
        self.out.flush()


HELP = """usage: python -m validation tbl2asn -p FOLDER | -i FILE.fsa  [-t template.sbt] [tbl2asn flags] [our options]

tbl2asn's flags supported here (see NCBI's tbl2asn documentation for their meaning):
  -p -r -i -o -x -E -t -a (a, s, r<N>k, r<N>u) -s -j -n -y -Y -w -V (v, b) -v -b -Z -M n -c (f, x)
  -l -H (y, mm/dd/yyyy) -X (C, E) -C -N -U -T -W -f
Any other tbl2asn flag or value is refused with a message (exit 2).

Our own options:
  --processes N      worker processes (0, the default: one per CPU from 50 MB of FASTA; 1: none)
  --exit-zero        exit 0 even when ERRORs were found (tbl2asn's behaviour)
  --json FILE        where to write the JSON report (default: report.json in the results folder)
  --no-json          write no JSON report
  --quiet            no progress on stderr
  --select CODES     run only these validator codes (comma-separated)
  --ignore CODES     skip these validator codes
  --worker-memory MB address-space limit per worker process
  --taxonomy-store F the local taxonomy store -T reads (python -m validation taxonomy load)

Exit status: 0 clean, 1 ERROR or REJECT found, 2 bad command line.
"""


def _summary(result: JobResult) -> str:
    counts = result.report.summary()
    levels = ", ".join(f"{counts[s.name]} {s.name}" for s in reversed(Severity))
    stats = result.stats
    return (
        f"[tbl2asn] {stats.get('sequences', 0)} sequences, {stats.get('features', 0)} features: {levels} "
        f"({stats.get('seconds', 0):.1f} s)"
    )


def main(argv: Sequence[str] | None = None, *, stderr: TextIO | None = None) -> int:
    err = stderr or sys.stderr
    try:
        parsed = parse_args(sys.argv[2:] if argv is None else argv)
        if parsed.help or not (parsed.flags or parsed.long):
            err.write(HELP)
            return EXIT_CLEAN if parsed.help else EXIT_USAGE
        options = build_options(parsed)
        inputs, results = discover(parsed)
    except UsageError as exc:
        err.write(f"[tbl2asn] error: {exc}\n")
        return EXIT_USAGE
    progress = None
    if "--quiet" not in parsed.long:
        progress = ProgressLine(err, always=parsed.flags.get("W") == "T")
    result = run_job(inputs, options, results, progress=progress)
    for note in result.notes:
        err.write(f"[tbl2asn] note: {note}\n")
    if "--quiet" not in parsed.long:
        err.write(_summary(result) + "\n")
    return result.exit_code(options.exit_zero)
