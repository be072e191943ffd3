"""``gbprep``: the engine on the command line, no portal needed. One module per command:

``check``      read a submission and print every finding (exit 1 on ERROR)           ``cli/check.py``
``tbl2asn``    tbl2asn's command line: .sqn, .gbf, .val, discrepancy report             ``cli/tbl2asn.py``
``gff2tbl``    GFF3/GTF to a five-column feature table                                  ``cli/gff2tbl.py``
``taxonomy``   load NCBI's taxdump into the offline taxonomy store                      ``cli/taxonomy.py``
``catalogue``  the validator's rule catalogue as Markdown                               ``cli/catalogue.py``

``python -m gbprep`` and the portal's ``python -m validation`` run the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gbprep import __version__
from gbprep.cli import catalogue, check, gff2tbl, taxonomy, tbl2asn


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gbprep", description="Prepare an annotated genome for GenBank.")
    parser.add_argument("--version", action="version", version=f"gbprep {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    check.add_parser(commands)
    gff2tbl.add_parser(commands)
    taxonomy.add_parser(commands)
    catalogue.add_parser(commands)
    # tbl2asn's single-letter flags (-Vvb, a T/F flag alone) are not argparse's: main() hands them over whole.
    commands.add_parser(
        "tbl2asn", help="tbl2asn's command line: .sqn, .gbf, .val, discrepancy report", add_help=False
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["tbl2asn"]:
        return tbl2asn.main(args_list[1:])
    args = build_parser().parse_args(args_list)
    code: int = args.func(args)
    return code
