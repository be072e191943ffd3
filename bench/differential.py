"""Differential run against NCBI's tbl2asn 25.3 / asnval / asn2gb on generated submissions (the large run).

    .venv/bin/python bench/differential.py --seeds 0:500 --jobs 2 [--shrink 10 --fixtures DIR]

Same as ``python -m devtools.diffgen``; see ``devtools/diffgen/__init__.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devtools.diffgen.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
