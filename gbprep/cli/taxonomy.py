"""``python -m validation taxonomy``: load NCBI's taxdump into a local store, look organisms up in it.

python -m validation taxonomy load TAXDUMP_DIR --store PATH
python -m validation taxonomy lookup "Aspergillus niger" [--store PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from gbprep.model.taxonomy import TaxdumpError, load_taxdump, lookup


def add_parser(commands: Any) -> None:  # argparse's subparsers action has no public type
    parser = commands.add_parser("taxonomy", help="load NCBI's taxdump into a local store; look organisms up")
    actions = parser.add_subparsers(dest="action", required=True)
    load = actions.add_parser("load", help="load names/nodes/division/gencode.dmp into a SQLite store")
    load.add_argument("taxdump", help="folder holding names.dmp, nodes.dmp, division.dmp (and gencode.dmp)")
    load.add_argument("--store", required=True, help="the SQLite file to write (replaced when complete)")
    load.set_defaults(func=cmd_load)
    find = actions.add_parser("lookup", help="print what the portal knows about an organism, as JSON")
    find.add_argument("name", help="organism name, e.g. 'Homo sapiens'")
    find.add_argument("--store", help="a store made by 'taxonomy load' (else the built-in table only)")
    find.set_defaults(func=cmd_lookup)


def cmd_load(args: argparse.Namespace) -> int:
    def progress(what: str, count: int) -> None:
        print(f"\r{what}: {count:,} rows", end="", file=sys.stderr, flush=True)

    try:
        counts = load_taxdump(args.taxdump, args.store, progress=progress)
    except (TaxdumpError, OSError) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 2
    print(file=sys.stderr)
    print(", ".join(f"{n:,} {what}" for what, n in counts.items()) + f" loaded into {args.store}")
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    taxon = lookup(args.name, args.store, fold_case=True)
    if taxon is None:
        print(f"{args.name}: not found", file=sys.stderr)
        return 1
    json.dump({k: getattr(taxon, k) for k in taxon.__slots__}, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0
