"""Where the shared corpus and reference live (``../shared`` beside the repository, or $PORTAL_SHARED_DIR).

Tests that read it skip with a clear message where it is absent; CI has it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PORTAL_SHARED_DIR", REPO.parent / "shared")).resolve()
CORPUS = SHARED / "corpus"
REFERENCE = SHARED / "reference"

requires_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(),
    reason=f"the shared corpus is not at {CORPUS} (set PORTAL_SHARED_DIR to the folder holding corpus/)",
)
