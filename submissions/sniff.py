"""What an upload's first bytes say it is, when that is not a text file of the kind its name promises.

Every file a submission takes (FASTA, feature table, template, source and comment tables, GFF3, ...) is text,
plain or gzip. A Word document, a PDF or a program named ``.fsa`` would only become a wall of findings after a
run; it is refused when it arrives instead, with a message that names the file and what it looks like.

A dozen magic numbers cover what people send by mistake. A library (``filetype``, ``puremagic``, libmagic)
would bring hundreds of formats to answer one question (is this one of the binary formats people confuse
with text?), and none looks inside a gzip; these few signatures are the whole of it.
"""

from __future__ import annotations

import zlib
from typing import IO

# How much of the start of a file is looked at (ZIP names its first member within the first few hundred
# bytes; Office documents list [Content_Types].xml and word/ or xl/ early).
HEAD_BYTES = 8192

_ZIP_MEMBERS = (
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint presentation (.pptx)"),
    (b"application/vnd.oasis.opendocument", "an OpenDocument file (.odt/.ods)"),
)

# (magic number at offset 0, what it is)
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "a Linux program (ELF executable)"),
    (b"\xfe\xed\xfa\xce", "a macOS program (Mach-O executable)"),
    (b"\xfe\xed\xfa\xcf", "a macOS program (Mach-O executable)"),
    (b"\xce\xfa\xed\xfe", "a macOS program (Mach-O executable)"),
    (b"\xcf\xfa\xed\xfe", "a macOS program (Mach-O executable)"),
    (b"\xca\xfe\xba\xbe", "a macOS program or Java class file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (.doc/.xls)"),
    (b"{\\rtf", "a Rich Text (RTF) document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x89HDF\r\n\x1a\n", "an HDF5 file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xfd7zXZ\x00", "an xz archive (only gzip is read: compress with gzip)"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive (only gzip is read: compress with gzip)"),
    (b"BAM\x01", "a BAM alignment file"),
    (b"CRAM\x02", "a CRAM alignment file"),
    (b"CRAM\x03", "a CRAM alignment file"),
)


def _zip_kind(head: bytes) -> str:
    for marker, what in _ZIP_MEMBERS:
        if marker in head:
            return what
    return "a ZIP archive (only gzip is read: send the files inside it)"


def _is_windows_program(head: bytes) -> bool:
    # "MZ" alone could start a text line; a PE file also says "PE\0\0" where its header points.
    if not head.startswith(b"MZ") or len(head) < 0x40:
        return False
    at = int.from_bytes(head[0x3C:0x40], "little")
    return head[at : at + 4] == b"PE\x00\x00"


def binary_kind(head: bytes) -> str | None:
    """What ``head`` (a file's first bytes) is, when it is a binary format and not text; None for text."""
    if head.startswith(b"\x1f\x8b"):
        # Look inside: a .fsa.gz may hold a BAM (which is gzip) or a zipped document.
        try:
            inner = zlib.decompressobj(31).decompress(head, HEAD_BYTES)
        except zlib.error:
            return None  # a damaged gzip: the gzip checks and the run say so
        found = binary_kind(inner) if not inner.startswith(b"\x1f\x8b") else None
        return f"{found}, compressed with gzip" if found else None
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(head)
    if _is_windows_program(head):
        return "a Windows program (.exe)"
    for magic, what in _SIGNATURES:
        if head.startswith(magic):
            return what
    if head.startswith(b"BZh") and head[3:4].isdigit() and head[4:10] == b"1AY&SY":
        return "a bzip2 archive (only gzip is read: compress with gzip)"
    return None


def content_problem(name: str, head: bytes) -> str | None:
    """The message for a file whose content is not what its name says, or None."""
    found = binary_kind(head)
    if found is None:
        return None
    return (
        f"{name} looks like {found}, not a text file of the kind its name says. "
        "Upload the text file itself (FASTA, feature table, template, ...), plain or gzip-compressed."
    )


def read_head(stream: IO[bytes]) -> bytes:
    """The first HEAD_BYTES of ``stream``, which is left at its start."""
    stream.seek(0)
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    return head
