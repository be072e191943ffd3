"""``python -m validation gff2tbl IN.gff3 [--fasta IN.fsa] [--locus-tag-prefix P] [--dialect D] [-o OUT.tbl]``.

Writes the five-column table for a GFF3 or GTF file (to stdout without ``-o``) and prints every finding on
stderr as ``file:line:column: SEVERITY CODE: message``, pointing at the GFF3 line. With ``--fasta`` (or a
``##FASTA`` section) missing start and stop codons become partial ends. Exits 1 when any ERROR was found
(the table is written all the same), 2 on a bad command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from gbprep.gff import DIALECTS, read_gff3_tables
from gbprep.model.bundle import GffOptions
from gbprep.model.diagnostics import Report, Severity
from gbprep.readers.fasta import read_fasta
from gbprep.writers.tbl import write_tbl


def add_parser(commands: Any) -> None:
    """Register the subcommand on the CLI's ``add_subparsers()`` object."""
    sub = commands.add_parser(
        "gff2tbl", help="write the five-column feature table (.tbl) for a GFF3/GTF file"
    )
    sub.add_argument("gff", help="the GFF3 (or GTF) file, plain or gzip")
    sub.add_argument("--fasta", help="the genome FASTA, to mark missing start/stop codons as partial ends")
    sub.add_argument("--locus-tag-prefix", help="make PREFIX_000010-style locus_tags and gnl|PREFIX| ids")
    sub.add_argument(
        "--keep-ids", action="store_true", help="keep the file's own protein_id/transcript_id values"
    )
    sub.add_argument(
        "--dialect", choices=sorted(DIALECTS), help="the pipeline that wrote the GFF3 (default: recognised)"
    )
    sub.add_argument("-o", "--output", help="where to write the table (default: stdout)")
    sub.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    gff = Path(args.gff)
    if not gff.is_file():
        print(f"error: {gff}: no such file", file=sys.stderr)
        return 2
    if args.fasta and not Path(args.fasta).is_file():
        print(f"error: --fasta {args.fasta}: no such file", file=sys.stderr)
        return 2
    report = Report()
    sequences = read_fasta(Path(args.fasta), report) if args.fasta else None
    options = GffOptions(dialect=args.dialect, locus_tag_prefix=args.locus_tag_prefix, keep_ids=args.keep_ids)
    tables = read_gff3_tables(gff, report, options=options, sequences=sequences)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as out:
            count = write_tbl(tables.values(), out)
    else:
        count = write_tbl(tables.values(), sys.stdout)
    for finding in sorted(report, key=lambda f: (f.pos.line if f.pos else 0, -int(f.severity))):
        where = str(finding.pos) if finding.pos else gff.name
        print(f"{where}: {finding.severity.name} {finding.code}: {finding.message}", file=sys.stderr)
    print(f"{count} features on {len(tables)} sequences written", file=sys.stderr)
    return 1 if any(f.severity >= Severity.ERROR for f in report) else 0
