"""The FASTA side of the generator: sequence streamed in pieces of any size, wrapped at a fixed width, with
gap lines and planted characters, and the line that holds any base (for the manifest).
"""

from __future__ import annotations

import bisect
import math
from typing import TextIO


class _FastaWriter:
    """Wraps sequence at a fixed width as pieces of any size stream in, and knows which line holds a base."""

    def __init__(self, fh: TextIO, width: int) -> None:
        self.fh = fh
        self.width = width
        self.line = 0  # lines written so far
        self.pos = 0  # bases (and gap positions) of the current record so far
        self._buf: list[str] = []
        self._buffered = 0
        self._carry = ""  # the part line held back until more sequence arrives
        self._carry_pos = 0  # record position of the first base not yet written
        self._inserts: dict[int, str] = {}
        self._runs: list[tuple[int, int]] = []  # (first position, its line) of each run between gap lines

    def header(self, text: str) -> None:
        self.fh.write(text + "\n")
        self.line += 1
        self.pos = self._carry_pos = 0
        self._runs = [(0, self.line + 1)]

    def seq(self, s: str) -> None:
        self._buf.append(s)
        self._buffered += len(s)
        self.pos += len(s)
        if self._buffered >= 1 << 20:
            self._drain(final=False)

    def insert(self, pos: int, char: str) -> None:
        """Write ``char`` just before base ``pos`` (0-based) without it counting as a base."""
        assert pos >= self._carry_pos, "that line is already written"
        self._inserts[pos] = char

    def gap_line(self, length: int, unknown: bool) -> None:
        self._drain(final=True)
        self.fh.write(f">?{'unk' if unknown else ''}{length}\n")
        self.line += 1
        self.pos += length
        self._carry_pos = self.pos
        self._runs.append((self.pos, self.line + 1))

    def end_record(self) -> None:
        self._drain(final=True)

    def line_of(self, pos: int) -> int:
        """The line holding 0-based position ``pos`` of the current record (a base, not a gap line's)."""
        start, first_line = self._runs[bisect.bisect_right(self._runs, (pos, math.inf)) - 1]
        return first_line + (pos - start) // self.width

    def _drain(self, final: bool) -> None:
        s = self._carry + "".join(self._buf)
        self._buf = []
        self._buffered = 0
        w = self.width
        full = len(s) if final else len(s) - len(s) % w
        if full:
            lines = [s[i : i + w] for i in range(0, full, w)]
            for pos in [p for p in self._inserts if p < self._carry_pos + full]:
                row, col = divmod(pos - self._carry_pos, w)
                lines[row] = lines[row][:col] + self._inserts.pop(pos) + lines[row][col:]
            self.fh.write("\n".join(lines))
            self.fh.write("\n")
            self.line += len(lines)
        self._carry = s[full:]
        self._carry_pos += full
