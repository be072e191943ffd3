"""Turn any uploaded file into numbered text lines, reporting what is wrong with the bytes instead of raising.

Every reader sits on this. It handles what real uploads contain: gzip (multi-member too, as bgzip writes),
truncated gzip, decompression bombs (a cap on decompressed bytes), UTF-8 and UTF-16 byte-order marks, CRLF and
bare CR line ends, NUL bytes, undecodable bytes, binary files with a text extension, and lines of any length
(a long line is handed out in fragments, so a 1 GB single-line sequence never sits in memory twice).
"""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from gbprep.model.diagnostics import Report, Severity, SourcePos, declare

CHUNK = 1 << 20
PIECE = 1 << 16  # bytes of whole lines per block that line_blocks() hands on (see there)
BYTE_FINDINGS_PER_FILE = 20

NOT_TEXT = declare(
    "READ.NotText",
    Severity.REJECT,
    "The file is not a text file",
    "Upload the plain-text (or gzip-compressed) file; word-processor, spreadsheet and archive formats "
    "cannot be read. Save as plain text (.txt) from your editor.",
)
UNSUPPORTED_COMPRESSION = declare(
    "READ.UnsupportedCompression",
    Severity.REJECT,
    "Compressed with a format other than gzip",
    "Decompress the file and upload it plain, or recompress it with gzip.",
)
TRUNCATED_GZIP = declare(
    "READ.TruncatedGzip",
    Severity.ERROR,
    "The gzip stream ends early or is corrupt",
    "The upload or the compression was interrupted. Compress the file again (gzip FILE) and upload it again; "
    "`gzip -t FILE` checks a gzip file before upload.",
)
GZIP_CRC = declare(
    "READ.GzipChecksum",
    Severity.ERROR,
    "The gzip checksum does not match the data",
    "The file was damaged after it was compressed (a bad copy or an interrupted upload). Compress the original "
    "again and upload it again; `gzip -t FILE` checks a gzip file before upload.",
)
GZIP_TRAILING = declare(
    "READ.GzipTrailingData",
    Severity.ERROR,
    "Bytes that are not gzip after the end of the gzip data",
    "Something was appended to the compressed file (often two files joined with cat, one of them not "
    "compressed). Compress the plain file again (gzip FILE) and upload that.",
)
NESTED_COMPRESSION = declare(
    "READ.NestedCompression",
    Severity.REJECT,
    "A compressed file inside a compressed file",
    "The file was compressed twice. Decompress it until it is plain text (gunzip, then check with `head`) and "
    "compress it once, or upload it plain.",
)
TOO_LARGE = declare(
    "READ.DecompressedTooLarge",
    Severity.REJECT,
    "The decompressed file is larger than allowed",
    "Split the submission, or contact the curators if a single file really must be this large.",
)
EMPTY_FILE = declare(
    "READ.EmptyFile",
    Severity.ERROR,
    "The file is empty",
    "Upload the file again; it has no content.",
)
UTF16 = declare(
    "READ.Utf16",
    Severity.WARNING,
    "The file is UTF-16 encoded",
    "Save the file as plain ASCII or UTF-8 text; GenBank files are ASCII. It was read as UTF-16 this time.",
)
NUL_BYTE = declare(
    "READ.NulByte",
    Severity.ERROR,
    "NUL byte in a text line",
    "The file contains binary zero bytes, usually from a damaged copy or a wrong encoding. Re-export it as "
    "plain text. The NUL bytes were ignored.",
)
BAD_ENCODING = declare(
    "READ.BadEncoding",
    Severity.WARNING,
    "Bytes that are not valid UTF-8",
    "Use plain ASCII; replace accented or typographic characters (smart quotes, non-breaking spaces). "
    "The line was read as Latin-1.",
)
LINE_TOO_LONG = declare(
    "READ.LineTooLong",
    Severity.ERROR,
    "A line is longer than this file type allows",
    "Check that line ends were not lost (a file saved with a wrong line-end setting turns into one line).",
)


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """Caps that protect the reader: decompressed bytes in all, and characters on one non-sequence line."""

    max_bytes: int = 200 * (1 << 30)
    max_line_chars: int = 1 << 20


DEFAULT_LIMITS = ReadLimits()


@dataclass(frozen=True, slots=True)
class Line:
    """A line (or, when ``more`` is true, a fragment of a long line; its rest follows with the same number)."""

    number: int
    text: str
    more: bool = False


_MAGIC = {
    b"BZh": "bzip2",
    b"\xfd7zXZ\x00": "xz",
    b"7z\xbc\xaf\x27\x1c": "7-Zip",
    b"PK\x03\x04": "ZIP (or an Office document)",
    b"\x28\xb5\x2f\xfd": "zstd",
}
_BINARY_MAGIC = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "a program (ELF binary)",
    b"SQLite format 3": "an SQLite database",
}
_LINE_END = re.compile(rb"\r\n|\r|\n")


class _CappedReader(io.RawIOBase):
    """Counts decompressed bytes and stops at the cap (the gzip-bomb guard)."""

    def __init__(self, inner: BinaryIO, cap: int) -> None:
        self.inner, self.cap, self.total, self.exceeded = inner, cap, 0, False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.total >= self.cap:
            self.exceeded = True
            return b""
        want = min(size if size > 0 else CHUNK, self.cap - self.total + 1)
        # GzipFile.read(n) loops until n bytes, so a fault (truncation, bad CRC, trailing junk) would discard
        # everything decompressed in that call; read1 returns what one step gives, and the fault comes alone.
        data = self.inner.read1(want) if isinstance(self.inner, gzip.GzipFile) else self.inner.read(want)
        self.total += len(data)
        if self.total > self.cap:
            self.exceeded = True
            data = data[: len(data) - (self.total - self.cap)]
        return data


class TextSource:
    """An input file opened for reading lines; problems go to ``report`` as findings.

    ``name`` is what findings call the file (the user's own file name, not a server path).
    """

    def __init__(
        self,
        path: str | Path,
        report: Report,
        *,
        name: str | None = None,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> None:
        self.path = Path(path)
        self.name = name or self.path.name
        self.report = report
        self.limits = limits
        self.compressed = False
        # Byte-level findings are capped per file: a file of binary zeros would otherwise give one per line.
        self._byte_findings: dict[str, int] = {}
        self._last_byte_finding: tuple[str, int] = ("", 0)

    def _pos(self, line: int, column: int | None = None) -> SourcePos:
        return SourcePos(self.name, line, column)

    def _open_bytes(self) -> BinaryIO | None:
        """Open the file, see through gzip, refuse what is not text. None when nothing can be read."""
        raw = self.path.open("rb")
        head = raw.read(16)
        raw.seek(0)
        for magic, what in _MAGIC.items():
            if head.startswith(magic):
                raw.close()
                self.report.add(UNSUPPORTED_COMPRESSION(self._pos(1), f"{self.name} is {what}-compressed."))
                return None
        if head.startswith(b"\x1f\x8b"):
            self.compressed = True
            return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
        return raw

    def _byte_chunks(self) -> Iterator[bytes]:
        """Decompressed bytes in chunks, re-encoded to UTF-8 when the file is UTF-16."""
        try:
            stream = self._open_bytes()
        except OSError as exc:
            self.report.add(NOT_TEXT(self._pos(1), f"{self.name} could not be opened: {exc.strerror}."))
            return
        if stream is None:
            return
        capped = _CappedReader(stream, self.limits.max_bytes)
        try:
            first = capped.read(CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            self._gzip_fault(exc, 1, anything_read=False)
            return
        if not first:
            self.report.add(EMPTY_FILE(self._pos(1), f"{self.name} is empty."))
            return
        if self.compressed and self._nested(first):
            return
        for magic, what in _BINARY_MAGIC.items():
            if first.startswith(magic):
                self.report.add(NOT_TEXT(self._pos(1), f"{self.name} is {what}, not a text file."))
                return
        decoder = None
        if first.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(first):
            self.report.add(UTF16(self._pos(1), f"{self.name} is encoded as UTF-16."))
            encoding = "utf-16" if first.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_guess(first)
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        elif _looks_binary(first):
            self.report.add(
                NOT_TEXT(self._pos(1), f"{self.name} holds binary data (control bytes in its first block).")
            )
            return
        chunk = first
        line_guess = 1
        while chunk:
            if decoder is not None:
                chunk = decoder.decode(chunk).encode("utf-8")
            line_guess += chunk.count(b"\n")
            yield chunk
            try:
                chunk = capped.read(CHUNK)
            except (OSError, EOFError, zlib.error) as exc:
                self._gzip_fault(exc, line_guess, anything_read=True)
                return
        if capped.exceeded:
            self.report.add(
                TOO_LARGE(
                    self._pos(line_guess),
                    f"{self.name} decompresses to more than {self.limits.max_bytes:,} bytes; reading stopped "
                    f"at line {line_guess}.",
                )
            )

    def _nested(self, first: bytes) -> bool:
        """A gzip file whose content is compressed again (gzip of gzip: a 2.6 KB file can hold 1 GiB)."""
        inner = "gzip" if first.startswith(b"\x1f\x8b") else None
        for magic, what in _MAGIC.items():
            if first.startswith(magic):
                inner = what
        if inner is None:
            return False
        self.report.add(
            NESTED_COMPRESSION(
                self._pos(1),
                f"{self.name} is gzip-compressed, and what it holds is {inner}-compressed again.",
            )
        )
        return True

    def _gzip_fault(self, exc: BaseException, line: int, *, anything_read: bool) -> None:
        """Say what is wrong with a gzip stream that failed to decompress, in the user's terms."""
        text = str(exc)
        kept = " What came before was read." if anything_read else ""
        where = f"in line {line}"
        if isinstance(exc, EOFError):
            finding = TRUNCATED_GZIP(
                self._pos(line),
                f"{self.name}: the gzip data ends {where}, before the end-of-stream marker (the file is "
                f"truncated).{kept}",
            )
        elif text.startswith(("CRC check failed", "Incorrect length")):
            finding = GZIP_CRC(
                self._pos(line),
                f"{self.name}: the gzip checksum or length check failed at the end of the data ({text}); "
                "the content is damaged.",
            )
        elif text.startswith("Not a gzipped file") and anything_read:
            finding = GZIP_TRAILING(
                self._pos(line),
                f"{self.name}: after the gzip data ({line - 1:,} lines) comes data that is not gzip; it was "
                "ignored.",
            )
        else:
            finding = TRUNCATED_GZIP(
                self._pos(line), f"{self.name}: the gzip data is corrupt {where} ({text[:80]}).{kept}"
            )
        self.report.add(finding)

    def line_blocks(self) -> Iterator[tuple[int, str, bool]]:
        """The lines of ``segments()`` in bulk, as ``(number, text, more)``.

        When ``more`` is false, ``text`` holds one or more whole lines, each ended by a "\\n" whatever the
        file's line ends were, the first of them being line ``number``. When ``more`` is true, ``text`` is a
        fragment (no line end) of line ``number``, whose rest follows in the next block.

        Why blocks: a genome is millions of short lines, and a Python object per line costs more than reading
        the bytes. The common block (ASCII, no NUL, LF or CRLF line ends) is decoded with one call and handed
        on whole, so a reader can scan it with ``str`` methods and regular expressions; any other block goes
        line by line through the careful decoder, whose findings then come in line order as before.
        """
        number = 1
        carry = b""
        pending_cr = False
        offset = 0  # bytes of the current line already handed out as fragments
        for chunk in self._byte_chunks():
            if pending_cr and chunk.startswith(b"\n"):
                chunk = chunk[1:]
            pending_cr = False
            buf = carry + chunk if carry else chunk
            cut = buf.rfind(b"\n") + 1
            plain_ends = b"\r" not in buf or buf.count(b"\r") == buf.count(b"\r\n")
            if cut and plain_ends and buf.isascii() and b"\x00" not in buf:
                # Nothing here can give a byte-level finding, and every CR belongs to a CRLF (so no line
                # ends at a bare CR, and none straddles the chunk): LF alone splits these lines.
                # Decoded and handed on in pieces of about PIECE bytes that end at line ends (so a CRLF is
                # never cut): no second copy of the chunk, and a reader that splits a piece into lines holds
                # a few thousand strings at a time, not a whole chunk's worth.
                view = memoryview(buf)
                at = 0
                while at < cut:
                    end = buf.find(b"\n", at + PIECE, cut) + 1 or cut
                    text = str(view[at:end], "ascii")
                    if "\r" in text:
                        text = text.replace("\r\n", "\n")
                    yield number, text, False
                    number += text.count("\n")
                    at = end
                view.release()
                offset = 0
                start = cut
            else:
                start = 0
                for match in _LINE_END.finditer(buf):
                    if match.end() == len(buf) and match.group() == b"\r":
                        pending_cr = True  # a CRLF may be split across two chunks
                    yield number, self._decode(buf[start : match.start()], number, offset) + "\n", False
                    number += 1
                    offset = 0
                    start = match.end()
            rest = buf[start:]
            if len(rest) >= CHUNK:
                yield number, self._decode(rest, number, offset), True
                offset += len(rest)
                carry = b""
            else:
                carry = rest
        if carry:
            yield number, self._decode(carry, number, offset) + "\n", False
        elif offset:  # the file ended just after a fragment: its line still needs its end
            yield number, "\n", False
        self._report_capped()

    def segments(self) -> Iterator[Line]:
        """Lines of any length; a line longer than one chunk arrives as fragments flagged ``more``."""
        for number, text, more in self.line_blocks():
            if more:
                yield Line(number, text, True)
                continue
            texts = text.split("\n")
            texts.pop()  # the empty string after the last line end
            for index, piece in enumerate(texts, number):
                yield Line(index, piece)

    def line_lists(self) -> Iterator[tuple[int, list[str]]]:
        """Whole lines in bulk, as ``(number of the first line, texts)``, capped as ``lines()`` caps them.

        The cheap form of ``lines()`` for readers that go through every line of a large file: no ``Line``
        object per line. The one finding this adds (an over-long line) is added when the reader is about to
        get that line, so findings stay in line order.
        """
        for number, lines in self._capped():
            if isinstance(lines, str):
                texts = lines.split("\n")
                texts.pop()  # the empty string after the last line end
                yield number, texts
            else:
                yield number, lines

    def text_blocks(self) -> Iterator[tuple[int, str]]:
        """``line_lists()`` as text: whole lines each ended by "\\n", capped the same way; for a reader that
        scans text (no string per line at all)."""
        for number, lines in self._capped():
            yield number, lines if isinstance(lines, str) else "\n".join([*lines, ""])

    def _capped(self) -> Iterator[tuple[int, str | list[str]]]:
        """The blocks of ``line_blocks()`` with fragments joined and lines capped: a block whose lines are
        all short enough as it is (text), anything else as a list of lines."""
        limit = self.limits.max_line_chars
        parts: list[str] = []  # fragments of a line longer than one chunk
        size = 0
        reported = False
        fragmented = False
        for number, text, more in self.line_blocks():
            if more:
                fragmented = True
                if size < limit:
                    parts.append(text)
                    size += len(text)
                elif not reported:
                    reported = True
                    self._line_too_long(number)
                continue
            if not fragmented and 0 < len(text) - 1 <= limit:  # no line in it can be longer
                yield number, text
                continue
            texts = text.split("\n")
            texts.pop()
            if fragmented:  # the first line of this block ends the fragmented one
                if size < limit:
                    parts.append(texts[0])
                elif not reported:
                    reported = True
                    self._line_too_long(number)
                whole = "".join(parts)
                if len(whole) > limit:
                    whole = whole[:limit]
                    if not reported:
                        self._line_too_long(number)
                parts, size, reported, fragmented = [], 0, False, False
                yield number, [whole]
                del texts[0]
                number += 1
            if limit > 0 and (not texts or max(map(len, texts)) <= limit):
                if texts:
                    yield number, texts
                continue
            for index, piece in enumerate(texts, number):
                if len(piece) > limit or limit <= 0:
                    piece = piece[: max(limit, 0)]
                    self._line_too_long(index)
                yield index, [piece]

    def lines(self) -> Iterator[Line]:
        """Whole lines, each capped at ``limits.max_line_chars`` (one finding per over-long line)."""
        for number, texts in self.line_lists():
            for index, text in enumerate(texts, number):
                yield Line(index, text)

    def _line_too_long(self, number: int) -> None:
        self.report.add(
            LINE_TOO_LONG(
                self._pos(number),
                f"Line {number} is longer than {self.limits.max_line_chars:,} characters; "
                "the rest of it was ignored.",
            )
        )

    def _decode(self, data: bytes, number: int, offset: int = 0) -> str:
        if number == 1 and offset == 0 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data:
            column = offset + data.index(b"\x00") + 1
            if self._byte_finding("nul", number):
                self.report.add(
                    NUL_BYTE(
                        self._pos(number, column), f"NUL byte at line {number}, column {column}; ignored."
                    )
                )
            data = data.replace(b"\x00", b"")
        try:
            return data.decode("ascii")
        except UnicodeDecodeError:
            pass
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            column = offset + exc.start + 1
            if self._byte_finding("encoding", number):
                self.report.add(
                    BAD_ENCODING(
                        self._pos(number, column),
                        f"Byte 0x{data[exc.start]:02x} at line {number}, column {column} is not valid UTF-8.",
                    )
                )
            return data.decode("latin-1")

    def _byte_finding(self, kind: str, number: int) -> bool:
        """Count a line with a byte problem; True when it gets its own finding (the first of its line, and
        fewer than ``BYTE_FINDINGS_PER_FILE`` so far)."""
        if self._last_byte_finding == (kind, number):
            return False  # the next fragment of a long line: one finding per line is enough
        self._last_byte_finding = (kind, number)
        count = self._byte_findings.get(kind, 0) + 1
        self._byte_findings[kind] = count
        return count <= BYTE_FINDINGS_PER_FILE

    def _report_capped(self) -> None:
        for kind, count in self._byte_findings.items():
            if count > BYTE_FINDINGS_PER_FILE:
                code, what = (
                    (NUL_BYTE, "NUL bytes") if kind == "nul" else (BAD_ENCODING, "bytes that are not UTF-8")
                )
                self.report.add(
                    code(
                        self._pos(1),
                        f"{count - BYTE_FINDINGS_PER_FILE:,} more lines of {self.name} have {what}; they are "
                        "not listed one by one.",
                    )
                )


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a BOM: ASCII text with a zero byte beside nearly every character."""
    sample = data[:512]
    if len(sample) < 8:
        return False
    zeros_even = sample[0::2].count(0)
    zeros_odd = sample[1::2].count(0)
    half = len(sample) // 2
    return max(zeros_even, zeros_odd) > 0.4 * half and min(zeros_even, zeros_odd) < 0.05 * half


def _utf16_guess(data: bytes) -> str:
    return "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"


def _looks_binary(data: bytes) -> bool:
    """More than a few control bytes (other than TAB, LF, CR, FF) in the first block means not text."""
    sample = data[:8192]
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(4, len(sample) // 100)
