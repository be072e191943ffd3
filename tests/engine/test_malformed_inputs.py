"""Bad inputs from the reliability plan (section (c)), each through ``check_files`` as a whole submission.

Every malformed case must come back as findings, never an exception: its own code, at the user's file, line
and column, with a remedy. The rows of the plan that describe input NCBI accepts (multi-member gzip, CRLF,
soft-masking, a minus-strand row written start > stop, ...) are checked to be read correctly instead.
Rows that need validation rules (terminal Ns, short contigs, overlaps, internal stops) or that concern the
upload API are not here; the reader is not where they belong.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import random
import time
import tracemalloc
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gbprep.job import inputs as job_inputs
from gbprep.job.check import CheckResult, check_files
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import CODES, Finding, Report, Severity
from gbprep.model.records import FeatureTable
from gbprep.readers.feature_table import read_feature_table
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits
from gbprep.rules import RULES
from tests.engine.samples import TEMPLATE

FA = ">c1\n" + "ACGT" * 25 + "\n"  # one 100 bp sequence, the partner of every side-file case
INTERNAL_FAULTS = {"READ.ReaderFailure", "FASTA.ReaderFailure", "TBL.ReaderBug"}

Files = dict[str, str | bytes]


def _random_fasta(records: int, length: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = []
    for n in range(records):
        seq = "".join(rng.choice("ACGT") for _ in range(length))
        out.append(f">contig_{n + 1}\n" + "\n".join(seq[i : i + 60] for i in range(0, length, 60)) + "\n")
    return "".join(out).encode()


def _gzip_stream(parts: list[bytes], repeat: int = 1) -> bytes:
    """gzip of ``parts`` (the last part repeated ``repeat`` times) without holding the plain text."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    out = [packer.compress(p) for p in parts[:-1]]
    out += [packer.compress(parts[-1]) for _ in range(repeat)]
    out.append(packer.flush())
    return b"".join(out)


def _lines_before_fault(data: bytes) -> int:
    """The line a reader is on when a damaged gzip stream stops: 1 + newlines decompressed until then."""
    return 1 + zlib.decompressobj(31).decompress(data).count(b"\n")


def _zip(name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


@dataclass(frozen=True)
class Case:
    id: str
    row: int  # the row of reliability-plan.md section (c); 0 for a case the plan does not list
    files: Files | Callable[[], Files]
    code: str
    file: str | None
    line: int | None
    column: int | None = None
    says: str = ""  # a fragment the message must contain
    severity: Severity | None = None  # when it differs from the code's declared one
    limits: ReadLimits = DEFAULT_LIMITS


def _tbl(text: str) -> Files:
    return {"g.fsa": FA, "g.tbl": text}


def _sbt(text: str | bytes) -> Files:
    return {"g.fsa": FA, "g.sbt": text}


def _src(text: str) -> Files:
    return {"g.fsa": FA, "g.src": text}


def _cmt(text: str) -> Files:
    return {"g.fsa": FA, "g.cmt": text}


_SMALL_GZ = gzip.compress(FA.encode())
_BIG = _random_fasta(40, 3000)
_TRUNCATED = gzip.compress(_BIG)[:-1024]
_BAD_CRC = bytearray(_SMALL_GZ)
_BAD_CRC[-8] ^= 0xFF  # the trailer is CRC32 then ISIZE
_FASTA_BOMB_CAP = 8 << 20
_ZEROS_AFTER_TEXT = _random_fasta(20, 600)  # more than the 8 KiB sniffed for binary content
_H = ">Feature c1\n"

CASES = [
    # -- container / transport --------------------------------------------------------------------------
    Case("empty-file", 1, {"e.fsa": b""}, "READ.EmptyFile", "e.fsa", 1),
    Case("empty-gzip", 1, {"e.fsa.gz": gzip.compress(b"")}, "READ.EmptyFile", "e.fsa.gz", 1),
    Case(
        "gzip-truncated",
        7,
        {"g.fsa.gz": _TRUNCATED},
        "READ.TruncatedGzip",
        "g.fsa.gz",
        _lines_before_fault(_TRUNCATED),
        says="truncated",
    ),
    Case(
        "gzip-bad-crc",
        8,
        {"g.fsa.gz": bytes(_BAD_CRC)},
        "READ.GzipChecksum",
        "g.fsa.gz",
        FA.count("\n") + 1,
        says="CRC",
    ),
    Case(
        "gzip-bomb-zeros",
        9,
        lambda: {"g.fsa.gz": _gzip_stream([bytes(1 << 20)], repeat=64)},
        "READ.NotText",
        "g.fsa.gz",
        1,
        says="binary",
    ),
    Case(
        "gzip-bomb-zeros-after-text",
        9,
        lambda: {"g.fsa.gz": _gzip_stream([_ZEROS_AFTER_TEXT, bytes(1 << 20)], repeat=64)},
        "READ.DecompressedTooLarge",
        "g.fsa.gz",
        _ZEROS_AFTER_TEXT.count(b"\n") + 1,
        limits=ReadLimits(max_bytes=_FASTA_BOMB_CAP),
    ),
    Case(
        "gzip-bomb-fasta-shaped",
        10,
        lambda: {"g.fsa.gz": _gzip_stream([b">x\n", b"A" * (1 << 20)], repeat=64)},
        "READ.DecompressedTooLarge",
        "g.fsa.gz",
        2,
        says=f"{_FASTA_BOMB_CAP:,} bytes",
        limits=ReadLimits(max_bytes=_FASTA_BOMB_CAP),
    ),
    Case(
        "gzip-nested",
        11,
        {"g.fsa.gz": gzip.compress(_SMALL_GZ)},
        "READ.NestedCompression",
        "g.fsa.gz",
        1,
        says="gzip-compressed again",
    ),
    Case(
        "gzip-trailing-garbage",
        13,
        {"g.fsa.gz": _SMALL_GZ + b"this is not gzip\n"},
        "READ.GzipTrailingData",
        "g.fsa.gz",
        FA.count("\n") + 1,
    ),
    Case(
        "xz-named-gz",
        14,
        {"g.fsa.gz": lzma.compress(FA.encode())},
        "READ.UnsupportedCompression",
        "g.fsa.gz",
        1,
        says="xz",
    ),
    Case(
        "bzip2-named-gz",
        14,
        {"g.fsa.gz": bz2.compress(FA.encode())},
        "READ.UnsupportedCompression",
        "g.fsa.gz",
        1,
        says="bzip2",
    ),
    Case(
        "zstd-named-gz",
        14,
        {"g.fsa.gz": b"\x28\xb5\x2f\xfd\x24\x10\x81\x00" + FA.encode()},
        "READ.UnsupportedCompression",
        "g.fsa.gz",
        1,
        says="zstd",
    ),
    Case(
        "zip-named-fsa",
        14,
        {"g.fsa": _zip("g.fsa", FA.encode())},
        "READ.UnsupportedCompression",
        "g.fsa",
        1,
        says="ZIP",
    ),
    Case(
        "binary-junk",
        15,
        {"g.fsa": random.Random(15).randbytes(1 << 20)},
        "READ.NotText",
        "g.fsa",
        1,
    ),
    Case(
        "pdf-named-fsa",
        15,
        {"g.fsa": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"},
        "READ.NotText",
        "g.fsa",
        1,
        says="PDF",
    ),
    Case("utf16-le-bom", 16, {"g.fsa": FA.encode("utf-16")}, "READ.Utf16", "g.fsa", 1),
    Case("utf16-be-no-bom", 16, {"g.fsa": FA.encode("utf-16-be")}, "READ.Utf16", "g.fsa", 1),
    Case("nul-in-sequence", 18, {"g.fsa": b">a\nAC\x00GT\n"}, "READ.NulByte", "g.fsa", 2, 3),
    Case(
        "latin1-in-title",
        18,
        {"g.fsa": b">c1 [strain=M\xe9ndez]\nACGT\n"},
        "READ.BadEncoding",
        "g.fsa",
        1,
        14,
        says="0xe9",
    ),
    # -- FASTA ------------------------------------------------------------------------------------------
    Case("fasta-no-header", 19, {"g.fsa": "ACGTACGT\nACGT\n"}, "FASTA.NoHeader", "g.fsa", 1, 1),
    Case(
        "fasta-comments-before-first-record",
        20,
        {"g.fsa": "# made by assembler x\n; run 3\n>c1\nACGT\n"},
        "FASTA.TextBeforeFirstHeader",
        "g.fsa",
        1,
        1,
        says="comments",
        severity=Severity.WARNING,
    ),
    Case(
        "fasta-comment-inside-record",
        20,
        {"g.fsa": ">c1\nACGT\n; a comment\nGG\n"},
        "FASTA.CommentLine",
        "g.fsa",
        3,
        1,
    ),
    Case("fasta-empty-seqid", 21, {"g.fsa": ">\nACGT\n"}, "FASTA.MissingSeqId", "g.fsa", 1, 2),
    Case(
        "fasta-only-modifiers",
        21,
        {"g.fsa": "> [organism=Homo sapiens]\nACGT\n"},
        "FASTA.MissingSeqId",
        "g.fsa",
        1,
        2,
    ),
    Case(
        "fasta-duplicate-seqid",
        22,
        {"g.fsa": ">contig1\nACGT\n>c2\nAC\n>c3\nAT\n>c4\nAAA\n>contig1\nGG\n"},
        "FASTA.DuplicateSeqId",
        "g.fsa",
        9,
        2,
        says="already used at line 1",
    ),
    Case(
        "fasta-seqid-too-long",
        23,
        {"g.fsa": ">" + "x" * 51 + "\nACGT\n"},
        "FASTA.SeqIdTooLong",
        "g.fsa",
        1,
        2,
        says="51 characters",
    ),
    Case(
        "fasta-seqid-bracket",
        23,
        {"g.fsa": ">ctg]1\nACGT\n"},
        "FASTA.SeqIdInvalidCharacter",
        "g.fsa",
        1,
        5,
    ),
    Case(
        "fasta-seqid-comma",
        23,
        {"g.fsa": ">ctg,1\nACGT\n"},
        "FASTA.SeqIdUnusualCharacter",
        "g.fsa",
        1,
        5,
    ),
    Case(
        "fasta-seqid-non-ascii",
        23,
        {"g.fsa": ">cöntig\nACGT\n"},
        "FASTA.SeqIdInvalidCharacter",
        "g.fsa",
        1,
        3,
    ),
    Case(
        "fasta-seqid-bar-not-ncbi",
        23,
        {"g.fsa": ">scaffold|12\nACGT\n"},
        "FASTA.BadSeqIdFormat",
        "g.fsa",
        1,
        10,
    ),
    Case("fasta-empty-sequence", 24, {"g.fsa": ">c1\n>c2\nACGT\n"}, "FASTA.EmptySequence", "g.fsa", 1, 1),
    Case(
        "fasta-non-iupac",
        25,
        {"g.fsa": ">c1\nACGT\nACGT$EF\n"},
        "FASTA.InvalidResidue",
        "g.fsa",
        3,
        5,
        says="'$' 'E' 'F'",
    ),
    Case("fasta-digits", 25, {"g.fsa": ">c1\nAC1GT\n"}, "FASTA.DigitsInSequence", "g.fsa", 2, 3),
    Case("fasta-alignment-gaps", 25, {"g.fsa": ">c1\nAC--GT\n"}, "FASTA.HyphenInSequence", "g.fsa", 2, 3),
    Case(
        "fasta-protein-as-nucleotide",
        26,
        {"g.fsa": ">p1\n" + "MKVLILAEFPQIRSTWLLLF\n" * 5},
        "FASTA.ProteinInNucleotideFile",
        "g.fsa",
        1,
        1,
    ),
    Case(
        "fasta-header-10mb",
        31,
        {"g.fsa": ">c1 " + "x" * (10 << 20) + "\nACGT\n"},
        "FASTA.HeaderTooLong",
        "g.fsa",
        1,
        1,
    ),
    Case(
        "fasta-title-rtl-override",
        37,
        {"g.fsa": ">c1 my \u202etitle\nACGT\n"},
        "FASTA.NonAsciiDefinitionLine",
        "g.fsa",
        1,
        8,
        says="U+202E",
        severity=Severity.ERROR,
    ),
    Case(
        "fasta-title-emoji",
        37,
        {"g.fsa": ">c1 nice \U0001f600 contig\nACGT\n"},
        "FASTA.NonAsciiDefinitionLine",
        "g.fsa",
        1,
        10,
        says="U+1F600",
        severity=Severity.WARNING,
    ),
    Case(
        "fasta-title-emoji-then-rtl-override",
        37,
        {"g.fsa": ">c1 \U0001f600 ok \u202etitle\nACGT\n"},
        "FASTA.NonAsciiDefinitionLine",
        "g.fsa",
        1,
        10,
        says="2 non-ASCII characters",
        severity=Severity.ERROR,
    ),
    Case(
        "fasta-seqid-rtl-override",
        37,
        {"g.fsa": ">c1\u202e\nACGT\n"},
        "FASTA.SeqIdInvalidCharacter",
        "g.fsa",
        1,
        4,
    ),
    Case(
        "fasta-given-a-feature-table",
        19,
        {"g.fsa": ">Feature c1\n1\t10\tgene\n"},
        "FASTA.NotFasta",
        "g.fsa",
        1,
        1,
        says="feature table",
    ),
    Case(
        "pep-stop-inside-protein",
        25,
        {"g.fsa": FA, "g.pep": ">p1\nMKV*LLA\n"},
        "FASTA.StopInProtein",
        "g.pep",
        2,
    ),
    # -- feature table ------------------------------------------------------------------------------------
    Case(
        "tbl-seqid-not-in-fasta",
        38,
        _tbl(">Feature contig9\n1\t10\tgene\n"),
        "TBL.UnknownSeqId",
        "g.tbl",
        1,
        10,
        says="contig9",
    ),
    Case("tbl-no-header", 39, _tbl("1\t10\tgene\n\t\t\tgene\tabc\n"), "TBL.MissingHeader", "g.tbl", 1, 1),
    Case(
        "tbl-location-past-sequence-end",
        40,
        _tbl(_H + "1\t80\tgene\n1\t40\tmRNA\n60\t101\n"),
        "TBL.LocationOutOfRange",
        "g.tbl",
        4,
        1,
        says="100 bases",
    ),
    Case(
        "tbl-location-12-digits",
        40,
        _tbl(_H + "1\t999999999999\tgene\n"),
        "TBL.BadCoordinate",
        "g.tbl",
        2,
        3,
        says="larger than any sequence",
    ),
    Case(
        "tbl-number-10e30",
        41,
        _tbl(_H + f"1\t{10**30}\tgene\n"),
        "TBL.BadCoordinate",
        "g.tbl",
        2,
        3,
        says="31 digits",
    ),
    Case(
        "tbl-number-5000-digits",
        41,
        _tbl(_H + "1\t" + "9" * 5000 + "\tgene\n"),
        "TBL.BadCoordinate",
        "g.tbl",
        2,
        3,
        says="5,000 digits",
    ),
    Case("tbl-negative", 42, _tbl(_H + "-5\t10\tgene\n"), "TBL.NonPositiveCoordinate", "g.tbl", 2, 1),
    Case("tbl-zero", 42, _tbl(_H + "1\t10\tgene\n0\t10\tgene\n"), "TBL.NonPositiveCoordinate", "g.tbl", 3, 1),
    Case(
        "tbl-fullwidth-digits",
        43,
        _tbl(_H + "１２\t50\tgene\n"),
        "TBL.BadCoordinate",
        "g.tbl",
        2,
        1,
        says="ASCII digits",
    ),
    Case(
        "tbl-arabic-indic-digits",
        43,
        _tbl(_H + "1\t٣٣\tgene\n"),
        "TBL.BadCoordinate",
        "g.tbl",
        2,
        3,
        says="ASCII digits",
    ),
    Case("tbl-underscore-number", 43, _tbl(_H + "1_000\t50\tgene\n"), "TBL.BadCoordinate", "g.tbl", 2, 1),
    Case("tbl-exponent-number", 43, _tbl(_H + "1\t5e1\tgene\n"), "TBL.BadCoordinate", "g.tbl", 2, 3),
    Case(
        "tbl-padded-number",
        43,
        _tbl(_H + "1\t50\tgene\n 12 \t50\n"),
        "TBL.IndentedInterval",
        "g.tbl",
        3,
        2,
    ),
    Case(
        "tbl-gt-in-start-column",
        44,
        _tbl(_H + ">10\t50\tgene\n"),
        "TBL.NotAHeader",
        "g.tbl",
        2,
        1,
        says="partial start",
    ),
    Case(
        "tbl-lt-in-stop-column",
        44,
        _tbl(_H + "10\t<50\tgene\n"),
        "TBL.PartialWrongColumn",
        "g.tbl",
        2,
        4,
    ),
    Case(
        "tbl-unknown-key",
        49,
        _tbl(_H + "1\t50\tgenez\n"),
        "TBL.UnknownFeatureKey",
        "g.tbl",
        2,
        6,
        says="'gene'",
    ),
    Case(
        "tbl-unknown-qualifier",
        49,
        _tbl(_H + "1\t50\tgene\n\t\t\tgenez\tx\n"),
        "TBL.UnknownQualifier",
        "g.tbl",
        3,
        4,
    ),
    Case(
        "tbl-qualifier-not-allowed",
        49,
        _tbl(_H + "1\t50\tgene\n\t\t\tcodon_start\t1\n"),
        "TBL.QualifierNotAllowed",
        "g.tbl",
        3,
        4,
    ),
    Case(
        "tbl-qualifier-before-feature",
        50,
        _tbl(_H + "\t\t\tgene\tx\n1\t50\tgene\n"),
        "TBL.QualifierBeforeFeature",
        "g.tbl",
        2,
        4,
    ),
    Case(
        "tbl-qualifier-in-column-1",
        50,
        _tbl(_H + "1\t50\tgene\ngene\tabc\n"),
        "TBL.UnindentedQualifier",
        "g.tbl",
        3,
        1,
    ),
    Case(
        "tbl-note-10mb",
        54,
        _tbl(_H + "1\t50\tgene\n\t\t\tnote\t" + "x" * (10 << 20) + "\n"),
        "READ.LineTooLong",
        "g.tbl",
        3,
    ),
    Case(
        "tbl-control-char-in-value",
        54,
        _tbl(_H + "1\t50\tgene\n\t\t\tnote\tab\x01c\n"),
        "TBL.ControlCharacter",
        "g.tbl",
        3,
        11,
        says="U+0001",
    ),
    Case(
        "tbl-nul-in-value",
        54,
        _tbl(_H + "1\t50\tgene\n\t\t\tnote\tab\x00c\n"),
        "READ.NulByte",
        "g.tbl",
        3,
        11,
    ),
    # -- template (.sbt) --------------------------------------------------------------------------------
    Case(
        "sbt-100000-nested-braces",
        55,
        _sbt("Submit-block ::= " + "{" * 100_000 + "}" * 100_000 + "\n"),
        "ASN.TooDeep",
        "g.sbt",
        1,
        18 + 64,
        says="64 levels",
    ),
    Case(
        "sbt-truncated",
        56,
        _sbt(TEMPLATE[: TEMPLATE.index("  cit {")]),
        "ASN.UnclosedBrace",
        "g.sbt",
        7,
        5,
        says="line 1, column 18",
    ),
    Case(
        "sbt-extra-closing-brace",
        56,
        _sbt(TEMPLATE + "}\n"),
        "ASN.SyntaxError",
        "g.sbt",
        12,
        1,
    ),
    Case(
        "sbt-9mb-string",
        57,
        _sbt('Submit-block ::= {\n  comment "' + ("x" * 79 + "\n") * 120_000 + '"\n}\n'),
        "ASN.TooLarge",
        "g.sbt",
        (8 << 20) // 80 + 2,
    ),
    Case(
        "sbt-seq-entry",
        58,
        _sbt("Seq-entry ::= set {\n  class genbank,\n  seq-set { }\n}\n"),
        "TPL.NoSubmitBlock",
        "g.sbt",
        1,
        says="Seq-entry",
    ),
    Case(
        "sbt-ber-binary",
        58,
        _sbt(bytes([0x30, 0x82, 0x01, 0x00]) + bytes(range(256))),
        "READ.NotText",
        "g.sbt",
        1,
    ),
    Case(
        "sbt-xml-with-doctype",
        61,
        _sbt('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "b">]>\n<x>&a;</x>\n'),
        "TPL.NotAsn1",
        "g.sbt",
        1,
        1,
        says="XML",
    ),
    Case(
        "sbt-misspelt-field",
        58,
        _sbt(TEMPLATE.replace("affil std {", 'affil std { postal_code "1",')),
        "TPL.UnknownField",
        "g.sbt",
        5,
        19,
        says="postal-code",
    ),
    # -- source table (.src) ----------------------------------------------------------------------------
    Case(
        "src-seqid-not-in-fasta",
        38,
        _src("SeqID\torganism\nc9\tHomo sapiens\n"),
        "SRC.UnknownSeqId",
        "g.src",
        2,
        4,
    ),
    Case("src-no-header-row", 50, _src("c1\tHomo sapiens\n"), "SRC.NoHeader", "g.src", 1, 1),
    Case(
        "src-comma-separated",
        50,
        _src("SeqID,organism\nc1,Homo sapiens\n"),
        "SRC.NotTabDelimited",
        "g.src",
        1,
        1,
        says="commas",
    ),
    Case(
        "src-unknown-column",
        49,
        _src("SeqID\torganismus\nc1\tHomo sapiens\n"),
        "SRC.UnknownColumn",
        "g.src",
        1,
        7,
    ),
    Case(
        "src-too-many-cells",
        50,
        _src("SeqID\tstrain\nc1\ta\tb\n"),
        "SRC.TooManyCells",
        "g.src",
        2,
        6,
    ),
    Case("src-empty-seqid", 21, _src("SeqID\tstrain\n\ta\n"), "SRC.EmptySeqId", "g.src", 2, 1),
    Case(
        "src-duplicate-row",
        22,
        _src("SeqID\tstrain\nc1\ta\nc1\tb\n"),
        "SRC.DuplicateRow",
        "g.src",
        3,
        1,
        says="line 2",
    ),
    # -- structured comments (.cmt) ---------------------------------------------------------------------
    Case(
        "cmt-no-tab",
        50,
        _cmt("StructuredCommentPrefix\t##Genome-Assembly-Data-START##\nAssembly Method\n"),
        "CMT.MalformedLine",
        "g.cmt",
        2,
        1,
    ),
    Case(
        "cmt-missing-suffix",
        56,
        _cmt("StructuredCommentPrefix\t##Genome-Assembly-Data-START##\nAssembly Method\tSPAdes v3\n"),
        "CMT.MissingSuffix",
        "g.cmt",
        1,
        1,
    ),
    Case(
        "cmt-prefix-suffix-mismatch",
        56,
        _cmt(
            "StructuredCommentPrefix\t##Genome-Assembly-Data-START##\nAssembly Method\tx\n"
            "StructuredCommentSuffix\t##MIGS-Data-END##\n"
        ),
        "CMT.PrefixSuffixMismatch",
        "g.cmt",
        3,
        1,
    ),
    Case(
        "cmt-duplicate-label",
        22,
        _cmt(
            "StructuredCommentPrefix\t##Genome-Assembly-Data-START##\nAssembly Method\tx\nAssembly Method\ty\n"
            "StructuredCommentSuffix\t##Genome-Assembly-Data-END##\n"
        ),
        "CMT.DuplicateLabel",
        "g.cmt",
        3,
        1,
    ),
    # -- the submission as a whole ------------------------------------------------------------------------
    Case(
        "gff3-unknown-parent",
        64,
        {"g.fsa": FA, "g.gff3": "##gff-version 3\nc1\t.\tmRNA\t1\t10\t.\t+\t.\tID=m1;Parent=nowhere\n"},
        "GFF3.UnknownParent",
        "g.gff3",
        2,
        28,
    ),
    Case("unknown-extension", 64, {"g.fsa": FA, "g.php": "<?php ?>"}, "READ.UnknownFileType", "g.php", 1),
    Case("no-fasta-at-all", 0, {"g.tbl": _H + "1\t10\tgene\n"}, "READ.NoSequences", None, None),
]


def _run(tmp_path: Path, files: Files, limits: ReadLimits = DEFAULT_LIMITS) -> CheckResult:
    inputs = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        inputs.append(InputFile(path, name))
    return check_files(inputs, limits=limits)


def _where(finding: Finding) -> tuple[str | None, int | None, int | None]:
    if finding.pos is None:
        return None, None, None
    return finding.pos.file, finding.pos.line, finding.pos.column


def test_cases_cover_the_plan() -> None:
    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 40
    assert all(c.code in CODES for c in CASES), [c.code for c in CASES if c.code not in CODES]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_malformed_input_gets_its_own_finding(tmp_path: Path, case: Case) -> None:
    files = case.files() if callable(case.files) else case.files
    result = _run(tmp_path, files, case.limits)  # never raises: an exception fails the test
    report = result.report
    rendered = [f.render() for f in report]
    assert not [f for f in report if f.code in INTERNAL_FAULTS], rendered
    found = [f for f in report if f.code == case.code]
    assert found, f"no {case.code}; got {rendered}"
    expected = (case.file, case.line, case.column)
    at = [f for f in found if _where(f) == expected]
    assert at, f"{case.code} expected at {expected}, found at {[_where(f) for f in found]}"
    finding = at[0]
    assert finding.message.strip()
    assert finding.fix.strip()
    assert case.says in finding.message, finding.message
    assert finding.severity == (case.severity or CODES[case.code].severity)


# -- what the plan lists but NCBI accepts: read it right, say nothing serious --------------------------------


@dataclass(frozen=True)
class Accepted:
    id: str
    row: int
    files: Files | Callable[[], Files]
    sequences: dict[str, int]  # SeqID -> length
    check: Callable[[list[FeatureTable]], None] | None = None
    quiet_codes: frozenset[str] = field(default_factory=frozenset)  # warnings the row expects


def _gz_members() -> Files:
    # cat a.gz b.gz, then a bgzip-style file ending in an empty member
    a, b = gzip.compress(b">a\nACGT\n"), gzip.compress(b">b\nGGGGCC\n")
    return {"ab.fsa.gz": a + b + gzip.compress(b">c\nTT\n") + gzip.compress(b"")}


def _minus_strand(tables: list[FeatureTable]) -> None:
    (table,) = tables
    assert [(i.start, i.stop, i.strand.value) for i in table[0].intervals] == [(50, 10, "-")]


def _verbatim(tables: list[FeatureTable]) -> None:
    (table,) = tables
    assert table[0].values("note") == [
        "<script>alert(1)</script>",
        "'; DROP TABLE records;--",
        "=HYPERLINK(http://evil.example)",
        "50% _of_ \\x",
    ]


def _space_columns(tables: list[FeatureTable]) -> None:
    (table,) = tables
    assert [(f.key, f.get("gene")) for f in table] == [("gene", "abc")]


ACCEPTED = [
    Accepted("gzip-multi-member", 12, _gz_members, {"a": 4, "b": 6, "c": 2}),
    Accepted("gzip-zero-padding", 12, {"g.fsa.gz": _SMALL_GZ + bytes(512)}, {"c1": 100}),
    Accepted("utf8-bom", 17, {"g.fsa": b"\xef\xbb\xbf>c1\nACGT\n"}, {"c1": 4}),
    Accepted("soft-masked", 27, {"g.fsa": ">c1\nacgtNNacgtACGT\n"}, {"c1": 14}),
    Accepted(
        "fasta-3mb-single-line", 30, lambda: {"g.fsa": ">c1\n" + "ACGT" * (3 << 18) + "\n"}, {"c1": 3 << 20}
    ),
    Accepted("crlf", 32, {"g.fsa": ">c1\r\nACGT\r\nAC\r\n>c2\r\nGG\r\n"}, {"c1": 6, "c2": 2}),
    Accepted("bare-cr", 33, {"g.fsa": ">c1\rACGT\rAC\r>c2\rGG\r"}, {"c1": 6, "c2": 2}),
    Accepted("blank-lines-no-final-newline", 34, {"g.fsa": ">c1\nACGT\n\n\n>c2\nGG"}, {"c1": 4, "c2": 2}),
    Accepted("spaces-in-sequence", 35, {"g.fsa": ">c1\nAC GT\tAC\n"}, {"c1": 6}),
    Accepted(
        "tbl-start-after-stop-is-minus-strand",
        45,
        _tbl(_H + "50\t10\tgene\n\t\t\tgene\tx\n"),
        {"c1": 100},
        _minus_strand,
    ),
    Accepted(
        "tbl-spaces-instead-of-tabs",
        50,
        _tbl(_H + "1 50 gene\n   gene abc\n"),
        {"c1": 100},
        _space_columns,
    ),
    Accepted(
        "tbl-html-sql-formula-stored-verbatim",
        51,
        _tbl(
            _H + "1\t50\tgene\n"
            "\t\t\tnote\t<script>alert(1)</script>\n"
            "\t\t\tnote\t'; DROP TABLE records;--\n"
            "\t\t\tnote\t=HYPERLINK(http://evil.example)\n"
            "\t\t\tnote\t50% _of_ \\x\n"
        ),
        {"c1": 100},
        _verbatim,
    ),
]


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_tolerated_input_is_read_correctly(tmp_path: Path, case: Accepted) -> None:
    files = case.files() if callable(case.files) else case.files
    inputs = []
    for name, content in files.items():
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        inputs.append(InputFile(path, name))
    report = Report()
    fasta = [i for i in inputs if i.kind == "fasta"]
    bundle = job_inputs.read_side_files(inputs, report, DEFAULT_LIMITS)
    records = {
        record.seq_id: len(record) for _, record in job_inputs.sequences(bundle, report, DEFAULT_LIMITS)
    }
    assert fasta
    assert records == case.sequences
    serious = [f.render() for f in report if f.severity >= Severity.WARNING]
    assert not serious
    if case.check is not None:
        tables = [t for i in inputs if i.kind == "table" for t in read_feature_table(i.path, Report())]
        case.check(tables)
    # and the whole pipeline reads it without an error of its own (the biology rules may still object, e.g.
    # to a record with no organism; that is not the reader's business)
    result = check_files(inputs)
    errors = [f.render() for f in result.report if f.severity >= Severity.ERROR and f.code not in RULES]
    assert not errors


# -- memory and time stay bounded -----------------------------------------------------------------------------


def test_gzip_bomb_is_stopped_at_the_cap_with_flat_memory(tmp_path: Path) -> None:
    """64 MiB of sequence on one line, gzipped to ~64 KB, against an 8 MiB cap: reading stops at the cap."""
    bomb = _gzip_stream([b">x\n", b"A" * (1 << 20)], repeat=64)
    assert len(bomb) < 200_000
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = _run(tmp_path, {"g.fsa.gz": bomb}, ReadLimits(max_bytes=_FASTA_BOMB_CAP))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 10
    assert [f.code for f in result.report if f.code not in RULES] == ["READ.DecompressedTooLarge"]
    assert result.stats["residues"] <= _FASTA_BOMB_CAP
    assert peak < 6 * _FASTA_BOMB_CAP, f"peak {peak:,} bytes"


def test_a_file_of_nul_lines_gives_a_bounded_number_of_findings(tmp_path: Path) -> None:
    clean = b"ACGT" * 15 + b"\n"
    result = _run(tmp_path, {"g.fsa": b">c1\n" + clean * 200 + b"AC\x00GT\n" * 500})
    nul = [f for f in result.report if f.code == "READ.NulByte"]
    assert len(nul) == 21, [f.render() for f in result.report]
    assert _where(nul[0]) == ("g.fsa", 202, 3)
    assert "480 more lines" in nul[-1].message
    assert result.stats["residues"] == 200 * 60 + 500 * 4


def test_a_nul_deep_in_a_long_line_has_its_real_column(tmp_path: Path) -> None:
    line = bytearray(b"ACGT" * (1 << 20))
    line[3_000_001] = 0
    result = _run(tmp_path, {"g.fsa": b">c1\n" + bytes(line) + b"\n"})
    (nul,) = [f for f in result.report if f.code == "READ.NulByte"]
    assert _where(nul) == ("g.fsa", 2, 3_000_002)


def test_a_reader_crash_costs_one_file_not_the_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("simulated reader bug")

    monkeypatch.setattr(job_inputs, "read_template", broken)
    result = _run(tmp_path, {"g.fsa": FA, "g.sbt": TEMPLATE, "g.tbl": _H + "1\t10\tgene\n"})
    (failure,) = [f for f in result.report if f.code == "READ.ReaderFailure"]
    assert _where(failure) == ("g.sbt", 1, None)
    assert failure.fix
    assert result.stats["sequences"] == 1
    assert result.stats["features"] == 1
