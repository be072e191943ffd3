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
    ``check_ranges(tables, seq_id, length, report)``
        Reports features that run past the end of their sequence.

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

The package: ``lines`` (entry points, headers), ``rows`` (feature and interval rows), ``qualifiers`` and
``values`` (qualifier rows), ``crosschecks`` (against the FASTA), ``codes`` (the findings), ``state``.
"""

from gbprep.readers.feature_table.codes import (
    BAD_ANTICODON,
    BAD_BETWEEN,
    BAD_CODON_RECOGNIZED,
    BAD_CODON_START,
    BAD_COORDINATE,
    BAD_DB_XREF,
    BAD_EC_NUMBER,
    BAD_GO_TERM,
    BAD_INFERENCE,
    BAD_OFFSET,
    BAD_QUALIFIER_VALUE,
    BAD_SEQ_ID_VALUE,
    BAD_TRANSL_EXCEPT,
    BAD_TRANSL_TABLE,
    BAD_TRNA_PRODUCT,
    CONTROL_CHARACTER,
    DUPLICATE_PROTEIN_ID,
    DUPLICATE_TRANSCRIPT_ID,
    EMPTY_TABLE,
    EXTRA_COLUMNS,
    FLAG_WITH_VALUE,
    INDENTED_INTERVAL,
    INTERNAL_PARTIAL,
    INTERVAL_AFTER_QUALIFIER,
    INTERVAL_WITHOUT_FEATURE,
    LOCATION_OUT_OF_RANGE,
    LOCUS_TAG_FORMAT,
    LOCUS_TAG_HAS_SPACE,
    MISSING_HEADER,
    MISSING_SEQ_ID,
    MISSING_VALUE,
    NO_FEATURE_TABLE,
    NON_POSITIVE_COORDINATE,
    NOT_A_HEADER,
    OBSOLETE_QUALIFIER,
    PARTIAL_WRONG_COLUMN,
    QUALIFIER_BEFORE_FEATURE,
    QUALIFIER_NOT_ALLOWED,
    QUOTE_IN_VALUE,
    READER_BUG,
    REFERENCE_IGNORED,
    REPEATED_SEQ_ID,
    RETIRED_FEATURE_KEY,
    UNINDENTED_QUALIFIER,
    UNKNOWN_COMMAND,
    UNKNOWN_FEATURE_KEY,
    UNKNOWN_QUALIFIER,
    UNKNOWN_SEQ_ID,
)
from gbprep.readers.feature_table.crosschecks import check_ranges, check_seq_ids
from gbprep.readers.feature_table.lines import read_feature_table, read_feature_tables

__all__ = [
    "BAD_ANTICODON",
    "BAD_BETWEEN",
    "BAD_CODON_RECOGNIZED",
    "BAD_CODON_START",
    "BAD_COORDINATE",
    "BAD_DB_XREF",
    "BAD_EC_NUMBER",
    "BAD_GO_TERM",
    "BAD_INFERENCE",
    "BAD_OFFSET",
    "BAD_QUALIFIER_VALUE",
    "BAD_SEQ_ID_VALUE",
    "BAD_TRANSL_EXCEPT",
    "BAD_TRANSL_TABLE",
    "BAD_TRNA_PRODUCT",
    "CONTROL_CHARACTER",
    "DUPLICATE_PROTEIN_ID",
    "DUPLICATE_TRANSCRIPT_ID",
    "EMPTY_TABLE",
    "EXTRA_COLUMNS",
    "FLAG_WITH_VALUE",
    "INDENTED_INTERVAL",
    "INTERNAL_PARTIAL",
    "INTERVAL_AFTER_QUALIFIER",
    "INTERVAL_WITHOUT_FEATURE",
    "LOCATION_OUT_OF_RANGE",
    "LOCUS_TAG_FORMAT",
    "LOCUS_TAG_HAS_SPACE",
    "MISSING_HEADER",
    "MISSING_SEQ_ID",
    "MISSING_VALUE",
    "NON_POSITIVE_COORDINATE",
    "NOT_A_HEADER",
    "NO_FEATURE_TABLE",
    "OBSOLETE_QUALIFIER",
    "PARTIAL_WRONG_COLUMN",
    "QUALIFIER_BEFORE_FEATURE",
    "QUALIFIER_NOT_ALLOWED",
    "QUOTE_IN_VALUE",
    "READER_BUG",
    "REFERENCE_IGNORED",
    "REPEATED_SEQ_ID",
    "RETIRED_FEATURE_KEY",
    "UNINDENTED_QUALIFIER",
    "UNKNOWN_COMMAND",
    "UNKNOWN_FEATURE_KEY",
    "UNKNOWN_QUALIFIER",
    "UNKNOWN_SEQ_ID",
    "check_ranges",
    "check_seq_ids",
    "read_feature_table",
    "read_feature_tables",
]
