"""Files a job writes: each appears under its final name only when complete, and the JSON report.

``AtomicFile`` writes under a temporary name beside the final one (same folder, so the rename is atomic on
every local filesystem) and renames it on ``commit``; a crash, a kill or a full disk leaves the previous file,
or none, never a truncated one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from gbprep.model.diagnostics import Report


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


class AtomicFile:
    """A text file written under a temporary name beside its final one and renamed only when complete."""

    def __init__(self, final: Path) -> None:
        self.final = final
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".part", dir=final.parent)
        os.chmod(name, 0o666 & ~_UMASK)  # mkstemp makes 0600; outputs get the usual permissions
        self.temp = Path(name)
        self.handle: TextIO = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def append_file(self, path: str, *, drop_lead: bytes = b"") -> None:
        """Append a fragment written by a worker, byte for byte (it is UTF-8 text already).

        ``drop_lead`` is left out when the fragment starts with it. The kernel copies the rest (``sendfile``):
        hundreds of MB of fragments never pass through Python.
        """
        self.handle.flush()
        with open(path, "rb") as part:
            size, sent = os.fstat(part.fileno()).st_size, 0
            if drop_lead and part.read(len(drop_lead)) == drop_lead:
                sent = len(drop_lead)
            part.seek(0)
            if hasattr(os, "sendfile"):
                try:
                    while sent < size:
                        done = os.sendfile(self.handle.fileno(), part.fileno(), sent, size - sent)
                        if not done:
                            break
                        sent += done
                except OSError:  # not for these files here: the rest goes through memory
                    pass
            self.handle.seek(0, os.SEEK_END)  # the buffered layers learn where the file now ends
            if sent < size:
                part.seek(sent)
                shutil.copyfileobj(part, self.handle.buffer, 1 << 20)

    def drop_from(self, position: int, lead: bytes) -> None:
        """Remove ``lead`` where it starts the text written from ``position`` on (a rare repair: the text
        after it is read and written again)."""
        self.handle.flush()
        with open(self.temp, "r+b") as whole:
            whole.seek(position)
            rest = whole.read()
            if rest.startswith(lead):
                whole.seek(position)
                whole.write(rest[len(lead) :])
                whole.truncate()
        self.handle.seek(0, os.SEEK_END)

    def commit(self) -> Path:
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.replace(self.temp, self.final)
        return self.final

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            self.temp.unlink()


@contextlib.contextmanager
def atomic_text(final: Path) -> Iterator[TextIO]:
    """Write ``final`` atomically: the old file (if any) stays until the new one is complete."""
    out = AtomicFile(final)
    try:
        yield out.handle
    except BaseException:
        out.abandon()
        raise
    out.commit()


def write_json(
    path: Path,
    report: Report,
    stats: dict[str, Any],
    outputs: dict[str, list[Path]],
    notes: list[str],
    exit_code: int,
) -> None:
    """The JSON report: every finding with its origin and fix, counts, statistics and the outputs written."""
    document = {
        "tool": "python -m validation tbl2asn",
        "engine": stats.get("engine", {}),
        "summary": {**report.summary(), "exit_code": exit_code},
        "stats": stats,
        "outputs": {kind: [str(p) for p in paths] for kind, paths in outputs.items()},
        "notes": notes,
        "findings": [f.as_dict() for f in report.findings],
    }
    with atomic_text(path) as out:
        json.dump(document, out, indent=1)
        out.write("\n")
