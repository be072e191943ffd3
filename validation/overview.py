"""What the report's picture needs: each sequence's length, its features' spans, and where the findings are.

Computed by the worker right after the engine ran, from the same local files, and stored with the run; the
report page draws it as SVG. Sequence lengths come from a plain byte scan (much faster than the engine's
reader, which has already checked the files); features come from the engine's own table reader.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding, Report
from gbprep.readers.feature_table import read_feature_table

MAX_SEQUENCES = 200  # the picture shows the longest ones; the rest are counted
MAX_FEATURES = 20_000  # in all; beyond that each sequence's spans are thinned evenly


def _open(path: Path) -> BinaryIO:
    with path.open("rb") as probe:
        gz = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gz else path.open("rb")  # type: ignore[return-value]


def sequence_lengths(path: Path) -> dict[str, int]:
    lengths: dict[str, int] = {}
    current: str | None = None
    try:
        with _open(path) as stream:
            for line in stream:
                if line.startswith(b">"):
                    words = line[1:].split()
                    current = words[0].decode("utf-8", "replace") if words else ""
                    lengths.setdefault(current, 0)
                elif current is not None:
                    lengths[current] += len(line.strip())
    except (OSError, EOFError):
        pass  # a damaged file: the engine reported it; the picture shows what was readable
    return lengths


def _thin(spans: list[list[Any]], cap: int) -> list[list[Any]]:
    if len(spans) <= cap:
        return spans
    step = len(spans) / cap
    return [spans[int(i * step)] for i in range(cap)]


def build_overview(inputs: Sequence[InputFile], findings: Iterable[Finding]) -> dict[str, Any]:
    """{"sequences": [{"id", "length", "features": [[start, end, key]], "problems": [[start, end, severity,
    code, file, line]]}], "more": n} - positions 1-based, start <= end; 0, 0 for the whole sequence."""
    lengths: dict[str, int] = {}
    for item in inputs:
        if item.kind == "fasta":
            lengths.update(sequence_lengths(item.path))
    findings = list(findings)
    # Only the lines findings name are looked up: a gigabase table's every row would cost hundreds of MB.
    named = {(f.pos.file, f.pos.line) for f in findings if f.pos is not None and f.pos.line}
    features: dict[str, list[list[Any]]] = {}
    by_line: dict[tuple[str, int], tuple[str, int, int]] = {}
    for item in inputs:
        if item.kind != "table":
            continue
        try:
            for table in read_feature_table(item.path, Report(), name=item.name):
                for feature in table:
                    if not feature.intervals:
                        continue
                    ends = [p for i in feature.intervals for p in (i.start, i.stop)]
                    start, end = min(ends), max(ends)
                    features.setdefault(table.seq_id, []).append([start, end, feature.key])
                    for key in [(feature.pos.file, feature.pos.line)] + [
                        (i.pos.file, i.pos.line) for i in feature.intervals
                    ]:
                        if key in named:
                            by_line[key] = (table.seq_id, start, end)
        except Exception:
            continue
    problems: dict[str, list[list[Any]]] = {}
    for finding in findings:
        pos = finding.pos
        where = by_line.get((pos.file, pos.line)) if pos and pos.line else None
        if where is None and finding.seq_id and finding.seq_id in lengths:
            # About the whole sequence (no feature line): a mark at its start, not a bar over all of it.
            where = (finding.seq_id, 0, 0)
        if where is None:
            continue
        seq_id, start, end = where
        problems.setdefault(seq_id, []).append(
            [start, end, finding.severity.name, finding.code, pos.file if pos else "", pos.line if pos else 0]
        )
    ordered = sorted(lengths.items(), key=lambda kv: -kv[1])
    shown = ordered[:MAX_SEQUENCES]
    cap = max(50, MAX_FEATURES // max(1, len(shown)))
    return {
        "sequences": [
            {
                "id": seq_id,
                "length": length,
                "features": _thin(sorted(features.get(seq_id, [])), cap),
                "problems": problems.get(seq_id, [])[:2000],
            }
            for seq_id, length in shown
        ],
        "more": len(ordered) - len(shown),
    }
