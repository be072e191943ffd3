"""The registry of discrepancy tests: one small documented function per NCBI test name.

A test has two halves. ``collect(view)`` runs on one sequence record and yields the ``DiscItem``s it flags
(it must not look at other records, so records can be collected in parallel). ``summarize(items, options)``
runs once over the items of every record and makes the report lines; most tests use the default, one line
``"{n} ..."`` when anything was found, given as ``text=``. The docstring of ``collect`` says what the test
checks, why GenBank asks, and how to fix it (What/Why/Fix sections, parsed by ``docsections`` as for the
validator rules).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions, ReportLine
from gbprep.model.docsections import parse_doc

if TYPE_CHECKING:
    from gbprep.discrepancy.context import RecordView

Collect = Callable[["RecordView"], Iterable[DiscItem]]
Summarize = Callable[[list[DiscItem], DiscrepancyOptions], list[ReportLine]]

# tbl2asn 25.3 prints the tests in this order: every order of two tests seen in its reports on the
# differential seeds (the differing ones of 0:120, all of 5000:5300) holds; tests never seen together keep
# the C toolkit's table order or sit beside their relatives.
ORDER = (
    "DISC_PROTEIN_NAMES",
    "MISSING_LOCUS_TAGS",
    "DUPLICATE_LOCUS_TAGS",
    "BAD_LOCUS_TAG_FORMAT",
    "INCONSISTENT_LOCUS_TAG_PREFIX",
    "MISSING_PROTEIN_ID",
    "DISC_SOURCE_QUALS_ASNDISC",
    "DISC_FEATURE_COUNT",
    "MISSING_GENES",
    "EXTRA_GENES",
    "DISC_COUNT_NUCLEOTIDES",
    "DUPLICATE_GENE_LOCUS",
    "SHORT_CONTIG",
    "FEATURE_LOCATION_CONFLICT",
    "JOINED_FEATURES",
    "INCONSISTENT_BIOSOURCE",
    "OVERLAPPING_GENES",
    "DISC_SHORT_INTRON",
    "DISC_LONG_NO_ANNOTATION",
    "OVERLAPPING_CDS",
    "CONTAINED_CDS",
    "RNA_CDS_OVERLAP",
    "SUSPECT_PRODUCT_NAMES",
    "EC_NUMBER_ON_UNKNOWN_PROTEIN",
    "RNA_NO_PRODUCT",
    "DISC_PERCENT_N",
    "DISC_SUSPICIOUS_NOTE_TEXT",
    "FIND_BADLEN_TRNAS",
    "DISC_BAD_GENE_STRAND",
    "N_RUNS",
    "NO_ANNOTATION",
    "DISC_CDS_WITHOUT_MRNA",
    "DISC_GENE_PARTIAL_CONFLICT",
    "DUP_DISC_ATCC_CULTURE_CONFLICT",
    "DISC_CHECK_AUTH_CAPS",
    "DISC_QUALITY_SCORES",
    "ONCALLER_MULTISRC",
    "ONCALLER_SUPERFLUOUS_GENE",
    "ONCALLER_ORDERED_LOCATION",
    "DISC_BAD_BACTERIAL_GENE_NAME",
    "DISC_BACTERIAL_PARTIAL_NONEXTENDABLE_PROBLEMS",
    "DISC_CDS_HAS_NEW_EXCEPTION",
    "DISC_BACTERIA_SHOULD_NOT_HAVE_ISOLATE",
    "DISC_SHORT_RRNA",
    "ONCALLER_STRAIN_CULTURE_COLLECTION_MISMATCH",
    "TEST_BAD_GENE_NAME",
    "ONCALLER_COMMENT_PRESENT",
    "SHORT_PROT_SEQUENCES",
    "DISC_REQUIRED_STRAIN",
    "MISSING_GENOMEASSEMBLY_COMMENTS",
    "DISC_BACTERIAL_TAX_STRAIN_MISMATCH",
    "DISC_PARTIAL_PROBLEMS",
    "SHORT_SEQUENCES_200",
    "TEST_LOW_QUALITY_REGION",
    "TEST_UNUSUAL_MISC_RNA",
    "TEST_ORGANELLE_NOT_GENOMIC",
    "TEST_MRNA_SEQUENCE_MINUS_STRAND_FEATURES",
    "SHOW_HYPOTHETICAL_CDS_HAVING_GENE_NAME",
    "TEST_DEFLINE_PRESENT",
    "TEST_MRNA_OVERLAPPING_PSEUDO_GENE",
    "DISC_10_PERCENTN",
    "FIND_OVERLAPPED_GENES",
    "N_RUNS_14",
    "TERMINAL_NS",
    "MOLTYPE_NOT_MRNA",
    "TECHNIQUE_NOT_TSA",
    "MISSING_STRUCTURED_COMMENT",
    "MISSING_PROJECT",
    "MULTIPLE_CDS_ON_MRNA",
    "EUKARYOTE_SHOULD_HAVE_MRNA",
    "RRNA_NAME_CONFLICTS",
    "MRNA_SHOULD_HAVE_PROTEIN_TRANSCRIPT_IDS",
    "ONCALLER_BIOPROJECT_ID",
    "DISC_INCONSISTENT_DBLINK",
    "DISC_INCONSISTENT_MOLINFO_TECH",
    "DISC_GAPS",
    "TEST_SHORT_LNCRNA",
)
_RANK = {name: i for i, name in enumerate(ORDER)}


@dataclass(frozen=True, slots=True)
class DiscrepancyTest:
    name: str
    collect: Collect
    summarize: Summarize
    fatal: bool
    summary: str
    what: str
    why: str
    fix: str
    example: str  # the sections of ``collect``'s docstring (``docsections``); tests give no Example

    @property
    def rank(self) -> int:
        return _RANK.get(self.name, len(ORDER))


TESTS: dict[str, DiscrepancyTest] = {}


def counted(name: str, text: str, *, fatal: bool = False) -> Summarize:
    """The usual summary: one line ``text`` with ``{n}`` replaced by the number of items, when there are any."""

    def summarize(items: list[DiscItem], options: DiscrepancyOptions) -> list[ReportLine]:
        if not items:
            return []
        return [ReportLine(name, text.format(n=len(items)), list(items), fatal=fatal and options.genome_mode)]

    return summarize


def discrepancy(
    name: str, *, text: str | None = None, fatal: bool = False, summarize: Summarize | None = None
) -> Callable[[Collect], Collect]:
    """Register ``collect`` as test ``name``; ``text`` (with ``{n}``) or ``summarize`` makes its lines.

    ``fatal`` marks the test as one that blocks a genome submission: with ``genome_mode`` (tbl2asn ``-M n``)
    its lines are printed with ``FATAL:``.
    """
    if (text is None) == (summarize is None):
        raise ValueError(f"{name}: give exactly one of text= or summarize=")

    def register(func: Collect) -> Collect:
        if name in TESTS:
            raise ValueError(f"discrepancy test {name} registered twice")
        TESTS[name] = DiscrepancyTest(
            name=name,
            collect=func,
            summarize=summarize or counted(name, text or "", fatal=fatal),
            fatal=fatal,
            **parse_doc(func.__doc__),
        )
        return func

    return register
