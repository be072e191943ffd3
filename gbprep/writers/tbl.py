"""Write feature tables in NCBI's five-column format (``.tbl``), the input of tbl2asn and table2asn.

``write_tbl(tables, out)`` writes one ``>Feature SeqID`` block per table: a feature's first interval row is
``start<TAB>stop<TAB>key``, its other rows ``start<TAB>stop``, then its qualifiers as
``<TAB><TAB><TAB>name<TAB>value`` (a flag such as ``pseudo`` has no value). Partial ends are written ``<`` on
the start column and ``>`` on the stop column whatever the strand, minus-strand rows as start > stop, and a
between-bases site as ``N^`` then ``N+1``: exactly what ``readers.feature_table`` reads back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from gbprep.model.records import Feature, FeatureTable, Interval

_UNSAFE = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def write_tbl(tables: Iterable[FeatureTable], out: TextIO) -> int:
    """Write every table; returns the number of features written."""
    written = 0
    for table in tables:
        out.write(f">Feature {table.seq_id}\n")
        for feature in table:
            if feature.intervals:
                out.write(feature_text(feature, order=table.is_order(feature)))
                written += 1
    return written


def feature_text(feature: Feature, *, order: bool = False) -> str:
    rows = [_interval(iv) for iv in feature.intervals]
    lines = [f"{rows[0]}\t{feature.key}", *rows[1:]]
    if order:
        lines.append("\t\t\torder")
    for qual in feature.qualifiers:
        value = "" if qual.value is None else qual.value.translate(_UNSAFE)
        lines.append(
            f"\t\t\t{qual.key}\t{value}".rstrip("\t") if qual.value is None else f"\t\t\t{qual.key}\t{value}"
        )
    return "\n".join(lines) + "\n"


def _interval(iv: Interval) -> str:
    start = ("<" if iv.partial_start else "") + str(iv.start) + ("^" if iv.between else "")
    stop = (">" if iv.partial_stop else "") + str(iv.stop)
    return f"{start}\t{stop}"
