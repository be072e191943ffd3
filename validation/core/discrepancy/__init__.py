"""The discrepancy report (tbl2asn ``-Z``, ``asndisc``): NCBI's discrepancy tests over a submission.

``collect_record(record, features, bundle, options)`` runs every test's per-record half and returns a
picklable ``DiscrepancyPartial`` (so a process pool can run it per sequence); ``finish(partials, options)``
merges them into a ``DiscrepancyReport``; ``validation.core.writers.discrep.write_discrepancy`` writes it in
tbl2asn's text format. ``TESTS`` maps each NCBI test name to its documented test. Importing this package
registers every test module listed below.
"""

from __future__ import annotations

from validation.core.discrepancy import descriptors as descriptors
from validation.core.discrepancy import features as features
from validation.core.discrepancy import locus_tags as locus_tags
from validation.core.discrepancy import overlaps as overlaps
from validation.core.discrepancy import products as products
from validation.core.discrepancy import sequences as sequences
from validation.core.discrepancy import sources as sources
from validation.core.discrepancy.model import (
    DiscItem,
    DiscrepancyOptions,
    DiscrepancyPartial,
    DiscrepancyReport,
    ReportLine,
)
from validation.core.discrepancy.registry import TESTS, DiscrepancyTest, discrepancy
from validation.core.discrepancy.runner import collect_record, finish

__all__ = [
    "TESTS",
    "DiscItem",
    "DiscrepancyOptions",
    "DiscrepancyPartial",
    "DiscrepancyReport",
    "DiscrepancyTest",
    "ReportLine",
    "collect_record",
    "discrepancy",
    "finish",
]
