"""The engine's entry point for a set of submission files: read them all, report everything.

Files are routed by what their name says (``.fsa``, ``.tbl``, ...; ``.gz`` stripped). Sequences stream one at a
time, so memory stays bounded by the largest single sequence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from validation.core.diagnostics import Report, Severity, SourcePos, declare
from validation.core.readers.fasta import read_fasta
from validation.core.readers.textio import DEFAULT_LIMITS, ReadLimits

Progress = Callable[[int, str], None]

UNKNOWN_KIND = declare(
    "READ.UnknownFileType",
    Severity.WARNING,
    "A file whose type the name does not tell",
    "Name files by what they hold: .fsa (nucleotide FASTA), .tbl (feature table), .sbt (template), .src "
    "(source table), .cmt (structured comment), .pep (proteins), .gff3; .gz may follow. The file was not read.",
)
NO_SEQUENCES = declare(
    "READ.NoSequences",
    Severity.ERROR,
    "No nucleotide FASTA file among the inputs",
    "Upload the genome's sequences as a nucleotide FASTA file (.fsa).",
)

KINDS = {
    ".fsa": "fasta",
    ".fa": "fasta",
    ".fasta": "fasta",
    ".fna": "fasta",
    ".tbl": "table",
    ".sbt": "template",
    ".src": "source",
    ".cmt": "comment",
    ".pep": "protein",
    ".rna": "rna",
    ".gff": "gff3",
    ".gff3": "gff3",
}


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    name: str  # what findings call the file: the user's own name

    @property
    def kind(self) -> str:
        suffixes = [s.lower() for s in Path(self.name).suffixes]
        if suffixes and suffixes[-1] in (".gz", ".gzip"):
            suffixes = suffixes[:-1]
        return KINDS.get(suffixes[-1], "unknown") if suffixes else "unknown"


@dataclass(slots=True)
class CheckResult:
    report: Report
    stats: dict[str, int] = field(default_factory=dict)


def check_files(
    inputs: Sequence[InputFile], *, progress: Progress | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> CheckResult:
    """Read every input and collect every finding. Never raises on bad input."""
    report = Report()
    stats = {"files": len(inputs), "sequences": 0, "residues": 0}
    total_bytes = sum(max(f.path.stat().st_size, 1) for f in inputs) or 1
    done_bytes = 0

    def tick(note: str, within: int = 0) -> None:
        # Residues stand in for bytes read within the current file: close enough for a progress bar.
        if progress is not None:
            progress(min(99, (done_bytes + within) * 100 // total_bytes), note)

    for item in inputs:
        kind = item.kind
        tick(f"reading {item.name}")
        if kind == "fasta":
            within = 0
            for record in read_fasta(item.path, report, name=item.name, limits=limits):
                stats["sequences"] += 1
                stats["residues"] += len(record)
                within += len(record)
                tick(f"read {record.seq_id} from {item.name}", within)
        elif kind == "unknown":
            report.add(
                UNKNOWN_KIND(SourcePos(item.name, 1), f"{item.name}: the name does not say what it holds.")
            )
        done_bytes += max(item.path.stat().st_size, 1)
    if not any(f.kind == "fasta" for f in inputs):
        report.add(NO_SEQUENCES(None, "None of the files is a nucleotide FASTA (.fsa) file."))
    if progress is not None:
        progress(100, "done")
    return CheckResult(report=report, stats=stats)
