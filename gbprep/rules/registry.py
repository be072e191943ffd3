"""The rule registry: one small, documented, pure function per NCBI validator code.

A rule is ``(ctx) -> Iterator[Hit]``. It says *where* and *what this instance is*; the runner stamps the code,
the severity (after the profile in ``RuleOptions``) and the fix text, which comes from the rule's docstring.
Each docstring has a one-line summary and What/Why/Fix/Example sections (the layout is in ``docsections``),
parsed into the ``Rule`` and rendered by ``catalogue.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from gbprep.model.diagnostics import Severity, SourcePos
from gbprep.model.docsections import parse_doc
from gbprep.model.records import Feature, SequenceRecord, SourceModifier, SubmitBlock

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

# "record": one sequence at a time, as it streams; "submission": once, after every sequence was read, for checks
# that need the whole set (identifiers unique across sequences, the template's submitter block, ...).
SCOPES = frozenset({"record", "submission"})
_CODE = re.compile(r"^(SEQ_INST|SEQ_DESCR|SEQ_FEAT|SEQ_PKG|GENERIC|SEQ_ALIGN|SEQ_GRAPH|SEQ_ANNOT)\.\w+$")


class Hit(NamedTuple):
    """One instance a rule found. ``severity`` overrides the rule's default for this instance only."""

    pos: SourcePos | None
    message: str
    seq_id: str | None = None
    feature: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class RuleOptions:
    """A validation profile: which rules run and at what level.

    ``select`` (None: all) and ``ignore`` switch rules off by code; ``severity_overrides`` pins a code's level.
    ``genome`` is NCBI's genome-submission mode (tbl2asn ``-M n``): the codes in ``GENOME_RAISE`` are raised
    to ERROR. ``locus_tag_prefixes`` are the prefixes registered to the submission (BioProject/BioSample);
    when given, a locus_tag with any other prefix is a finding. ``gap_run`` is tbl2asn's ``-a r<N>k|u``:
    runs of at least that many Ns are assembly gaps, not ambiguous bases (0: none are). ``protein_name_fix``
    is the name ``-M n``'s product-name fix gives a protein (the job sets it: the fix's rule file lives with
    the discrepancy report, beside this layer, so it is handed in from above); None: names stay as given.
    Build one from a named profile with ``profile()``.
    """

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity_overrides: Mapping[str, Severity] = field(default_factory=dict)
    genome: bool = False
    locus_tag_prefixes: frozenset[str] = frozenset()
    gap_run: int = 0
    protein_name_fix: Callable[[str], str] | None = None

    def enabled(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore

    def severity(self, code: str, default: Severity) -> Severity:
        if code in self.severity_overrides:
            return self.severity_overrides[code]
        if self.genome and code in GENOME_RAISE and default < Severity.ERROR:
            return Severity.ERROR
        return default


# NCBI's genome-submission raise list: codes reported at ERROR (whatever their usual level) when the submission is
# a genome (tbl2asn -M n). Source: the NCBI C++ toolkit validator (validatorp.cpp, sc_ValidGenomeRaise), plus
# SEQ_FEAT.PeptideFeatureLacksCDS, which tbl2asn 25.3 raises under -M n as well (checked by running it).
# SEQ_FEAT.PartialProblem and SEQ_FEAT.AltStartCodon are not on it: tbl2asn 25.3 -M n leaves them as they are.
GENOME_RAISE: frozenset[str] = frozenset(
    {
        "SEQ_INST.ShortSeq",
        "SEQ_INST.ConflictingBiomolTech",
        "SEQ_INST.DuplicateSegmentReferences",
        "SEQ_INST.TrailingX",
        "SEQ_INST.BadSeqIdFormat",
        "SEQ_INST.TerminalNs",
        "SEQ_INST.UnexpectedIdentifierChange",
        "SEQ_INST.TpaAssmeblyProblem",  # sic: NCBI's spelling
        "SEQ_INST.SeqLocLength",
        "SEQ_INST.CompleteTitleProblem",
        "SEQ_INST.BadHTGSeq",
        "SEQ_INST.OverlappingDeltaRange",
        "SEQ_INST.LeadingX",
        "SEQ_INST.InternalNsInSeqRaw",
        "SEQ_INST.FarFetchFailure",
        "SEQ_INST.InternalGapsInSeqRaw",
        "SEQ_INST.HighNContentStretch",
        "SEQ_INST.HighNContentPercent",
        "SEQ_INST.SeqLitGapFuzzNot100",
        "SEQ_DESCR.BioSourceMissing",
        "SEQ_DESCR.InvalidForType",
        "SEQ_DESCR.InconsistentBioSources",
        "SEQ_DESCR.BadOrganelle",
        "SEQ_DESCR.MultipleChromosomes",
        "SEQ_DESCR.BadOrgMod",
        "SEQ_DESCR.Inconsistent",
        "SEQ_DESCR.ObsoleteSourceLocation",
        "SEQ_DESCR.ObsoleteSourceQual",
        "SEQ_DESCR.UnwantedCompleteFlag",
        "SEQ_DESCR.CollidingPublications",
        "SEQ_DESCR.TransgenicProblem",
        "SEQ_DESCR.BioSourceInconsistency",
        "SEQ_DESCR.BadCollectionDate",
        "SEQ_DESCR.BadPCRPrimerSequence",
        "SEQ_DESCR.BioSourceOnProtein",
        "SEQ_DESCR.BioSourceDbTagConflict",
        "SEQ_DESCR.DuplicatePCRPrimerSequence",
        "SEQ_DESCR.MultipleNames",
        "SEQ_DESCR.LatLonProblem",
        "SEQ_DESCR.LatLonRange",
        "SEQ_DESCR.LatLonValue",
        "SEQ_DESCR.LatLonCountry",
        "SEQ_DESCR.BadInstitutionCode",
        "SEQ_DESCR.BadCollectionCode",
        "SEQ_DESCR.BadVoucherID",
        "SEQ_DESCR.MultipleSourceQualifiers",
        "SEQ_DESCR.MultipleSourceVouchers",
        "SEQ_DESCR.WrongVoucherType",
        "SEQ_DESCR.UserObjectProblem",
        "SEQ_DESCR.BadKeyword",
        "SEQ_DESCR.MolInfoConflictsWithBioSource",
        "SEQ_DESCR.TaxonomyIsSpeciesProblem",
        "GENERIC.MissingPubInfo",
        "GENERIC.UnnecessaryPubEquiv",
        "GENERIC.CollidingSerialNumbers",
        "GENERIC.PublicationInconsistency",
        "GENERIC.SgmlPresentInText",
        "SEQ_PKG.EmptySet",
        "SEQ_PKG.FeaturePackagingProblem",
        "SEQ_PKG.GenomicProductPackagingProblem",
        "SEQ_PKG.InconsistentMolInfoBiomols",
        "SEQ_PKG.ArchaicFeatureLocation",
        "SEQ_PKG.ArchaicFeatureProduct",
        "SEQ_PKG.InternalGenBankSet",
        "SEQ_PKG.BioseqSetClassNotSet",
        "SEQ_PKG.MissingSetTitle",
        "SEQ_PKG.NucProtSetHasTitle",
        "SEQ_PKG.ComponentMissingTitle",
        "SEQ_PKG.SingleItemSet",
        "SEQ_PKG.MisplacedMolInfo",
        "SEQ_PKG.ImproperlyNestedSets",
        "SEQ_PKG.SeqSubmitWithWgsSet",
        "SEQ_FEAT.Range",
        "SEQ_FEAT.MixedStrand",
        "SEQ_FEAT.SeqLocOrder",
        "SEQ_FEAT.TransLen",
        "SEQ_FEAT.TranslExcept",
        "SEQ_FEAT.OrfCdsHasProduct",
        "SEQ_FEAT.GeneRefHasNoData",
        "SEQ_FEAT.ProtRefHasNoData",
        "SEQ_FEAT.RNAtype0",
        "SEQ_FEAT.UnknownImpFeatKey",
        "SEQ_FEAT.UnknownImpFeatQual",
        "SEQ_FEAT.WrongQualOnImpFeat",
        "SEQ_FEAT.MissingQualOnImpFeat",
        "SEQ_FEAT.IllegalDbXref",
        "SEQ_FEAT.FarLocation",
        "SEQ_FEAT.TranslExceptPhase",
        "SEQ_FEAT.PeptideFeatOutOfFrame",
        "SEQ_FEAT.InvalidQualifierValue",
        "SEQ_FEAT.CDSproductPackagingProblem",
        "SEQ_FEAT.DuplicateInterval",
        "SEQ_FEAT.AbuttingIntervals",
        "SEQ_FEAT.MissingCDSproduct",
        "SEQ_FEAT.OnlyGeneXrefs",
        "SEQ_FEAT.UTRdoesNotAbutCDS",
        "SEQ_FEAT.ConflictFlagSet",
        "SEQ_FEAT.LocusTagProblem",
        "SEQ_FEAT.GenesInconsistent",
        "SEQ_FEAT.TranslExceptAndRnaEditing",
        "SEQ_FEAT.NoNameForProtein",
        "SEQ_FEAT.MissingGeneXref",
        "SEQ_FEAT.FeatureCitationProblem",
        "SEQ_FEAT.WrongQualOnFeature",
        "SEQ_FEAT.UnknownFeatureQual",
        "SEQ_FEAT.BadCharInAuthorName",
        "SEQ_FEAT.CDSwithMultipleMRNAs",
        "SEQ_FEAT.MultipleEquivBioSources",
        "SEQ_FEAT.MultipleEquivPublications",
        "SEQ_FEAT.BadFullLengthFeature",
        "SEQ_FEAT.RedundantFields",
        "SEQ_FEAT.CDSwithNoMRNAOverlap",
        "SEQ_FEAT.FeatureProductInconsistency",
        "SEQ_FEAT.ImproperBondLocation",
        "SEQ_FEAT.GeneXrefWithoutGene",
        "SEQ_FEAT.MissingTrnaAA",
        "SEQ_FEAT.OldLocusTagMismtach",  # sic
        "SEQ_FEAT.InvalidInferenceValue",
        "SEQ_FEAT.HpotheticalProteinMismatch",  # sic
        "SEQ_FEAT.WholeLocation",
        "SEQ_FEAT.BadEcNumberFormat",
        "SEQ_FEAT.EcNumberProblem",
        "SEQ_FEAT.VectorContamination",
        "SEQ_FEAT.MinusStrandProtein",
        "SEQ_FEAT.BadProteinName",
        "SEQ_FEAT.GeneXrefWithoutLocus",
        "SEQ_FEAT.CDShasTooManyXs",
        "SEQ_FEAT.TerminalXDiscrepancy",
        "SEQ_FEAT.UnnecessaryTranslExcept",
        "SEQ_FEAT.FeatureInsideGap",
        "SEQ_FEAT.BadAnticodonAA",
        "SEQ_FEAT.BadAnticodonCodon",
        "SEQ_FEAT.FeatureBeginsOrEndsInGap",
        "SEQ_FEAT.GeneOntologyTermMissingGOID",
        "SEQ_FEAT.PseudoRnaHasProduct",
        "SEQ_FEAT.PseudoRnaViaGeneHasProduct",
        "SEQ_FEAT.BadRRNAcomponentOrder",
        "SEQ_FEAT.BadRRNAcomponentOverlap",
        "SEQ_FEAT.MultipleProtRefs",
        "SEQ_FEAT.BadInternalCharacter",
        "SEQ_FEAT.BadTrailingCharacter",
        "SEQ_FEAT.BadTrailingHyphen",
        "SEQ_FEAT.BadCharInAuthorLastName",
        "SEQ_FEAT.GeneXrefNeeded",
        "SEQ_FEAT.ProteinNameHasPMID",
        "SEQ_FEAT.BadGeneOntologyFormat",
        "SEQ_FEAT.InconsistentGeneOntologyTermAndId",
        "SEQ_FEAT.ShortIntron",
        "SEQ_FEAT.GeneXrefStrandProblem",
        "SEQ_FEAT.CDSmRNAXrefLocationProblem",
        "SEQ_FEAT.LocusCollidesWithLocusTag",
        "SEQ_FEAT.NeedsNote",
        "SEQ_FEAT.RptUnitRangeProblem",
        "SEQ_FEAT.InconsistentRRNAstrands",
        "SEQ_FEAT.PeptideFeatureLacksCDS",
        "SEQ_GRAPH.GraphAbove",
        "SEQ_GRAPH.GraphOutOfOrder",
        "SEQ_GRAPH.GraphSeqLocLen",
        "SEQ_GRAPH.GraphBioseqId",
    }
)

# Named profiles: a small set of settings a submission (or a curator) picks by name, then adjusts.
PROFILES: dict[str, dict[str, object]] = {
    "default": {},  # tbl2asn -V v: every rule at its NCBI level
    "genome": {"genome": True},  # tbl2asn -M n: the genome raise list applies
}


def profile(
    name: str = "default",
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    severity_overrides: Mapping[str, Severity] | None = None,
    locus_tag_prefixes: Iterable[str] = (),
    genome: bool | None = None,
) -> RuleOptions:
    """``RuleOptions`` from a named profile plus overrides (``profile("genome", locus_tag_prefixes={"ABC"})``)."""
    if name not in PROFILES:
        raise ValueError(f"unknown validation profile {name!r} (known: {', '.join(sorted(PROFILES))})")
    base = PROFILES[name]
    return RuleOptions(
        select=frozenset(select) if select is not None else None,
        ignore=frozenset(ignore),
        severity_overrides=dict(severity_overrides or {}),
        genome=bool(base.get("genome", False)) if genome is None else genome,
        locus_tag_prefixes=frozenset(p.strip() for p in locus_tag_prefixes if p.strip()),
    )


@dataclass(slots=True)
class RecordContext:
    """What a record-scope rule sees: one sequence, its features, the genetic code in force, the rest."""

    record: SequenceRecord
    features: list[Feature]
    genetic_code: int = 1
    bundle: Bundle | None = None
    options: RuleOptions = field(default_factory=RuleOptions)
    memo: dict[object, object] = field(default_factory=dict)
    # Every source modifier in force: defline, .src row(s), -j; empty when a test builds the context by hand
    # (then ``record.modifiers`` is all there is: see ``source_modifiers``).
    modifiers: list[SourceModifier] = field(default_factory=list)

    @property
    def source_modifiers(self) -> list[SourceModifier]:
        return self.modifiers or self.record.modifiers

    def cached(self, key: object, make: Callable[[], object]) -> object:
        """Compute something once per record (e.g. the CDS translations several rules share)."""
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]

    def of_key(self, key: str) -> list[Feature]:
        return [f for f in self.features if f.key == key]


@dataclass(slots=True)
class SubmissionContext:
    """What a submission-scope rule sees: every record (residues dropped), every table, the template.

    ``records`` keep their SeqID, title, modifiers, length and position, not their residues, so the whole set
    stays small however large the genome. ``features`` is every feature of every table, in file order.
    """

    records: list[SequenceRecord]
    features: list[Feature]
    submit_block: SubmitBlock | None = None
    bundle: Bundle | None = None
    options: RuleOptions = field(default_factory=RuleOptions)
    lengths: dict[str, int] = field(default_factory=dict)  # SeqID -> residues, as read
    memo: dict[object, object] = field(default_factory=dict)

    def cached(self, key: object, make: Callable[[], object]) -> object:
        if key not in self.memo:
            self.memo[key] = make()
        return self.memo[key]


# A rule takes the context of its scope: RecordContext ("record") or SubmissionContext ("submission").
RuleFunc = Callable[..., Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    scope: str
    func: RuleFunc
    summary: str
    what: str
    why: str
    fix: str
    example: str

    @property
    def name(self) -> str:
        return self.func.__name__

    @property
    def family(self) -> str:
        return self.code.split(".", 1)[0]


RULES: dict[str, Rule] = {}


def rule(*, code: str, severity: Severity, scope: str = "record") -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule for ``code``. One code, one rule; the docstring must carry What/Why/Fix/Example."""
    if not _CODE.match(code):
        raise ValueError(f"{code!r} is not an NCBI validator code (FAMILY.Name)")
    if scope not in SCOPES:
        raise ValueError(f"unknown rule scope {scope!r}")

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule for {code} registered twice ({RULES[code].name} and {func.__name__})")
        RULES[code] = Rule(code=code, severity=severity, scope=scope, func=func, **parse_doc(func.__doc__))
        return func

    return register
