"""The decompressed size of a gzip upload, measured as it streams by (both upload paths check the same cap)."""

from __future__ import annotations

import zlib

BLOCK = 1 << 20


class GzipMeter:
    """Counts what a gzip stream (members one after another) decompresses to, fed a block at a time.

    ``feed`` raises ValueError past ``cap``: a zip bomb must not fill the disk of the worker that reads it.
    Damaged data stops the count there and is left to the engine, which reports it with a line and a fix.
    Data that does not start like gzip is not measured at all.
    """

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.total = 0
        self._decoder = zlib.decompressobj(wbits=31)
        self._started = False
        self._active = True

    def feed(self, data: bytes) -> None:
        if not self._active or not data:
            return
        if not self._started:
            self._started = True
            if data[:2] != b"\x1f\x8b":
                self._active = False
                return
        while data and self._active:
            try:
                out = self._decoder.decompress(data, BLOCK)
            except zlib.error:
                self._active = False
                return
            self.total += len(out)
            if self.total > self.cap:
                self._active = False
                raise ValueError(
                    f"it decompresses to more than the {self.cap:,}-byte limit; split it, or ask the curators."
                )
            data = self._decoder.unconsumed_tail
            if self._decoder.eof:
                data = self._decoder.unused_data
                self._decoder = zlib.decompressobj(wbits=31)
