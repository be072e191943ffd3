"""Checks of feature tables against the FASTA they annotate: SeqIDs that name no sequence, features
that run past a sequence's end. Run by whoever has both files, after the table was read.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping

from gbprep.model.diagnostics import Report
from gbprep.model.records import FeatureTable
from gbprep.model.seqids import seq_id_keys
from gbprep.readers.feature_table.codes import LOCATION_OUT_OF_RANGE, UNKNOWN_SEQ_ID

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
