"""The discrepancy report (tbl2asn ``-Z``, ``asndisc``): NCBI's discrepancy tests over a submission.

``collect_record(record, features, bundle, options)`` runs every test's per-record half and returns a
picklable ``DiscrepancyPartial`` (so a process pool can run it per sequence); ``finish(partials, options)``
merges them into a ``DiscrepancyReport``; ``gbprep.writers.discrep.write_discrepancy`` writes it in
tbl2asn's text format. ``TESTS`` maps each NCBI test name to its documented test. Importing this package
registers every test module listed below.
"""

from __future__ import annotations

from gbprep.discrepancy import descriptors as descriptors
from gbprep.discrepancy import features as features
from gbprep.discrepancy import gene_locations as gene_locations
from gbprep.discrepancy import locus_tags as locus_tags
from gbprep.discrepancy import overlaps as overlaps
from gbprep.discrepancy import partials as partials
from gbprep.discrepancy import products as products
from gbprep.discrepancy import sequences as sequences
from gbprep.discrepancy import sources as sources
from gbprep.discrepancy import transcripts as transcripts
from gbprep.discrepancy.model import (
    DiscItem,
    DiscrepancyOptions,
    DiscrepancyPartial,
    DiscrepancyReport,
    ReportLine,
)
from gbprep.discrepancy.registry import TESTS, DiscrepancyTest, discrepancy
from gbprep.discrepancy.runner import collect_record, finish

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
