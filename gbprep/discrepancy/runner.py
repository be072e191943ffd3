"""Run the discrepancy tests: ``collect_record`` per sequence (picklable result), ``finish`` over them all.

The split lets a process pool collect records in parallel: ``collect_record`` sees one record and returns a
``DiscrepancyPartial``; ``finish`` merges the partials in the order given (the FASTA order) and lets each
test summarize what every record contributed.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from gbprep.discrepancy.context import RecordView
from gbprep.discrepancy.model import (
    DiscItem,
    DiscrepancyOptions,
    DiscrepancyPartial,
    DiscrepancyReport,
    ReportLine,
)
from gbprep.discrepancy.registry import TESTS
from gbprep.model.gene_cleanup import gene_becomes_misc_feature, gene_kept
from gbprep.model.gene_on_mrna import gene_on_mrna
from gbprep.model.records import Feature, FeatureTable, SequenceRecord

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle


# The tests whose sub-lines tbl2asn 25.3 always shows in the detailed report (it sets them to expand; -M n
# expands every test's); any other line with items of its own lists them instead.
EXPANDED = frozenset({"EXTRA_GENES", "RNA_CDS_OVERLAP", "SUSPECT_PRODUCT_NAMES", "OVERLAPPING_CDS"})


def _flatten(features: Iterable[Feature | Sequence[Feature]]) -> tuple[list[Feature], set[int]]:
    """The features, and the ids of those a table marked ``order`` (that mark lives on the table)."""
    out: list[Feature] = []
    ordered: set[int] = set()
    for item in features:
        if isinstance(item, Feature):
            out.append(item)
            continue
        out.extend(item)  # a FeatureTable: the features of one >Feature block
        if isinstance(item, FeatureTable):
            ordered.update(id(f) for f in item if item.is_order(f))
    return [kept for f in out if (kept := _as_built(f)) is not None], ordered


def _as_built(feature: Feature) -> Feature | None:
    """The feature as tbl2asn's record has it: a gene row naming no gene dropped or made a misc_feature."""
    if feature.key != "gene" or gene_kept(feature):
        return feature
    return dataclasses.replace(feature, key="misc_feature") if gene_becomes_misc_feature(feature) else None


def _stretch_mrna_gene(view: RecordView) -> None:
    """The one gene of an mRNA sequence covers the whole sequence in tbl2asn's record (``gene_on_mrna``)."""
    if not view.molecule.is_mrna:
        return
    if view.organism.lower() == "synthetic construct" and (view.qual("origin") or "").lower() == "artificial":
        return
    swap = gene_on_mrna(view.features, len(view.record))
    if swap is not None:
        old, new = swap
        view.features[:] = [new if f is old else f for f in view.features]


def collect_record(
    record: SequenceRecord,
    features: Iterable[Feature | Sequence[Feature]],
    bundle: Bundle | None,
    options: DiscrepancyOptions,
) -> DiscrepancyPartial:
    """Run every enabled test's per-record half on one sequence and its features (or feature tables).

    A test that fails on unexpected input loses its items for this record (``partial.errors`` says so);
    the report is still made.
    """
    flat, ordered = _flatten(features)
    view = RecordView(record, flat, bundle, options, ordered=ordered)
    _stretch_mrna_gene(view)
    partial = DiscrepancyPartial(record.seq_id)
    for test in sorted(TESTS.values(), key=lambda t: t.rank):
        if not options.enabled(test.name):
            continue
        try:
            items = list(test.collect(view))
        except Exception as exc:  # a test bug must cost one test on one record, never the report
            partial.errors.append(
                f"{test.name} stopped on {record.seq_id}: internal error {type(exc).__name__}"
            )
            items = []
        if items:
            partial.items[test.name] = items
    return partial


def finish(partials: Iterable[DiscrepancyPartial], options: DiscrepancyOptions) -> DiscrepancyReport:
    """Merge per-record partials (in record order) and make the report lines, tests in tbl2asn's order."""
    merged: dict[str, list[DiscItem]] = {}
    errors: list[str] = []
    for partial in partials:
        errors.extend(partial.errors)
        for name, items in partial.items.items():
            merged.setdefault(name, []).extend(items)
    lines: list[ReportLine] = []
    for test in sorted(TESTS.values(), key=lambda t: t.rank):
        if options.enabled(test.name):
            lines.extend(test.summarize(merged.get(test.name, []), options))
    for line in lines:
        line.collapsed = bool(line.items and line.subs) and not (options.genome_mode or line.test in EXPANDED)
    return DiscrepancyReport(lines, errors)
