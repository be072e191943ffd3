"""GFF3 and GTF annotation as feature tables: the same model the ``.tbl`` reader gives, for every later step.

API
    ``read_gff3_tables(path, report, *, name=None, options=GffOptions(), sequences=None) -> dict[str, FeatureTable]``
        The GFF3 counterpart of ``read_feature_tables``: features by SeqID. With ``sequences`` (FASTA records,
        e.g. from ``read_fasta``) missing start/stop codons become partial ends at once; without them, the
        pipeline does it when each sequence streams by (``infer_codon_partials``).
    ``load_gff3(path, report, ...) -> GffAnnotation``
        The same with what else the file held: the sequences after ``##FASTA`` and the dialect used.

``GffOptions``: ``dialect`` (a name from ``DIALECTS``; None detects it), ``locus_tag_prefix`` and
``keep_ids`` (identifiers as table2asn ``-locus-tag-prefix`` makes them; see ``identifiers.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gbprep.gff.build import GffFeatureTable, build_tables
from gbprep.gff.dialects import DIALECTS, Dialect, by_name, detect
from gbprep.gff.identifiers import IdOptions, assign_identifiers
from gbprep.gff.partials import infer_codon_partials
from gbprep.model.bundle import DEFAULT_GFF_OPTIONS, GffOptions
from gbprep.model.coding import genetic_code_for
from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.records import FeatureTable, SequenceRecord
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.gff3 import read_gff3
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits

__all__ = [
    "DIALECTS",
    "GffAnnotation",
    "GffFeatureTable",
    "GffOptions",
    "infer_codon_partials",
    "load_gff3",
    "read_gff3_tables",
]

MISSING_LOCUS_TAGS = declare(
    "GFF3.MissingLocusTags",
    Severity.WARNING,
    "Genes without a locus_tag",
    "GenBank genome submissions need a locus_tag on every gene. Give the registered locus_tag prefix "
    "(--locus-tag-prefix, as table2asn -locus-tag-prefix) and tags PREFIX_000010, PREFIX_000020... are made "
    "for the genes that have none.",
)
UNKNOWN_DIALECT = declare(
    "GFF3.UnknownDialect",
    Severity.WARNING,
    "A GFF3 dialect that is not known",
    f"Name one of: {', '.join(DIALECTS)}; or leave it out to have the dialect recognised. It was recognised.",
)


@dataclass(slots=True)
class GffAnnotation:
    tables: dict[str, GffFeatureTable]
    dialect: Dialect
    sequences: list[SequenceRecord] = field(default_factory=list)
    is_gtf: bool = False


def load_gff3(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    options: GffOptions = DEFAULT_GFF_OPTIONS,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> GffAnnotation:
    doc = read_gff3(path, report, name=name, limits=limits)
    dialect = by_name(options.dialect) if options.dialect else None
    if options.dialect and dialect is None:
        report.add(UNKNOWN_DIALECT(SourcePos(doc.name, 1), f"--dialect {options.dialect!r} is not known."))
    if dialect is None:
        dialect = detect(doc.records)
    tables = build_tables(doc, dialect, report)
    assign_identifiers(tables, IdOptions(prefix=options.locus_tag_prefix, keep_ids=options.keep_ids))
    _report_missing_locus_tags(tables, doc.name, report)
    return GffAnnotation(tables=tables, dialect=dialect, sequences=doc.sequences, is_gtf=doc.is_gtf)


def read_gff3_tables(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    options: GffOptions = DEFAULT_GFF_OPTIONS,
    sequences: Iterable[SequenceRecord] | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> dict[str, FeatureTable]:
    """Features of a GFF3/GTF file by SeqID, like ``read_feature_tables`` gives them for a ``.tbl``."""
    loaded = load_gff3(path, report, name=name, options=options, limits=limits)
    by_key: dict[str, GffFeatureTable] = {}
    for table in loaded.tables.values():
        for key in seq_id_keys(table.seq_id):
            by_key.setdefault(key, table)
    for record in [*loaded.sequences, *(sequences or ())]:
        matched = {id(t): t for key in seq_id_keys(record.seq_id) if (t := by_key.get(key)) is not None}
        infer_codon_partials(matched.values(), record, genetic_code_for(record.modifiers))
    return dict(loaded.tables)


def _report_missing_locus_tags(tables: dict[str, GffFeatureTable], file: str, report: Report) -> None:
    missing = [
        m.gene
        for t in tables.values()
        for m in t.models
        if m.gene is not None and not m.gene.get("locus_tag")
    ]
    if missing:
        first = missing[0]
        report.add(
            MISSING_LOCUS_TAGS(
                first.pos,
                f"{len(missing)} gene(s) in {file} have no locus_tag (the first at line {first.pos.line}).",
                seq_id=first.seq_id,
            )
        )
