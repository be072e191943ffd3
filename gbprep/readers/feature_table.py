"""Read NCBI five-column feature tables (``.tbl``), the annotation input of tbl2asn and table2asn.

API
    ``read_feature_table(path, report, *, name=None, limits=DEFAULT_LIMITS) -> Iterator[FeatureTable]``
        Streams one ``FeatureTable`` per ``>Feature SeqID [table_name]`` block, as soon as the block ends,
        so a genome-sized table never sits in memory twice. A ``FeatureTable`` is a ``list[Feature]`` that
        also carries the SeqID, the table name and the header's position.
    ``read_feature_tables(...) -> dict[str, FeatureTable]``
        The same, collected by SeqID (blocks that repeat a SeqID are merged, as tbl2asn attaches both).
    ``check_seq_ids(tables, known_ids, report)``
        For whoever pairs the table with its FASTA: reports tables whose SeqID names no sequence.

What is read the way tbl2asn reads it (NCBI's ``CFeature_table_reader`` is the reference): columns split on
any run of whitespace, so space-separated tables and trailing TABs work; a line that starts with whitespace
is a qualifier line (``product HA1`` with a space is fine); ``>Features`` and any case of ``Feature``;
``[offset=N]`` shifts the positions of the rows after it in the same block; ``<``/``>`` mark partial ends
on the start/stop column whatever the strand; ``123^`` in the start column is a between-bases site; an
optional sixth column ``minus``/``-``/``complement`` puts the row on the minus strand; a line ``order``
makes the location an ``order()`` (see ``FeatureTable.is_order``); values wrapped in double quotes lose the
quotes. Positions in the model are as written plus any offset; the minus strand is start > stop.

Findings carry the user's file, line and column. What tbl2asn drops from its output (unknown keys and
qualifiers, interval rows after a qualifier, features with unreadable locations, ``REFERENCE`` blocks) is
dropped here too, so later rules see what GenBank would get. Nothing here raises on bad input.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from gbprep.model import insdc
from gbprep.model.diagnostics import Code, Report, Severity, SourcePos, declare
from gbprep.model.records import Feature, FeatureTable, Interval, Qualifier
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits, TextSource

_NCBI_MAX_POSITION = 2_147_483_647  # tbl2asn stores positions as signed 32-bit integers

# --- findings -----------------------------------------------------------------------------------------------

MISSING_HEADER = declare(
    "TBL.MissingHeader",
    Severity.ERROR,
    "Feature table rows before any '>Feature' line",
    "Start each sequence's block with a line '>Feature SeqID', where SeqID is the identifier after '>' in "
    "the FASTA file. Rows before the first such line are ignored.",
)
NOT_A_HEADER = declare(
    "TBL.NotAHeader",
    Severity.ERROR,
    "A line starts with '>' but is not a '>Feature SeqID' line",
    "Write block headers as '>Feature SeqID'. Sequences belong in the FASTA file, not in the table. "
    "Everything up to the next '>Feature' line is ignored.",
)
MISSING_SEQ_ID = declare(
    "TBL.MissingSeqId",
    Severity.ERROR,
    "A '>Feature' line names no sequence",
    "Put the sequence identifier after '>Feature', separated by a space: '>Feature contig_1'. The features "
    "of a block without an identifier cannot be attached to any sequence.",
)
NO_FEATURE_TABLE = declare(
    "TBL.NoFeatureTable",
    Severity.ERROR,
    "The file holds no feature table",
    "A feature table starts with a '>Feature SeqID' line followed by feature rows. Check that this is the "
    "right file.",
)
EMPTY_TABLE = declare(
    "TBL.EmptyTable",
    Severity.WARNING,
    "A '>Feature' block has no features",
    "Add the features for this sequence under its '>Feature' line, or remove the line if the sequence has "
    "no annotation.",
)
REPEATED_SEQ_ID = declare(
    "TBL.RepeatedSeqId",
    Severity.INFO,
    "Two '>Feature' blocks name the same sequence",
    "Both blocks are attached to the sequence. Merge them if that was not intended.",
)
BAD_COORDINATE = declare(
    "TBL.BadCoordinate",
    Severity.ERROR,
    "A location column is not a number",
    "Columns 1 and 2 of a feature row hold the start and stop positions: whole numbers, optionally with '<' "
    "before the start or '>' before the stop for a partial end. The row was ignored.",
    ncbi="SEQ_FEAT.Range",
)
NON_POSITIVE_COORDINATE = declare(
    "TBL.NonPositiveCoordinate",
    Severity.ERROR,
    "A location is zero or negative",
    "Positions count from 1 at the first base of the sequence. Check the coordinates (and any [offset=] line "
    "above them). The row was ignored.",
    ncbi="SEQ_FEAT.Range",
)
PARTIAL_WRONG_COLUMN = declare(
    "TBL.PartialWrongColumn",
    Severity.ERROR,
    "A partial mark is in the wrong column",
    "'<' goes before the start (column 1) and '>' before the stop (column 2), whatever the strand: a 5' "
    "partial minus-strand gene is written '<900<TAB>100'... i.e. '<900' then '100'. The row was ignored.",
)
BAD_BETWEEN = declare(
    "TBL.BadBetween",
    Severity.WARNING,
    "A between-bases site does not span two adjacent bases",
    "A site between two bases is written 'N^' then 'N+1' (for example '100^' and '101').",
)
INTERNAL_PARTIAL = declare(
    "TBL.InternalPartial",
    Severity.WARNING,
    "A partial mark inside a multi-interval location",
    "Only the first interval's start may carry '<' and only the last interval's stop may carry '>'.",
    ncbi="SEQ_FEAT.PartialProblem",
)
EXTRA_COLUMNS = declare(
    "TBL.ExtraColumns",
    Severity.WARNING,
    "Text in a column that the table format does not have",
    "A feature row has start, stop and key (and optionally 'minus' in a sixth column); a qualifier row has "
    "the qualifier name and one value. The extra text was ignored or kept as noted in the message.",
)
INTERVAL_WITHOUT_FEATURE = declare(
    "TBL.IntervalWithoutFeature",
    Severity.ERROR,
    "An interval row with no feature above it",
    "Continuation rows (start and stop only) extend the feature above them. Add the feature key in column 3 "
    "of the first row of the feature.",
)
INTERVAL_AFTER_QUALIFIER = declare(
    "TBL.IntervalAfterQualifier",
    Severity.ERROR,
    "An interval row after the feature's qualifiers",
    "List all interval rows of a feature first, then its qualifiers. tbl2asn drops a feature whose intervals "
    "continue after a qualifier, so this feature was dropped.",
)
INDENTED_INTERVAL = declare(
    "TBL.IndentedInterval",
    Severity.ERROR,
    "An interval row starts with spaces or TABs",
    "Start and stop must start in column 1; a row that starts with whitespace is read as a qualifier. "
    "Remove the leading whitespace.",
)
UNINDENTED_QUALIFIER = declare(
    "TBL.UnindentedQualifier",
    Severity.ERROR,
    "A qualifier row starts in column 1",
    "Qualifier rows start with three TABs (columns 1-3 empty): TAB TAB TAB name TAB value. The row was "
    "ignored.",
)
UNKNOWN_FEATURE_KEY = declare(
    "TBL.UnknownFeatureKey",
    Severity.ERROR,
    "Unknown feature key",
    "Use a key from the INSDC feature table (gene, mRNA, CDS, tRNA, rRNA, ncRNA, misc_feature, ...); keys "
    "are case-sensitive. tbl2asn drops features with an unknown key, so this one and its qualifiers were "
    "ignored.",
    ncbi="SEQ_FEAT.UnknownImpFeatKey",
)
RETIRED_FEATURE_KEY = declare(
    "TBL.RetiredFeatureKey",
    Severity.WARNING,
    "Feature key retired from the INSDC feature table",
    "Replace the key as the message says; GenBank no longer accepts it as written.",
)
REFERENCE_IGNORED = declare(
    "TBL.ReferenceIgnored",
    Severity.INFO,
    "REFERENCE rows in the table are ignored",
    "tbl2asn drops REFERENCE pseudo-features (as GAG and funannotate write them). Give publications in the "
    "submission template instead.",
)
QUALIFIER_BEFORE_FEATURE = declare(
    "TBL.QualifierBeforeFeature",
    Severity.ERROR,
    "A qualifier row with no feature above it",
    "Qualifier rows describe the feature row above them. Add the feature row (start, stop, key) first. The "
    "qualifier was ignored.",
)
UNKNOWN_QUALIFIER = declare(
    "TBL.UnknownQualifier",
    Severity.ERROR,
    "Unknown qualifier",
    "Use an INSDC qualifier name (or one of NCBI's table qualifiers such as prot_desc or go_process). "
    "tbl2asn drops unknown qualifiers, so this one was ignored.",
    ncbi="SEQ_FEAT.UnknownFeatureQual",
)
OBSOLETE_QUALIFIER = declare(
    "TBL.ObsoleteQualifier",
    Severity.WARNING,
    "Qualifier no longer used",
    "Replace or remove the qualifier as the message says.",
)
QUALIFIER_NOT_ALLOWED = declare(
    "TBL.QualifierNotAllowed",
    Severity.WARNING,
    "Qualifier not allowed on this feature",
    "Move the qualifier to a feature that takes it, or use /note. The INSDC feature table lists which "
    "qualifiers each key takes.",
    ncbi="SEQ_FEAT.WrongQualOnFeature",
)
MISSING_VALUE = declare(
    "TBL.MissingValue",
    Severity.ERROR,
    "A qualifier has no value",
    "Put the value after the qualifier name, separated by a TAB. tbl2asn drops qualifiers without a value "
    "(only flags such as pseudo stand alone), so this one was ignored.",
)
FLAG_WITH_VALUE = declare(
    "TBL.FlagWithValue",
    Severity.WARNING,
    "A flag qualifier has a value",
    "This qualifier is written alone (for example just 'pseudo'); the value was ignored.",
)
CONTROL_CHARACTER = declare(
    "TBL.ControlCharacter",
    Severity.ERROR,
    "A control character inside a qualifier value",
    "Qualifier values are plain printable text. Remove the invisible control characters (they often come from "
    "copying out of a word processor or a binary file); they were removed here.",
)
QUOTE_IN_VALUE = declare(
    "TBL.QuoteInValue",
    Severity.WARNING,
    "A double quote inside a value",
    "GenBank values cannot contain double quotes; tbl2asn turns them into apostrophes, as was done here. "
    "Rephrase the value if that changes its meaning.",
)
BAD_OFFSET = declare(
    "TBL.BadOffset",
    Severity.ERROR,
    "An [offset=] line without a whole number",
    "Write '[offset=N]' with a whole number N; it is added to every position below it in the block. The "
    "line was ignored, so the positions below it were not shifted.",
)
UNKNOWN_COMMAND = declare(
    "TBL.UnknownCommand",
    Severity.WARNING,
    "A '[...]' line that is not [offset=N]",
    "The only bracketed instruction a feature table takes is '[offset=N]'. The line was ignored.",
)
BAD_CODON_START = declare(
    "TBL.BadCodonStart",
    Severity.ERROR,
    "codon_start is not 1, 2 or 3",
    "codon_start gives the first base of the first complete codon of a 5' partial CDS: 1, 2 or 3.",
    ncbi="SEQ_FEAT.InvalidCodonStart",
)
BAD_TRANSL_TABLE = declare(
    "TBL.BadTranslTable",
    Severity.ERROR,
    "transl_table is not a genetic code number",
    "Use an NCBI genetic code number (1-6, 9-16, 21-33), for example 11 for bacteria and plastids or 5 for "
    "invertebrate mitochondria.",
)
BAD_TRANSL_EXCEPT = declare(
    "TBL.BadTranslExcept",
    Severity.ERROR,
    "transl_except is not '(pos:LOCATION,aa:AMINO_ACID)'",
    "Write for example '(pos:591..593,aa:Sec)' or '(pos:complement(4156..4158),aa:TERM)', with a "
    "three-letter amino acid abbreviation, TERM or OTHER.",
    ncbi="SEQ_FEAT.TranslExcept",
)
BAD_ANTICODON = declare(
    "TBL.BadAnticodon",
    Severity.ERROR,
    "anticodon is not '(pos:LOCATION,aa:AMINO_ACID,seq:xxx)'",
    "Write for example '(pos:34..36,aa:Phe,seq:aaa)' or '(pos:complement(4156..4158),aa:Gln,seq:ttg)'.",
    ncbi="SEQ_FEAT.InvalidQualifierValue",
)
BAD_CODON_RECOGNIZED = declare(
    "TBL.BadCodonRecognized",
    Severity.ERROR,
    "codon_recognized is not a three-letter codon",
    "Give the codon the tRNA reads as three nucleotide letters (IUPAC codes allowed), for example UUR.",
)
BAD_GO_TERM = declare(
    "TBL.BadGoTerm",
    Severity.WARNING,
    "A GO term is not 'description|GO id|PubMed id|evidence'",
    "Write go_process, go_function and go_component values as 'description|0006355|PMID|evidence code', "
    "keeping empty fields between the bars, e.g. 'nucleus|0005634||IEA'.",
    ncbi="SEQ_FEAT.BadGeneOntologyFormat",
)
BAD_TRNA_PRODUCT = declare(
    "TBL.BadTrnaProduct",
    Severity.WARNING,
    "A tRNA product does not name an amino acid",
    "Name tRNAs 'tRNA-Xxx' with the three-letter amino acid (tRNA-Leu, tRNA-fMet; tRNA-Xxx if unknown); put "
    "labels such as 'tRNA-Leu2' in a note.",
)
LOCUS_TAG_HAS_SPACE = declare(
    "TBL.LocusTagHasSpace",
    Severity.ERROR,
    "A locus_tag contains whitespace",
    "A locus_tag is a single token: the registered prefix, an underscore and a number, e.g. ABC_000123.",
    ncbi="SEQ_FEAT.LocusTagProblem",
)
LOCUS_TAG_FORMAT = declare(
    "TBL.LocusTagFormat",
    Severity.WARNING,
    "A locus_tag is not PREFIX_ID",
    "GenBank genomes need locus_tags made of the registered prefix (a letter then 2-11 letters or digits), "
    "one underscore and letters or digits, e.g. ABC_000123.",
    ncbi="BAD_LOCUS_TAG_FORMAT",
)
BAD_SEQ_ID_VALUE = declare(
    "TBL.BadSeqIdValue",
    Severity.ERROR,
    "protein_id or transcript_id is not a valid sequence identifier",
    "Write identifiers as gnl|dbname|id (dbname: a name for your lab, id: for example the locus_tag), "
    "without spaces.",
)
DUPLICATE_PROTEIN_ID = declare(
    "TBL.DuplicateProteinId",
    Severity.ERROR,
    "The same protein_id on two CDS features",
    "Every CDS needs its own protein_id; isoforms get distinct ids (for example with -PA, -PB suffixes).",
)
DUPLICATE_TRANSCRIPT_ID = declare(
    "TBL.DuplicateTranscriptId",
    Severity.ERROR,
    "The same transcript_id on two mRNA features",
    "Every mRNA needs its own transcript_id; isoforms get distinct ids.",
)
BAD_DB_XREF = declare(
    "TBL.BadDbXref",
    Severity.ERROR,
    "db_xref is not 'DATABASE:IDENTIFIER'",
    "Write db_xref values as database:identifier, e.g. GeneID:2767721 or InterPro:IPR000111. tbl2asn drops "
    "values without the colon.",
    ncbi="SEQ_FEAT.IllegalDbXref",
)
BAD_INFERENCE = declare(
    "TBL.BadInference",
    Severity.ERROR,
    "inference does not start with an INSDC evidence type",
    "Start the value with one of the INSDC types, e.g. 'ab initio prediction:GeneMark:4.3', 'similar to AA "
    "sequence:UniProtKB:P12345', 'protein motif:Pfam:PF00069'.",
    ncbi="SEQ_FEAT.InvalidInferenceValue",
)
BAD_EC_NUMBER = declare(
    "TBL.BadEcNumber",
    Severity.WARNING,
    "EC_number is not four dot-separated fields",
    "Write EC numbers as 1.2.3.4, with '-' for unknown trailing fields (3.1.-.-).",
    ncbi="SEQ_FEAT.BadEcNumberFormat",
)
BAD_QUALIFIER_VALUE = declare(
    "TBL.BadQualifierValue",
    Severity.WARNING,
    "A qualifier value outside its allowed values",
    "Use one of the values listed in the message (the INSDC feature table's controlled vocabulary).",
    ncbi="SEQ_FEAT.InvalidQualifierValue",
)
UNKNOWN_SEQ_ID = declare(
    "TBL.UnknownSeqId",
    Severity.ERROR,
    "A feature table names a sequence that is not in the FASTA file",
    "Make the SeqID after '>Feature' exactly the identifier after '>' in the FASTA file (case matters). "
    "Features for an unknown sequence are lost.",
)
LOCATION_OUT_OF_RANGE = declare(
    "TBL.LocationOutOfRange",
    Severity.ERROR,
    "A feature location goes past the end of its sequence",
    "Positions count from 1 to the sequence's length. Check the coordinates against the FASTA sequence: was "
    "the table made for another assembly version, or is an [offset=] line wrong?",
    ncbi="SEQ_FEAT.Range",
)
READER_BUG = declare(
    "TBL.ReaderBug",
    Severity.ERROR,
    "The feature table reader failed on a line",
    "This is a fault in the portal, not in your file. Please report it to the curators; the line was "
    "skipped.",
)

# --- the result type ----------------------------------------------------------------------------------------


# --- reading ------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\S+")
# [0-9], not \d: \d also matches '１２３' and '٣', which int() would quietly accept.
_COORD = re.compile(r"([<>]?)(-?[0-9]+)(\^?)")
# '>Features' and other letters glued to the keyword are tolerated, as NCBI's reader does.
_HEADER_LINE = re.compile(r"\s*>\s*feature\S*(?:\s+(?P<id>\S+)(?P<name>.*))?\s*$", re.IGNORECASE)
_OFFSET = re.compile(r"\[\s*offset\s*=\s*(.*?)\s*\]\s*", re.IGNORECASE)
_MINUS = frozenset({"minus", "-", "complement"})
_QUALIFIER_LINE = re.compile(r"\s*(?P<name>\S+)(?:\s+(?P<value>.*?))?\s*$", re.DOTALL)
_COORD_FIRST = frozenset("0123456789<>-")
# The common feature row: plain positive numbers (no leading zero, at most 9 digits, so never past NCBI's
# limit) and at most a key after them. See _read_feature_row.
_PLAIN_ROW = re.compile(r"([1-9][0-9]{0,8})\s+([1-9][0-9]{0,8})(?:\s+(\S+))?\s*")


@dataclass(slots=True)
class _Pending:
    """The feature whose rows are being read."""

    feature: Feature
    keep: bool  # False: tbl2asn would drop it; rows are still checked for the user's benefit
    allowed: frozenset[str] | None  # None when the key itself is unknown (nothing to check against)
    reference: bool = False
    has_qualifiers: bool = False
    late_interval_reported: bool = False
    order: bool = False  # an 'order' line: marked on the table only if the feature is kept


@dataclass(slots=True)
class _State:
    report: Report
    file: str
    table: FeatureTable | None = None
    table_void: bool = False  # a block whose header had no SeqID: read for checks, never yielded
    skipping: bool = False  # after a bad '>' line until the next header
    offset: int = 0
    block_rows: int = 0  # non-blank lines under the current header, kept or not
    pending: _Pending | None = None
    seen_content: bool = False
    seen_header: bool = False
    reported_missing_header: bool = False
    reference_reported: bool = False
    protein_ids: dict[str, SourcePos] = field(default_factory=dict)
    transcript_ids: dict[str, SourcePos] = field(default_factory=dict)
    seq_ids: dict[str, SourcePos] = field(default_factory=dict)

    def pos(self, line: int, column: int | None = 1) -> SourcePos:
        return SourcePos(self.file, line, column)


def read_feature_table(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Iterator[FeatureTable]:
    """Yield each ``>Feature`` block of a five-column table as it is completed; problems go to ``report``.

    ``name`` is what findings call the file (the user's file name). Blocks whose header names no SeqID are
    read and checked but not yielded.
    """
    source = TextSource(path, report, name=name, limits=limits)
    state = _State(report=report, file=source.name)
    last_line = 0
    # Lines come in lists (one per block of the file): a table has a few hundred thousand lines, and a
    # ``Line`` object for each costs more than the common row needs.
    for first, texts in source.line_lists():
        for number, text in enumerate(texts, first):
            try:
                finished = _read_line(state, number, text)
            except Exception as exc:  # a reader fault must not take the whole upload down
                report.add(
                    READER_BUG(
                        state.pos(number),
                        f"Line {number} could not be read ({type(exc).__name__}: {exc}).",
                    )
                )
                continue
            if finished is not None:
                yield finished
        last_line = first + len(texts) - 1
    finished = _close_table(state)
    if finished is not None:
        yield finished
    if state.seen_content and not state.seen_header and not state.reported_missing_header:
        report.add(NO_FEATURE_TABLE(state.pos(1), f"{state.file} has no '>Feature' line."))
    elif not state.seen_content and last_line > 0:
        report.add(
            NO_FEATURE_TABLE(
                state.pos(1), f"{state.file} holds only blank lines; no feature table was found."
            )
        )


def read_feature_tables(
    path: str | Path,
    report: Report,
    *,
    name: str | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> dict[str, FeatureTable]:
    """All blocks of the file by SeqID; a SeqID that has several blocks gets their features in file order."""
    tables: dict[str, FeatureTable] = {}
    for table in read_feature_table(path, report, name=name, limits=limits):
        if table.seq_id in tables:
            tables[table.seq_id].merge(table)
        else:
            tables[table.seq_id] = table
    return tables


def _read_line(state: _State, number: int, text: str) -> FeatureTable | None:
    stripped = text.strip()
    if not stripped:
        return None
    state.seen_content = True
    if stripped.startswith(">"):
        finished = _close_table(state)
        _read_header(state, number, stripped, text)
        return finished
    if state.skipping:
        return None
    if state.table is None:
        _report_missing_header(state, number, stripped)
        return None
    state.block_rows += 1
    if stripped.startswith("["):
        _read_command(state, number, stripped, text)
    elif text[0].isspace():
        _read_qualifier_line(state, number, text)
    else:
        _read_feature_row(state, number, text)
    return None


# --- block headers ------------------------------------------------------------------------------------------


def _read_header(state: _State, number: int, stripped: str, text: str) -> None:
    col = text.index(">") + 1
    state.offset = 0
    state.block_rows = 0
    state.pending = None
    state.skipping = False
    state.table_void = False
    match = _HEADER_LINE.match(text)
    if match is None:
        state.table = None
        state.skipping = True
        if re.match(r">\d+\^?\s+[<>]?\d+", stripped):
            hint = (
                " If it is a feature row with a partial start, '<' marks the start (column 1) and '>' goes "
                "before the stop (column 2), whatever the strand."
            )
        elif len(stripped) > 1 and not stripped[1].isspace():
            hint = " It looks like a FASTA header: sequences go in the FASTA file, features in the table."
        else:
            hint = ""
        state.report.add(
            NOT_A_HEADER(
                state.pos(number, col),
                f"Line {number} starts with '>' but is not a '>Feature SeqID' line: {stripped[:40]!r}."
                f"{hint} Lines up to the next '>Feature' line were ignored.",
            )
        )
        return
    state.seen_header = True
    seq_id, table_name = match.group("id"), (match.group("name") or "").strip()
    if not seq_id:
        state.table = FeatureTable("", state.pos(number, col))
        state.table_void = True
        state.report.add(
            MISSING_SEQ_ID(
                state.pos(number, col),
                f"The '>Feature' line at line {number} names no sequence; its features were not "
                "attached to any sequence.",
            )
        )
        return
    pos = state.pos(number, match.start("id") + 1)
    if seq_id in state.seq_ids:
        first = state.seq_ids[seq_id]
        state.report.add(
            REPEATED_SEQ_ID(
                pos,
                f"'>Feature {seq_id}' at line {number} repeats the block at line {first.line}; the "
                "features of both are attached to the sequence.",
                seq_id=seq_id,
            )
        )
    else:
        state.seq_ids[seq_id] = pos
    state.table = FeatureTable(seq_id, pos, table_name or None)


def _report_missing_header(state: _State, number: int, stripped: str) -> None:
    if state.reported_missing_header or state.seen_header:
        return
    state.reported_missing_header = True
    hint = ""
    if stripped.startswith("##gff-version") or stripped.count("\t") >= 8:
        hint = " This looks like GFF3; upload it as a GFF3 annotation file, not as a feature table."
    elif stripped.startswith("LOCUS"):
        hint = " This looks like a GenBank flatfile, not a five-column feature table."
    state.report.add(
        MISSING_HEADER(
            state.pos(number),
            f"Line {number} comes before any '>Feature SeqID' line, so it and the lines up to the first "
            f"'>Feature' line were ignored.{hint}",
        )
    )


def _close_table(state: _State) -> FeatureTable | None:
    _finish_feature(state)
    table, void = state.table, state.table_void
    state.table = None
    state.table_void = False
    if table is None or void:
        return None
    if not table and state.block_rows == 0:
        state.report.add(
            EMPTY_TABLE(
                table.pos,
                f"The block '>Feature {table.seq_id}' at line {table.pos.line} has no features.",
                seq_id=table.seq_id,
            )
        )
    return table


def _read_command(state: _State, number: int, stripped: str, text: str) -> None:
    col = text.index("[") + 1
    pos = state.pos(number, col)
    match = _OFFSET.fullmatch(stripped)
    if match is None:
        if re.match(r"\[\s*offset\b", stripped, re.IGNORECASE):
            state.report.add(
                BAD_OFFSET(pos, f"Line {number}: {stripped[:60]!r} is not '[offset=N]'; it was ignored.")
            )
        else:
            state.report.add(
                UNKNOWN_COMMAND(pos, f"Line {number}: {stripped[:60]!r} is not an instruction tbl2asn knows.")
            )
        return
    value = match.group(1)
    if not re.fullmatch(r"[+-]?[0-9]{1,10}", value):
        state.report.add(
            BAD_OFFSET(
                pos, f"Line {number}: the offset {value[:30]!r} is not a whole number; it was ignored."
            )
        )
        return
    state.offset = int(value)


# --- feature rows -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Coord:
    value: int
    partial: bool
    between: bool


def _read_feature_row(state: _State, number: int, text: str) -> None:
    plain = _PLAIN_ROW.fullmatch(text)
    if plain is not None:
        # Most rows of a genome's table: nothing about them can be wrong but the key, so the per-token
        # checks below (each with its own regex and objects) are skipped. Same Interval as they would make.
        low, high = int(plain.group(1)) + state.offset, int(plain.group(2)) + state.offset
        if 0 < low <= _NCBI_MAX_POSITION and 0 < high <= _NCBI_MAX_POSITION:
            row = Interval(low, high, SourcePos(state.file, number, 1))
            if plain.group(3):
                _finish_feature(state)
                _start_feature(state, number, plain.group(3), plain.start(3) + 1, row)
            else:
                _add_interval(state, number, row)
            return
    tokens = [(m.group(), m.start() + 1) for m in _TOKEN.finditer(text)]
    first, first_col = tokens[0]
    if not _COORD.fullmatch(first) and insdc.canonical_qualifier(first) is not None:
        state.report.add(
            UNINDENTED_QUALIFIER(
                state.pos(number, first_col),
                f"Line {number} starts with the qualifier '{first}' in column 1; qualifier rows start "
                "with three TABs. The row was ignored.",
            )
        )
        return
    if len(tokens) == 1:
        state.report.add(
            BAD_COORDINATE(
                state.pos(number, first_col),
                f"Line {number} has only {first[:40]!r}; a feature row needs start, stop and key, an "
                "interval row start and stop. The row was ignored.",
            )
        )
        return
    start = _parse_coord(state, number, tokens[0], is_start=True)
    stop = _parse_coord(state, number, tokens[1], is_start=False)
    key, key_col = tokens[2] if len(tokens) > 2 else ("", 0)
    minus = False
    if len(tokens) > 3:
        strand = tokens[3][0]
        if strand.casefold() in _MINUS:
            minus = True
            extra = tokens[4:]
        else:
            extra = tokens[3:]
        if extra:
            state.report.add(
                EXTRA_COLUMNS(
                    state.pos(number, extra[0][1]),
                    f"Line {number}: {' '.join(t for t, _ in extra)[:60]!r} after the "
                    f"{'feature key' if key else 'coordinates'} was ignored (only 'minus' may follow the "
                    "key).",
                )
            )
    interval = None
    if start is not None and stop is not None:
        interval = _make_interval(state, number, tokens[0][1], start, stop, minus)
    if key:
        _finish_feature(state)
        _start_feature(state, number, key, key_col, interval)
    else:
        _add_interval(state, number, interval)


def _parse_coord(state: _State, number: int, token: tuple[str, int], *, is_start: bool) -> _Coord | None:
    text, col = token
    pos = state.pos(number, col)
    column = "start (column 1)" if is_start else "stop (column 2)"
    match = _COORD.fullmatch(text)
    if match is None or (match.group(3) and not is_start):
        hint = ""
        if re.fullmatch(r"[0-9]+[<>]", text):
            hint = " The partial mark goes before the number."
        elif text.replace(",", "").isascii() and text.replace(",", "").isdigit():
            hint = " Remove the thousands separators."
        elif any(c.isdigit() and not c.isascii() for c in text):
            hint = " Write positions with the ASCII digits 0-9."
        state.report.add(
            BAD_COORDINATE(pos, f"Line {number}: the {column} {text[:40]!r} is not a position.{hint}")
        )
        return None
    mark, digits, caret = match.groups()
    if (mark == ">" and is_start) or (mark == "<" and not is_start):
        state.report.add(
            PARTIAL_WRONG_COLUMN(
                pos,
                f"Line {number}: '{mark}' in the {column}; '<' marks a partial start (column 1) and '>' a "
                "partial stop (column 2), whatever the strand.",
            )
        )
        return None
    if len(digits.lstrip("-0")) > 10:  # int() of a 5,000-digit string raises; no sequence is that long anyway
        state.report.add(
            BAD_COORDINATE(
                pos,
                f"Line {number}: the {column} {_short_number(digits)} is larger than any sequence can be.",
            )
        )
        return None
    raw = int(digits)
    shifted = raw + state.offset
    if raw <= 0 or shifted <= 0:
        after = f" after adding the offset {state.offset}" if state.offset and raw > 0 else ""
        state.report.add(
            NON_POSITIVE_COORDINATE(
                pos, f"Line {number}: the {column} is {shifted if after else raw}{after}."
            )
        )
        return None
    if shifted > _NCBI_MAX_POSITION:
        state.report.add(
            BAD_COORDINATE(pos, f"Line {number}: the {column} {shifted} is larger than any sequence can be.")
        )
        return None
    return _Coord(shifted, bool(mark), bool(caret))


def _short_number(digits: str) -> str:
    return digits if len(digits) <= 24 else f"{digits[:12]}...({len(digits):,} digits)"


def _make_interval(
    state: _State, number: int, col: int, start: _Coord, stop: _Coord, minus: bool
) -> Interval:
    a, b = start.value, stop.value
    if minus and a < b:
        a, b = b, a  # the sixth column puts the row on the minus strand: written start is the high end
    if start.between and abs(a - b) != 1:
        state.report.add(
            BAD_BETWEEN(
                state.pos(number, col),
                f"Line {number}: a site between bases ({start.value}^) needs the stop to be the next base, "
                f"not {stop.value}.",
            )
        )
    return Interval(
        start=a,
        stop=b,
        pos=state.pos(number, col),
        partial_start=start.partial,
        partial_stop=stop.partial,
        between=start.between,
    )


def _start_feature(state: _State, number: int, key: str, key_col: int, interval: Interval | None) -> None:
    assert state.table is not None
    # The row's position; an interval from the same row already has it (positions are immutable, so one
    # object can serve both: a genome's table makes hundreds of thousands).
    pos = interval.pos if interval is not None and interval.pos.column == 1 else state.pos(number, 1)
    feature = Feature(key=key, seq_id=state.table.seq_id, pos=pos, table=state.table.name)
    keep, check = interval is not None, True
    reference = False
    found = insdc.feature_key(key)
    if found is None:
        keep = check = False
        real = insdc.key_case_mismatch(key)
        if real is not None:
            hint = f" Keys are case-sensitive: write '{real}'."
        else:
            close = insdc.suggest_key(key)
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
        state.report.add(
            UNKNOWN_FEATURE_KEY(
                state.pos(number, key_col),
                f"Line {number}: '{key[:40]}' is not a feature key.{hint} The feature was ignored.",
                seq_id=feature.seq_id,
            )
        )
    elif key == "REFERENCE":
        keep = check = False
        reference = True
        if not state.reference_reported:
            state.reference_reported = True
            state.report.add(
                REFERENCE_IGNORED(
                    state.pos(number, key_col),
                    f"Line {number}: REFERENCE rows (this one and any later ones) are dropped by tbl2asn; "
                    "publications belong in the submission template.",
                    seq_id=feature.seq_id,
                )
            )
    elif found.status is insdc.KeyStatus.RETIRED:
        state.report.add(
            RETIRED_FEATURE_KEY(
                state.pos(number, key_col),
                f"Line {number}: the feature key '{key}' was retired from the INSDC feature table; use "
                f"{found.replacement}.",
                seq_id=feature.seq_id,
                feature=feature.label,
            )
        )
    if interval is not None:
        feature.intervals.append(interval)
    state.pending = _Pending(
        feature,
        keep=keep and not state.table_void,
        allowed=found.allowed if check and found is not None else None,
        reference=reference,
    )


def _add_interval(state: _State, number: int, interval: Interval | None) -> None:
    pending = state.pending
    if pending is None:
        if interval is not None:
            state.report.add(
                INTERVAL_WITHOUT_FEATURE(
                    state.pos(number, 1),
                    f"Line {number} has a start and stop but no feature key, and no feature row is above it. "
                    "The row was ignored.",
                )
            )
        return
    if pending.has_qualifiers:
        if not pending.reference and not pending.late_interval_reported:
            pending.late_interval_reported = True
            state.report.add(
                INTERVAL_AFTER_QUALIFIER(
                    state.pos(number, 1),
                    f"Line {number}: an interval row after the qualifiers of the {pending.feature.key} that "
                    f"starts at line {pending.feature.pos.line}; that feature was dropped.",
                    seq_id=pending.feature.seq_id,
                    feature=pending.feature.label,
                )
            )
        pending.keep = False
        return
    if interval is None:
        return
    intervals = pending.feature.intervals
    if intervals and (intervals[-1].partial_stop or interval.partial_start):
        state.report.add(
            INTERNAL_PARTIAL(
                state.pos(number, 1),
                f"Line {number}: '<' or '>' on an interval inside the location of the {pending.feature.key} "
                f"at line {pending.feature.pos.line}.",
                seq_id=pending.feature.seq_id,
                feature=pending.feature.label,
            )
        )
    intervals.append(interval)


def _finish_feature(state: _State) -> None:
    pending, state.pending = state.pending, None
    if pending is None or not pending.keep or state.table is None:
        return
    if not pending.feature.intervals:
        return
    state.table.append(pending.feature)
    if pending.order:
        # Marked only now: a feature dropped after its 'order' line must not leave its id in the table's
        # set, where a later feature allocated at the same address would inherit it.
        state.table.mark_order(pending.feature)


# --- qualifier rows -----------------------------------------------------------------------------------------


def _emit(
    state: _State,
    code: Code,
    pos: SourcePos,
    message: str,
    feature: Feature | None = None,
    *,
    severity: Severity | None = None,
) -> None:
    state.report.add(
        code(
            pos,
            message,
            seq_id=feature.seq_id if feature is not None else None,
            feature=feature.label if feature is not None else None,
            severity=severity,
        )
    )


def _read_qualifier_line(state: _State, number: int, text: str) -> None:
    # Half the lines of a genome's table are "<TABs>name<TAB>value" with a qualifier spelt as INSDC spells
    # it, allowed on its feature, and a value of printable ASCII (no TAB, no control character, no double
    # quote, no space at either end). Of the general path's checks only the value's own can find anything
    # there, so the rest (and its regular expression) are skipped; the Qualifier is the same.
    pending = state.pending
    body = text.lstrip(" \t")
    name, _, value = body.partition("\t")
    definition = insdc.QUALIFIERS.get(name)
    if (
        definition is not None
        and pending is not None
        and not pending.reference
        and value.isascii()
        and value.isprintable()
        and value[:1] not in ("", " ")
        and value[-1] != " "
        and '"' not in value
        and definition.obsolete is None
        and definition.kind is not insdc.ValueKind.FLAG
        and (pending.allowed is None or name in pending.allowed)
    ):
        pending.has_qualifiers = True
        column = len(text) - len(body) + 1
        if name in _VALUE_CHECKED or (name == "product" and pending.feature.key == "tRNA"):  # as _check_value
            _check_value(
                state,
                number,
                pending.feature,
                name,
                value,
                SourcePos(state.file, number, column + len(name) + 1),
            )
        pending.feature.qualifiers.append(Qualifier(name, value, SourcePos(state.file, number, column)))
        return
    match = _QUALIFIER_LINE.match(text)
    if match is None:
        return
    name, name_col = match.group("name"), match.start("name") + 1
    raw_value = match.group("value") or ""
    value_col = match.start("value") + 1 if raw_value else None
    pos = SourcePos(state.file, number, name_col)
    if name[0] in _COORD_FIRST and _COORD.fullmatch(name):
        _emit(
            state,
            INDENTED_INTERVAL,
            pos,
            f"Line {number} starts with whitespace and then the position {name[:20]!r}; interval rows "
            "start in column 1. The row was ignored.",
        )
        return
    if name.casefold() == "order" and not raw_value:
        if pending is None:
            _emit(state, QUALIFIER_BEFORE_FEATURE, pos, f"Line {number}: 'order' with no feature above it.")
        elif pending.keep and state.table is not None:
            pending.order = True
        return
    if pending is None:
        seq_id = state.table.seq_id if state.table is not None else ""
        _emit(
            state,
            QUALIFIER_BEFORE_FEATURE,
            pos,
            f"Line {number}: the qualifier '{name[:40]}' comes before any feature row of the block "
            f"'>Feature {seq_id}'; it was ignored.",
        )
        return
    pending.has_qualifiers = True
    if pending.reference:
        return
    value_pos = state.pos(number, value_col) if value_col else pos
    _add_qualifier(state, number, pending, name, pos, raw_value, value_pos)


def _add_qualifier(
    state: _State,
    number: int,
    pending: _Pending,
    name: str,
    pos: SourcePos,
    raw_value: str,
    value_pos: SourcePos,
) -> None:
    feature = pending.feature
    real = insdc.canonical_qualifier(name)
    if real is None:
        _emit(
            state,
            UNKNOWN_QUALIFIER,
            pos,
            f"Line {number}: {_unknown_qualifier_text(name)} It was ignored.",
            feature,
        )
        return
    definition = insdc.QUALIFIERS[real]
    quoted = len(raw_value) >= 2 and raw_value[0] == raw_value[-1] == '"'
    value = raw_value[1:-1] if quoted else raw_value
    if '"' in value:
        _emit(
            state,
            QUOTE_IN_VALUE,
            value_pos,
            f"Line {number}: the {real} value contains a double quote; it was changed to an apostrophe.",
            feature,
        )
        value = value.replace('"', "'")
    control = _CONTROL.search(value)
    if control is not None:
        column = (value_pos.column or 1) + (1 if quoted else 0) + control.start()
        _emit(
            state,
            CONTROL_CHARACTER,
            SourcePos(state.file, number, column),
            f"Line {number}: the {real} value has the control character U+{ord(control.group()):04X} at column "
            f"{column}; control characters were removed.",
            feature,
        )
        value = _CONTROL.sub("", value)
    if "\t" in value:
        _emit(
            state,
            EXTRA_COLUMNS,
            value_pos,
            f"Line {number}: the {real} value has a TAB inside it; the text after the TAB was kept as part "
            "of the value. Put each qualifier on its own row.",
            feature,
        )
    if definition.obsolete is not None:
        # tbl2asn rejects /evidence outright; /partial would contradict the location's own < and > marks
        drop = real in ("evidence", "partial")
        _emit(
            state,
            OBSOLETE_QUALIFIER,
            pos,
            f"Line {number}: {definition.obsolete}." + (" It was ignored." if drop else ""),
            feature,
            severity=Severity.ERROR if real == "evidence" else None,
        )
        if drop:
            return
    stored: str | None = value
    if definition.kind is insdc.ValueKind.FLAG:
        if value:
            _emit(
                state,
                FLAG_WITH_VALUE,
                value_pos,
                f"Line {number}: '{real}' takes no value; {value[:40]!r} was ignored.",
                feature,
            )
        stored = None
    elif not value and not (quoted and real == "replace"):
        deletion = (
            ' For a deletion, /replace is written with two double quotes: "".' if real == "replace" else ""
        )
        _emit(
            state,
            MISSING_VALUE,
            pos,
            f"Line {number}: the qualifier '{real}' on the {feature.key} at line {feature.pos.line} has no "
            f"value; it was ignored.{deletion}",
            feature,
        )
        return
    if pending.allowed is not None and real not in pending.allowed:
        elsewhere = insdc.keys_allowing(real)
        more = ", ..." if len(elsewhere) > 6 else ""
        on = f" It is allowed on {', '.join(elsewhere[:6])}{more}." if elsewhere else ""
        _emit(
            state,
            QUALIFIER_NOT_ALLOWED,
            pos,
            f"Line {number}: '{real}' is not allowed on a {feature.key} feature.{on}",
            feature,
        )
    if stored:
        _check_value(state, number, feature, real, stored, value_pos)
    feature.qualifiers.append(Qualifier(real, stored, pos))


def _unknown_qualifier_text(name: str) -> str:
    if insdc.feature_key(name) is not None:
        return (
            f"'{name}' is a feature key, not a qualifier; feature rows start in column 1 with start and stop."
        )
    hint = ""
    bare = name.lstrip("/").split("=", 1)[0]
    if bare != name and insdc.canonical_qualifier(bare):
        hint = f" Write the name '{bare}' without '/' or '=', then a TAB and the value."
    else:
        close = insdc.suggest_qualifier(name)
        if close:
            hint = f" Did you mean {' or '.join(repr(c) for c in close)}?"
    return f"'{name[:40]}' is not a qualifier tbl2asn knows.{hint}"


# --- qualifier values ---------------------------------------------------------------------------------------

_LOCUS_TAG = re.compile(r"[A-Za-z][0-9A-Za-z]{2,}_[0-9A-Za-z]+")
_EC = re.compile(r"\d+\.(?:\d+|-)\.(?:\d+|-)\.(?:n?\d+|-)", re.ASCII)
_SIMPLE_LOC = r"(?:[<>]?\d+(?:\.\.[<>]?\d+)?)"
_LOC_LIST = rf"(?:join|order)\(\s*{_SIMPLE_LOC}(?:\s*,\s*{_SIMPLE_LOC})*\s*\)"
_LOC = re.compile(
    rf"\s*(?:{_SIMPLE_LOC}|complement\(\s*{_SIMPLE_LOC}\s*\)|{_LOC_LIST}|complement\(\s*{_LOC_LIST}\s*\))\s*",
    re.IGNORECASE | re.ASCII,
)
_TRANSL_EXCEPT = re.compile(
    r"\(\s*pos\s*:(?P<loc>.+?),\s*aa\s*:(?P<aa>[^,()]+?)\s*\)", re.IGNORECASE | re.DOTALL
)
_ANTICODON = re.compile(
    r"\(\s*pos\s*:(?P<loc>.+?),\s*aa\s*:(?P<aa>[^,()]+?)\s*(?:,\s*seq\s*:\s*(?P<seq>[^,()]*?)\s*)?\)",
    re.IGNORECASE | re.DOTALL,
)
_SPACE = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # C0 controls and DEL, except TAB and LF
_GO_ID = re.compile(r"(?:GO:)?\d{7}", re.ASCII)
_PMID = re.compile(r"\d+|GO_REF:\d+", re.ASCII)
_SEQ_ID_QUALIFIERS = ("protein_id", "transcript_id", "orig_protein_id", "orig_transcript_id")
_DROPPED_WHEN_UNKNOWN = ("regulatory_class", "bond_type", "site_type")  # tbl2asn drops, not passes on
_VALUE_CHECKED = frozenset(
    {
        "codon_start", "transl_table", "transl_except", "anticodon", "codon_recognized", "go_process",
        "go_function", "go_component", "locus_tag", "db_xref", "inference", "EC_number", "estimated_length",
        "replace", "number", *_SEQ_ID_QUALIFIERS, *insdc.VOCABULARIES, *insdc.PREFIX_VOCABULARIES,
    }
)  # fmt: skip


def _check_value(state: _State, number: int, feature: Feature, qual: str, value: str, pos: SourcePos) -> None:
    if qual not in _VALUE_CHECKED and not (qual == "product" and feature.key == "tRNA"):
        return  # free text (most rows: product, note, gene, ...)
    problem: tuple[Code, str] | None = None
    at = f"Line {number}:"
    if qual == "codon_start":
        if value not in ("1", "2", "3"):
            problem = BAD_CODON_START, f"{at} codon_start is {value[:20]!r}; it must be 1, 2 or 3."
    elif qual == "transl_table":
        if (
            not (value.isascii() and value.isdigit() and len(value) < 4)
            or int(value) not in insdc.GENETIC_CODES
        ):
            problem = BAD_TRANSL_TABLE, f"{at} transl_table {value[:20]!r} is not an NCBI genetic code."
    elif qual == "transl_except":
        why = _transl_except_problem(value)
        if why:
            problem = BAD_TRANSL_EXCEPT, f"{at} transl_except {value[:60]!r}: {why}."
    elif qual == "anticodon":
        why = _anticodon_problem(value)
        if why:
            problem = BAD_ANTICODON, f"{at} anticodon {value[:60]!r}: {why}."
    elif qual == "codon_recognized":
        if len(value) != 3 or not set(value.upper()) <= insdc.IUPAC_NUCLEOTIDES:
            problem = (
                BAD_CODON_RECOGNIZED,
                f"{at} codon_recognized {value[:20]!r} is not three nucleotide letters.",
            )
    elif qual in ("go_process", "go_function", "go_component"):
        why = _go_problem(value)
        if why:
            problem = BAD_GO_TERM, f"{at} {qual} {value[:60]!r}: {why}."
    elif qual == "product" and feature.key == "tRNA":
        if insdc.trna_amino_acid(value) is None:
            problem = BAD_TRNA_PRODUCT, f"{at} the tRNA product {value[:40]!r} does not name an amino acid."
    elif qual == "locus_tag":
        if _SPACE.search(value):
            problem = LOCUS_TAG_HAS_SPACE, f"{at} the locus_tag {value[:40]!r} contains whitespace."
        elif not _LOCUS_TAG.fullmatch(value):
            problem = (
                LOCUS_TAG_FORMAT,
                f"{at} the locus_tag {value[:40]!r} is not PREFIX_ID (e.g. ABC_000123).",
            )
    elif qual in _SEQ_ID_QUALIFIERS:
        why = _seq_id_problem(value)
        if why:
            problem = BAD_SEQ_ID_VALUE, f"{at} {qual} {value[:60]!r}: {why}."
        elif qual == "protein_id" and feature.key == "CDS":
            problem = _duplicate(state.protein_ids, DUPLICATE_PROTEIN_ID, "CDS", qual, value, pos)
        elif qual == "transcript_id" and feature.key == "mRNA":
            problem = _duplicate(state.transcript_ids, DUPLICATE_TRANSCRIPT_ID, "mRNA", qual, value, pos)
    elif qual == "db_xref":
        db, colon, ident = value.partition(":")
        if not colon or not db.strip() or not ident.strip():
            problem = BAD_DB_XREF, f"{at} db_xref {value[:60]!r} is not DATABASE:IDENTIFIER; it was ignored."
    elif qual == "inference":
        if not _inference_ok(value):
            problem = (
                BAD_INFERENCE,
                f"{at} inference {value[:60]!r} does not start with an INSDC evidence type.",
            )
    elif qual == "EC_number":
        if not _EC.fullmatch(value):
            problem = BAD_EC_NUMBER, f"{at} EC_number {value[:30]!r} is not like 1.2.3.4 or 3.1.-.-."
    else:
        _check_other_value(state, number, feature, qual, value, pos)
    if problem is not None:
        _emit(state, problem[0], pos, problem[1], feature)


def _check_other_value(
    state: _State, number: int, feature: Feature, qual: str, value: str, pos: SourcePos
) -> None:
    at = f"Line {number}:"
    message = None
    known = insdc.in_vocabulary(qual, value)
    if known is False:
        choices = sorted(insdc.vocabulary(qual), key=str.casefold)
        listed = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
        close = insdc.suggest(value, choices, limit=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        dropped = qual in _DROPPED_WHEN_UNKNOWN
        _emit(
            state,
            BAD_QUALIFIER_VALUE,
            pos,
            f"{at} {value[:40]!r} is not an allowed {qual}.{hint} Allowed: {listed}."
            + (" tbl2asn drops this value." if dropped else ""),
            feature,
            severity=Severity.ERROR if dropped else None,
        )
        return
    if qual == "estimated_length":
        if value != "unknown" and not (value.isascii() and value.isdigit() and value.strip("0")):
            message = f"{at} estimated_length {value[:20]!r} is neither a length nor 'unknown'."
    elif qual == "replace":
        if not set(value.upper()) <= insdc.IUPAC_NUCLEOTIDES:
            message = f'{at} replace {value[:40]!r} is not a nucleotide sequence (write "" for a deletion).'
    elif qual == "number" and _SPACE.search(value):
        message = f"{at} number {value[:20]!r} must be a single token (e.g. 4 or 6B)."
    if message:
        _emit(state, BAD_QUALIFIER_VALUE, pos, message, feature)


def _duplicate(
    seen: dict[str, SourcePos], code: Code, key: str, qual: str, value: str, pos: SourcePos
) -> tuple[Code, str] | None:
    norm = value[4:] if value.startswith("lcl|") else value
    first = seen.setdefault(norm, pos)
    if first is pos:
        return None
    return code, f"Line {pos.line}: {qual} {value[:60]!r} is already on the {key} at line {first.line}."


def _transl_except_problem(value: str) -> str | None:
    match = _TRANSL_EXCEPT.fullmatch(value.strip())
    if match is None:
        return "expected (pos:LOCATION,aa:AMINO_ACID)"
    return _pos_aa_problem(match.group("loc"), match.group("aa"))


def _anticodon_problem(value: str) -> str | None:
    match = _ANTICODON.fullmatch(value.strip())
    if match is None:
        return "expected (pos:LOCATION,aa:AMINO_ACID,seq:xxx)"
    problem = _pos_aa_problem(match.group("loc"), match.group("aa"))
    seq = match.group("seq")
    if problem is None and seq is not None and (len(seq) != 3 or not set(seq.upper()) <= set("ACGTU")):
        problem = f"seq {seq!r} is not a three-letter anticodon"
    return problem


def _pos_aa_problem(loc: str, aa: str) -> str | None:
    if not _LOC.fullmatch(loc):
        return f"the position {loc.strip()[:30]!r} is not a location such as 591..593 or complement(34..36)"
    if any(not n.strip("0") for n in re.findall(r"[0-9]+", loc)):  # no int(): 5,000 digits would raise
        return "positions count from 1"
    if insdc.amino_acid(aa.strip()) is None:
        return f"{aa.strip()[:20]!r} is not an amino acid abbreviation (Leu, Sec, TERM, OTHER, ...)"
    return None


def _go_problem(value: str) -> str | None:
    fields = [f.strip() for f in value.split("|")]
    if len(fields) < 2 or not fields[1]:
        return "no GO id after the description (description|GO id|PubMed id|evidence)"
    if not fields[0]:
        return "the description (first field) is empty"
    if not _GO_ID.fullmatch(fields[1]):
        return f"the GO id {fields[1][:20]!r} is not seven digits"
    if len(fields) > 2 and fields[2] and not _PMID.fullmatch(fields[2]):
        return f"the PubMed id {fields[2][:20]!r} is not a number"
    codes = [c for c in re.split(r"[,\s|]+", "|".join(fields[3:])) if c]
    unknown = [c for c in codes if c not in insdc.GO_EVIDENCE_CODES]
    if unknown:
        return f"{unknown[0][:10]!r} is not a GO evidence code (IEA, IDA, ISS, ...)"
    return None


def _seq_id_problem(value: str) -> str | None:
    if _SPACE.search(value):
        return "identifiers cannot contain spaces"
    if "|" not in value:
        return None
    parts = value.split("|")
    if parts[0] not in insdc.SEQID_PREFIXES:
        return f"{parts[0][:20]!r} is not a sequence-id type (gnl, lcl, gb, ...)"
    if parts[0] == "gnl" and (len(parts) < 3 or not parts[1] or not parts[2]):
        return "a gnl id is gnl|dbname|id"
    if parts[0] != "gnl" and not parts[1]:
        return f"nothing after '{parts[0]}|'"
    return None


_INFERENCE = re.compile(
    rf"\s*(?:(?:{'|'.join(insdc.EVIDENCE_CATEGORIES)})\s*:\s*)?"
    rf"(?:{'|'.join(re.escape(t) for t in sorted(insdc.INFERENCE_TYPES, key=len, reverse=True))})"
    r"(?:\s*\(same species\))?\s*(?::.*)?",
    re.IGNORECASE | re.DOTALL,
)


def _inference_ok(value: str) -> bool:
    return _INFERENCE.fullmatch(value) is not None


# --- pairing with the FASTA ---------------------------------------------------------------------------------


def check_seq_ids(
    tables: Iterable[FeatureTable] | Mapping[str, FeatureTable],
    known_ids: Collection[str],
    report: Report,
) -> list[FeatureTable]:
    """Report each table whose SeqID matches no sequence (at its ``>Feature`` line); returns those tables.

    IDs match as tbl2asn pairs them (``fasta.seq_id_keys``): ``Sc_16`` is ``lcl|Sc_16``, accessions ignore
    case, and ``gb|MF194022|`` is not the local id ``MF194022``.
    """
    items = tables.values() if isinstance(tables, Mapping) else tables
    keys = {key for known in known_ids for key in seq_id_keys(known)}
    folded = {known.casefold(): known for known in known_ids}
    ordered = sorted(known_ids)
    listed = ", ".join(ordered[:5]) + (f" (and {len(ordered) - 5} more)" if len(ordered) > 5 else "")
    known_text = f" The FASTA file has {listed}." if ordered else " The FASTA file has no sequences."
    unmatched: list[FeatureTable] = []
    for table in items:
        if keys.intersection(seq_id_keys(table.seq_id)):
            continue
        unmatched.append(table)
        near = folded.get(table.seq_id.casefold())
        if near is None and len(ordered) <= _SUGGEST_AMONG and len(unmatched) <= _SUGGEST_FOR:
            close = difflib.get_close_matches(table.seq_id, ordered, n=1, cutoff=0.6)
            near = close[0] if close else None
        hint = f" Did you mean {near!r}?" if near else ""
        report.add(
            UNKNOWN_SEQ_ID(
                table.pos,
                f"'>Feature {table.seq_id}' (line {table.pos.line}) names no sequence in the FASTA file; its "
                f"{len(table)} feature(s) would be lost.{hint}{known_text}",
                seq_id=table.seq_id,
            )
        )
    return unmatched


def check_ranges(tables: Iterable[FeatureTable], seq_id: str, length: int, report: Report) -> int:
    """Report each feature of ``tables`` (those matched to one sequence) that reaches past ``length``, at its
    first interval row that does; returns how many were reported."""
    reported = 0
    for table in tables:
        for feature in table:
            beyond = next((i for i in feature.intervals if i.high > length), None)
            if beyond is None:
                continue
            reported += 1
            report.add(
                LOCATION_OUT_OF_RANGE(
                    beyond.pos,
                    f"Line {beyond.pos.line}: the {feature.key} reaches position {beyond.high:,}, but "
                    f"'{seq_id}' is {length:,} bases long.",
                    seq_id=seq_id,
                    feature=feature.label,
                )
            )
    return reported


# difflib is quadratic-ish; "did you mean" is only worth it for a few tables against a modest FASTA
_SUGGEST_AMONG = 5000
_SUGGEST_FOR = 50
