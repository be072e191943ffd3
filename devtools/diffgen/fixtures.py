"""Keep a shrunk difference as a regression case: ``<dir>/<name>/input``, ``case.conf`` and ``expected/``
holding tbl2asn 25.3's ``.val``, ``errorsummary.val``, ``.gbf`` and ``discrep.txt`` for it, in the corpus's
layout. ``tests/engine/test_differential.py`` runs every such case through our command (no NCBI tool
needed) and asks for tbl2asn's (severity, code) multiset and, where its ``.gbf`` is kept, the same flatfile.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from devtools.diffgen.compare import Difference
from devtools.diffgen.model import Submission
from devtools.diffgen.oracle import run_tbl2asn
from devtools.diffgen.writer import write

KEEP = (".val", ".gbf")


def fixture_name(sub: Submission, diff: Difference) -> str:
    key = re.sub(r"[^A-Za-z0-9]+", "-", diff.key.split()[-1]).strip("-")
    return f"{diff.kind}-{key}-s{sub.seed}"


def save_fixture(sub: Submission, diff: Difference, root: Path, *, why: str = "") -> Path:
    folder = root / fixture_name(sub, diff)
    shutil.rmtree(folder, ignore_errors=True)
    sub = sub.clone()
    sub.notes = []  # what was planted in the whole submission; stale once shrunk
    write(sub, folder)
    ncbi = run_tbl2asn(folder)
    expected = folder / "expected"
    expected.mkdir()
    for path in ncbi.folder.iterdir():
        if path.suffix in KEEP or path.name == "discrep.txt":
            text = path.read_text(errors="replace").replace(str(ncbi.folder) + "/", "")
            (expected / path.name).write_text(text)
    shutil.rmtree(ncbi.folder)
    lines = [
        f"difference: {diff}",
        f"seed: {sub.seed}",
        f"size (records, features, qualifiers): {sub.size()}",
    ]
    if why:
        lines.append(f"why: {why}")
    (folder / "DIFFERENCE.txt").write_text("\n".join(lines) + "\n")
    return folder
