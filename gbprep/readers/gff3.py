"""Read GFF3 (and GTF) annotation line by line, keeping file, line and column on everything.

API
    ``iter_gff3(path, report, *, name=None, limits=DEFAULT_LIMITS) -> Iterator[GffRecord | GffDirective]``
        Streams the feature lines as ``GffRecord`` objects and the ``##`` directives as ``GffDirective``;
        nothing is held but the current line. Sequences after ``##FASTA`` arrive as ``SequenceRecord``.
    ``read_gff3(path, report, ...) -> GffDocument``
        The same, collected: records in file order, ``##sequence-region`` extents, circular SeqIDs, the
        embedded sequences and whether the file is GTF. ``gbprep.gff`` builds features from it.

What is read, following the GFF3 specification (v1.26) and what real pipelines write:

* Nine TAB-separated columns; a line with no TAB but nine or more space-separated words is read with a
  warning (files pasted through an editor). Percent escapes (``%3B``, ``%2C``, ``%09`` ...) are decoded in
  the SeqID, type and attribute columns.
* Attributes are ``key=value`` pairs split on ``;``. Commas split a value into several only for the keys the
  specification defines as lists (``Parent``, ``Alias``, ``Dbxref``, ``Ontology_term``, ``Derives_from``)
  and their common relatives; elsewhere (``product``, ``Note`` ...) an unescaped comma is kept, because
  that is what the submitter meant (bakta#69).
* GTF (``gene_id "x"; transcript_id "y";``) is recognised from the attribute syntax. Its lines get GFF3
  ``ID``/``Parent`` attributes (gene_id, transcript_id), so one builder serves both formats.
* ``##sequence-region``, ``##FASTA`` (or a bare ``>`` line) and ``Is_circular=true`` on a region line are
  kept; ``###`` and ``#!`` pragmas and comments are skipped.

Every problem is a finding at the user's line (and column where it helps), and reading goes on: a broken line
costs that line, never the file. Nothing here raises on bad input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.records import LineMap, SequenceRecord
from gbprep.readers.textio import DEFAULT_LIMITS, Line, ReadLimits, TextSource

# --- findings -----------------------------------------------------------------------------------------------

COLUMN_COUNT = declare(
    "GFF3.ColumnCount",
    Severity.ERROR,
    "A feature line does not have nine TAB-separated columns",
    "Each GFF3 feature line has nine columns separated by TABs: seqid, source, type, start, end, score, "
    "strand, phase, attributes (use '.' for an empty column). The line was ignored.",
)
SPACE_SEPARATED = declare(
    "GFF3.SpaceSeparated",
    Severity.WARNING,
    "Columns separated by spaces instead of TABs",
    "Separate the nine columns with TAB characters; spaces are allowed only inside the attribute column. "
    "The line was read by splitting on spaces.",
)
BAD_POSITION = declare(
    "GFF3.BadPosition",
    Severity.ERROR,
    "Start or end is not a positive whole number",
    "Columns 4 and 5 hold the 1-based start and end of the feature, start <= end on either strand. The "
    "line was ignored.",
)
START_AFTER_END = declare(
    "GFF3.StartAfterEnd",
    Severity.ERROR,
    "The start is greater than the end",
    "In GFF3 the start (column 4) is always the lower position, also on the minus strand; the strand goes in "
    "column 7. The line was read with the two swapped.",
)
BAD_STRAND = declare(
    "GFF3.BadStrand",
    Severity.ERROR,
    "The strand column is not +, - or .",
    "Column 7 is '+' (forward), '-' (reverse) or '.' (no strand). The feature was read on the plus strand.",
)
BAD_PHASE = declare(
    "GFF3.BadPhase",
    Severity.ERROR,
    "The phase column is not 0, 1, 2 or .",
    "Column 8 (phase) is 0, 1 or 2 on CDS lines (bases to skip before the first whole codon) and '.' "
    "elsewhere. The phase was ignored.",
)
MISSING_PHASE = declare(
    "GFF3.MissingPhase",
    Severity.WARNING,
    "A CDS line has no phase",
    "Give every CDS line its phase (0, 1 or 2) in column 8; without it the reading frame of a partial "
    "CDS cannot be known. Phase 0 was assumed.",
)
BAD_ATTRIBUTE = declare(
    "GFF3.BadAttribute",
    Severity.WARNING,
    "An attribute is not written key=value",
    "Write attributes as key=value pairs separated by ';' (e.g. ID=gene1;Name=abcA). Escape ';', '=', ',' "
    "and '&' inside values as %3B, %3D, %2C and %26. The malformed part was ignored.",
)
REPEATED_ATTRIBUTE = declare(
    "GFF3.RepeatedAttribute",
    Severity.WARNING,
    "The same attribute is given twice on one line",
    "Give each attribute once and separate several values with commas (Dbxref=a:1,b:2). Both values were "
    "kept.",
)
NOT_GFF = declare(
    "GFF3.NotGff",
    Severity.ERROR,
    "The file holds no GFF3 or GTF feature lines",
    "Upload the annotation as GFF3 (nine TAB-separated columns per feature, '##gff-version 3' first) or GTF.",
)
VERSION = declare(
    "GFF3.Version",
    Severity.INFO,
    "The file does not start with '##gff-version 3'",
    "Start a GFF3 file with the line '##gff-version 3'. The file was read as GFF3 (or GTF) all the same.",
)
BAD_DIRECTIVE = declare(
    "GFF3.BadDirective",
    Severity.WARNING,
    "A '##sequence-region' line that cannot be read",
    "Write '##sequence-region SEQID START END', e.g. '##sequence-region contig_1 1 50000'. It was ignored.",
)
FASTA_WITHOUT_DIRECTIVE = declare(
    "GFF3.FastaWithoutDirective",
    Severity.WARNING,
    "Sequence lines begin without a '##FASTA' line",
    "Put a line '##FASTA' between the last feature and the first '>' line. The rest of the file was read as "
    "FASTA.",
)
BAD_RESIDUE = declare(
    "GFF3.BadResidue",
    Severity.ERROR,
    "A character in the ##FASTA section that is not a nucleotide",
    "Sequences hold IUPAC nucleotide letters only (A, C, G, T, N, ...). The character was dropped, which "
    "shifts every later position.",
)

# Keys whose values the specification (and common practice) defines as comma-separated lists.
LIST_KEYS = frozenset(
    {"Parent", "Alias", "Dbxref", "db_xref", "Ontology_term", "Derives_from", "go_terms", "gene_synonym"}
)
_GTF_ATTR = re.compile(r'\s*([A-Za-z_][\w.]*)\s+"([^"]*)"\s*;?')
_GTF_PLAIN = re.compile(r"\s*([A-Za-z_][\w.]*)\s+([^\s;\"]+)\s*;?")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")
_NUCLEOTIDES = frozenset("ACGTUMRWSYKVHDBN")


@dataclass(slots=True)
class GffAttribute:
    key: str
    values: list[str]
    column: int  # 1-based column of the key on the line


@dataclass(slots=True)
class GffRecord:
    """One feature line. ``start <= end`` always; ``strand`` is '+', '-' or '.'."""

    seq_id: str
    source: str
    type: str
    start: int
    end: int
    score: str
    strand: str
    phase: int | None
    attributes: dict[str, GffAttribute]
    pos: SourcePos
    gtf: bool = False

    def get(self, key: str) -> str | None:
        """The attribute's value (several joined with commas), or None."""
        attr = self.attributes.get(key)
        return ",".join(attr.values) if attr is not None else None

    def all(self, key: str) -> list[str]:
        attr = self.attributes.get(key)
        return list(attr.values) if attr is not None else []

    def attr_pos(self, key: str) -> SourcePos:
        attr = self.attributes.get(key)
        return SourcePos(self.pos.file, self.pos.line, attr.column if attr else None)

    @property
    def id(self) -> str | None:
        return self.get("ID")

    @property
    def parents(self) -> list[str]:
        return self.all("Parent")


@dataclass(frozen=True, slots=True)
class GffDirective:
    name: str  # without the leading '##'
    args: list[str]
    pos: SourcePos


@dataclass(slots=True)
class GffDocument:
    name: str
    records: list[GffRecord] = field(default_factory=list)
    regions: dict[str, tuple[int, int, SourcePos]] = field(default_factory=dict)
    circular: set[str] = field(default_factory=set)
    sequences: list[SequenceRecord] = field(default_factory=list)
    is_gtf: bool = False


def read_gff3(
    path: str | Path, report: Report, *, name: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> GffDocument:
    """Every record, region and embedded sequence of one GFF3/GTF file; problems go to ``report``."""
    doc = GffDocument(name=name or Path(path).name)
    for item in iter_gff3(path, report, name=doc.name, limits=limits):
        if isinstance(item, GffRecord):
            doc.records.append(item)
            if item.type == "region" and (item.get("Is_circular") or "").lower() == "true":
                doc.circular.add(item.seq_id)
            doc.is_gtf = doc.is_gtf or item.gtf
        elif isinstance(item, SequenceRecord):
            doc.sequences.append(item)
        elif item.name == "sequence-region":
            _add_region(doc, item, report)
    return doc


def _add_region(doc: GffDocument, item: GffDirective, report: Report) -> None:
    args = item.args
    if len(args) == 3 and args[1].isdigit() and args[2].isdigit():
        doc.regions[unquote(args[0])] = (int(args[1]), int(args[2]), item.pos)
    elif len(args) != 1:  # a bare SeqID (NCBI writes these) says nothing to check
        report.add(
            BAD_DIRECTIVE(item.pos, f"Line {item.pos.line}: '##sequence-region {' '.join(args)[:60]}'.")
        )


def iter_gff3(
    path: str | Path, report: Report, *, name: str | None = None, limits: ReadLimits = DEFAULT_LIMITS
) -> Iterator[GffRecord | GffDirective | SequenceRecord]:
    source = TextSource(path, report, name=name, limits=limits)
    file = source.name
    lines = source.lines()
    version_seen = False
    records = 0
    gtf: bool | None = None
    for line in lines:
        text = line.text
        stripped = text.strip()
        if not stripped:
            continue
        if stripped.startswith("##gff-version"):
            version_seen = True
            continue
        if stripped.startswith("##"):
            words = stripped[2:].split()
            if not words:
                continue
            if words[0].upper() == "FASTA":
                yield from _read_fasta(lines, report, file)
                break
            yield GffDirective(words[0], words[1:], SourcePos(file, line.number))
            continue
        if stripped.startswith("#"):
            continue
        if stripped.startswith(">"):
            report.add(
                FASTA_WITHOUT_DIRECTIVE(
                    SourcePos(file, line.number), f"Line {line.number} starts a sequence."
                )
            )
            yield from _read_fasta(lines, report, file, header=(line.number, stripped))
            break
        record = _read_record(text, line.number, file, report, gtf)
        if record is not None:
            records += 1
            if gtf is None:
                gtf = record.gtf
            yield record
    if records == 0:
        report.add(NOT_GFF(SourcePos(file, 1), f"{file} has no feature lines."))
    elif not version_seen and not gtf:
        report.add(VERSION(SourcePos(file, 1), f"{file} does not declare its GFF version."))


def _columns(text: str, number: int, file: str, report: Report) -> list[str] | None:
    cols = text.rstrip("\r\n").split("\t")
    while len(cols) > 9 and not cols[-1].strip():
        cols.pop()  # trailing TABs
    if len(cols) == 8 and cols[7].strip() in ("0", "1", "2", "."):
        cols.append("")  # no attribute column: allowed in practice, nothing is lost
    if len(cols) == 9:
        return cols
    if 1 < len(cols) < 9:
        # Some columns glued by spaces ('pseudogenic_CDS 1250<TAB>...'): split what comes before the last.
        words = " ".join(cols[:-1]).split()
        if len(words) == 8:
            report.add(SPACE_SEPARATED(SourcePos(file, number), f"Line {number} is not separated by TABs."))
            return [*words, cols[-1]]
    words = text.split()
    if len(cols) < 9 and len(words) >= 8:
        # Spaces between all columns, as pasted through an editor.
        report.add(SPACE_SEPARATED(SourcePos(file, number), f"Line {number} is not separated by TABs."))
        return [*words[:8], " ".join(words[8:])]
    report.add(
        COLUMN_COUNT(SourcePos(file, number), f"Line {number} has {len(cols)} TAB-separated columns, not 9.")
    )
    return None


def _read_record(text: str, number: int, file: str, report: Report, gtf: bool | None) -> GffRecord | None:
    cols = _columns(text, number, file, report)
    if cols is None:
        return None
    offsets = [0]
    for col in cols[:-1]:
        offsets.append(offsets[-1] + len(col) + 1)

    def at(index: int) -> SourcePos:
        return SourcePos(file, number, offsets[index] + 1)

    seq_id, source, kind, start_s, end_s, score, strand, phase_s, attr_text = (c.strip() for c in cols)
    try:
        start, end = int(start_s), int(end_s)
    except ValueError:
        start = end = 0
    if start < 1 or end < 1:
        bad = 3 if not (start_s.isdigit() and int(start_s) > 0) else 4
        report.add(
            BAD_POSITION(
                at(bad), f"Line {number}: start {start_s[:20]!r} and end {end_s[:20]!r} must be positive."
            )
        )
        return None
    if start > end:
        report.add(START_AFTER_END(at(3), f"Line {number}: start {start:,} is greater than end {end:,}."))
        start, end = end, start
    if strand not in ("+", "-", ".", "?"):
        report.add(BAD_STRAND(at(6), f"Line {number}: strand {strand[:10]!r}."))
        strand = "."
    phase: int | None = None
    if phase_s in ("0", "1", "2"):
        phase = int(phase_s)
    elif phase_s != ".":
        report.add(BAD_PHASE(at(7), f"Line {number}: phase {phase_s[:10]!r}."))
    is_gtf = gtf if gtf is not None else _looks_gtf(attr_text)
    if is_gtf:
        attributes = _gtf_attributes(attr_text, kind, number, file, offsets[8] + 1, report)
    else:
        attributes = _attributes(attr_text, number, file, offsets[8] + 1, report)
    if kind == "CDS" and phase is None and phase_s == ".":
        report.add(MISSING_PHASE(at(7), f"Line {number}: the CDS has '.' as its phase."))
        phase = 0
    return GffRecord(
        gtf=is_gtf,
        seq_id=_decode(seq_id),
        source=source,
        type=_decode(kind),
        start=start,
        end=end,
        score=score,
        strand="." if strand == "?" else strand,
        phase=phase,
        attributes=attributes,
        pos=SourcePos(file, number),
    )


def _decode(value: str) -> str:
    return unquote(value) if "%" in value and _ESCAPE.search(value) else value


def _attributes(text: str, number: int, file: str, column: int, report: Report) -> dict[str, GffAttribute]:
    attributes: dict[str, GffAttribute] = {}
    offset = 0
    for part in text.split(";"):
        col = column + offset
        offset += len(part) + 1
        if not part.strip():
            continue
        key, eq, value = part.partition("=")
        key = key.strip()
        if not eq or not key:
            report.add(
                BAD_ATTRIBUTE(
                    SourcePos(file, number, col), f"Line {number}: {part.strip()[:60]!r} has no '='."
                )
            )
            continue
        key = _decode(key)
        value = value.strip()
        values = [_decode(v.strip()) for v in value.split(",")] if key in LIST_KEYS else [_decode(value)]
        values = [v for v in values if v]
        if key in attributes:
            report.add(
                REPEATED_ATTRIBUTE(SourcePos(file, number, col), f"Line {number}: '{key}' is given twice.")
            )
            attributes[key].values.extend(values)
        else:
            attributes[key] = GffAttribute(key, values, col)
    return attributes


def _looks_gtf(text: str) -> bool:
    head = text.strip()
    return bool(head) and "=" not in head.split(";", 1)[0] and _GTF_ATTR.match(head) is not None


def _gtf_attributes(
    text: str, kind: str, number: int, file: str, column: int, report: Report
) -> dict[str, GffAttribute]:
    """GTF ``key "value";`` pairs, plus the GFF3 ``ID``/``Parent`` the builder needs (gene_id, transcript_id)."""
    attributes: dict[str, GffAttribute] = {}
    pos = 0
    while pos < len(text):
        match = _GTF_ATTR.match(text, pos) or _GTF_PLAIN.match(text, pos)
        if match is None:
            rest = text[pos:].strip()
            if rest:
                report.add(
                    BAD_ATTRIBUTE(
                        SourcePos(file, number, column + pos),
                        f'Line {number}: {rest[:60]!r} is not written key "value";',
                    )
                )
            break
        key, value = match.group(1), match.group(2)
        if key in attributes:
            attributes[key].values.append(value)
        else:
            attributes[key] = GffAttribute(key, [value], column + match.start(1))
        pos = match.end()
    gene_id = attributes.get("gene_id")
    transcript_id = attributes.get("transcript_id")
    col = column
    if kind == "gene" and gene_id:
        attributes["ID"] = GffAttribute("ID", [f"gene:{gene_id.values[0]}"], gene_id.column)
    elif kind in ("transcript", "mRNA") and transcript_id:
        attributes["ID"] = GffAttribute("ID", [f"transcript:{transcript_id.values[0]}"], transcript_id.column)
        if gene_id:
            attributes["Parent"] = GffAttribute("Parent", [f"gene:{gene_id.values[0]}"], gene_id.column)
    elif transcript_id:
        attributes["Parent"] = GffAttribute("Parent", [f"transcript:{transcript_id.values[0]}"], col)
    elif gene_id:
        attributes["Parent"] = GffAttribute("Parent", [f"gene:{gene_id.values[0]}"], col)
    return attributes


def _read_fasta(
    lines: Iterator[Line], report: Report, file: str, header: tuple[int, str] | None = None
) -> Iterator[SequenceRecord]:
    """The ``##FASTA`` section: plain records (no modifiers, no gap lines); bad characters are reported."""
    current: SequenceRecord | None = None
    parts: list[str] = []
    offset = 0
    bad_lines = 0

    def start(number: int, text: str) -> SequenceRecord:
        words = text[1:].split(None, 1)
        return SequenceRecord(
            seq_id=words[0] if words else "",
            title=words[1] if len(words) > 1 else "",
            pos=SourcePos(file, number),
            line_map=LineMap(),
        )

    if header is not None:
        current = start(*header)
    for line in lines:
        number, text = line.number, line.text.strip()
        if not text:
            continue
        if text.startswith(">"):
            if current is not None:
                current.residues = "".join(parts)
                yield current
            current, parts, offset = start(number, text), [], 0
            continue
        if current is None:
            continue
        residues = text.upper().replace(" ", "")
        if not set(residues) <= _NUCLEOTIDES:
            kept = "".join(c for c in residues if c in _NUCLEOTIDES)
            bad = next(c for c in residues if c not in _NUCLEOTIDES)
            bad_lines += 1
            if bad_lines <= 20:
                report.add(
                    BAD_RESIDUE(
                        SourcePos(file, number, text.upper().index(bad) + 1),
                        f"Line {number}: {bad!r} in the sequence of {current.seq_id}.",
                    )
                )
            residues = kept
        current.line_map.add(offset, number)
        parts.append(residues)
        offset += len(residues)
    if current is not None:
        current.residues = "".join(parts)
        yield current
