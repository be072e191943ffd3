"""A discrepancy test's view of one sequence record: its features, source, proteins, and NCBI-style labels.

tbl2asn runs the discrepancy tests on the Seq-entry it built, not on the input files, so a few of its
construction habits show in the report and are reproduced here:

* a CDS gets a protein Bioseq only when it is not pseudo and has a ``/product`` (without one, tbl2asn
  reports SEQ_FEAT.NoProtein and makes none); the protein is named by its ``/protein_id``, else
  ``<SeqID>_<n>``;
* the organism's lineage and taxid are known only for the few organisms tbl2asn has built in (it does no
  taxonomy lookup offline: ``gbprep.model.taxonomy``'s built-in table); any other organism counts as a
  bacterium unless ``-X E`` is given.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

from gbprep.discrepancy.model import DiscItem, DiscrepancyOptions
from gbprep.discrepancy.residues import sequence_text
from gbprep.model.coding import genetic_code_for, given_protein, protein_index, translate_cds
from gbprep.model.insdc import trna_amino_acid
from gbprep.model.modifiers import (
    ORGMOD,
    SUBSOURCE,
    canonical_modifier_name,
    from_source_table,
    lookup_organism,
    taxname_organism,
)
from gbprep.model.molecule import Molecule, molecule_of
from gbprep.model.prot_ref import generated_id, has_prot_ref
from gbprep.model.records import Feature, SequenceRecord, SourceModifier, Strand
from gbprep.model.seqids import seq_id_keys
from gbprep.model.taxonomy import is_eukaryote, lineage_of, lookup

if TYPE_CHECKING:
    from gbprep.model.bundle import Bundle

T = TypeVar("T")

# Feature keys tbl2asn turns into something else when it builds the record.
REGULATORY_KEYS = frozenset(
    {
        "promoter",
        "enhancer",
        "CAAT_signal",
        "TATA_signal",
        "-35_signal",
        "-10_signal",
        "RBS",
        "GC_signal",
        "polyA_signal",
        "attenuator",
        "terminator",
        "misc_signal",
    }
)
# Not features of the record at all: gaps become part of the sequence, REFERENCE is a pub.
NOT_FEATURES = frozenset({"assembly_gap", "gap", "REFERENCE", "source"})
PROTEIN_FEATURE_KEYS = {
    "mat_peptide": "mat_peptide_aa",
    "sig_peptide": "sig_peptide_aa",
    "transit_peptide": "transit_peptide_aa",
    "propeptide": "propeptide_aa",
    "proprotein": "preprotein",
}
# Locations tbl2asn's IsLocationOrganelle names.
ORGANELLE_LOCATIONS = frozenset(
    {
        "chloroplast", "chromoplast", "kinetoplast", "mitochondrion", "cyanelle", "nucleomorph",
        "apicoplast", "leucoplast", "proplastid", "hydrogenosome", "plastid", "chromatophore",
    }
)  # fmt: skip
RNA_KEYS = frozenset(
    {"mRNA", "tRNA", "rRNA", "ncRNA", "misc_RNA", "tmRNA", "precursor_RNA", "snRNA", "snoRNA"}
)


_SOURCE_QUALIFIERS = frozenset(SUBSOURCE) | frozenset(ORGMOD) | {"subsource-note", "orgmod-note"}
_SOURCE_INDEX: dict[int, tuple[object, dict[str, list[SourceModifier]]]] = {}


def _source_index(rows: dict[str, list[SourceModifier]]) -> dict[str, list[SourceModifier]]:
    """``.src`` rows under every canonical form of their SeqID (rows are keyed as the user wrote them)."""
    cached = _SOURCE_INDEX.get(id(rows))
    if cached is not None and cached[0] is rows:
        return cached[1]
    index: dict[str, list[SourceModifier]] = {}
    for seq_id, mods in rows.items():
        for key in seq_id_keys(seq_id):
            index.setdefault(key, []).extend(mods)
    _SOURCE_INDEX.clear()  # one bundle at a time: a cache, not a store
    _SOURCE_INDEX[id(rows)] = (rows, index)
    return index


def bare_id(seq_id: str) -> str:
    """A SeqID as tbl2asn prints it in the report: without ``lcl|``, and a database id without its prefix."""
    parts = [p for p in seq_id.split("|") if p]
    if not parts:
        return seq_id
    if parts[0] in ("lcl", "gb", "emb", "dbj", "ref", "tpg", "tpe", "tpd") and len(parts) > 1:
        return parts[1]
    if parts[0] == "gnl" and len(parts) > 2:
        return f"{parts[1]}:{parts[2]}"
    return parts[-1]


@dataclass(frozen=True, slots=True)
class Protein:
    """The protein Bioseq tbl2asn makes for a CDS."""

    cds: Feature
    seq_id: str
    length: int
    product: str


@dataclass(slots=True)
class RecordView:
    record: SequenceRecord
    features: list[Feature]
    bundle: Bundle | None
    options: DiscrepancyOptions
    ordered: set[int] = field(default_factory=set)  # ids of features whose table marked them 'order'
    memo: dict[str, object] = field(default_factory=dict)
    # Several tests list the same feature (a gene is in every locus_tag test): its detail line is made once,
    # and one item object per (feature, key, value) is shared, so the spilled collections pickle it once.
    texts: dict[int, str] = field(default_factory=dict)
    items: dict[tuple[int, str, str], DiscItem] = field(default_factory=dict)
    pseudo: dict[int, bool] = field(default_factory=dict)  # is_pseudo by feature id
    owners: dict[int, Feature | None] = field(default_factory=dict)  # gene_of by feature id
    spans: dict[int, tuple[int, int, Strand]] = field(default_factory=dict)  # span() by feature id

    def cached(self, key: str, make: Callable[[], T]) -> T:
        if key not in self.memo:
            self.memo[key] = make()
        return cast(T, self.memo[key])

    # -- the sequence ------------------------------------------------------------------------------------

    @property
    def file(self) -> str:
        """The FASTA's base name, which tbl2asn puts before every detail line."""
        return _base_name(self.record.pos.file)

    @property
    def label(self) -> str:
        label = self.memo.get("label")
        if label is None:  # asked for by every detail line
            label = self.memo["label"] = bare_id(self.record.seq_id)
        return cast(str, label)

    def sequence_item(self, key: str = "", value: str = "") -> DiscItem:
        """The sequence's line, ``contig1 (length 1714, 3 other, 234 gap)``, as tbl2asn lists a Bioseq in
        every test (the counts are of ambiguous bases outside gaps and of gap bases, when there are any)."""
        text = self.memo.get("sequence_text")
        if text is None:
            text = self.memo["sequence_text"] = sequence_text(self)
        return DiscItem(cast(str, text), self.record.pos, self.record.seq_id, self.file, key, value)

    def source_item(self, key: str = "", value: str = "") -> DiscItem:
        """The record's source as tbl2asn lists a BioSource: ``contig1:Escherichia coli``."""
        text = f"{self.label}:{self.organism}"
        return DiscItem(text, self.record.pos, self.record.seq_id, self.file, key, value)

    # -- the source --------------------------------------------------------------------------------------

    @property
    def modifiers(self) -> list[SourceModifier]:
        def make() -> list[SourceModifier]:
            mods = list(self.record.modifiers)
            if self.bundle is not None:
                index = _source_index(self.bundle.source_rows)
                for key in seq_id_keys(self.record.seq_id):
                    mods.extend(index.get(key, ()))
            mods.extend(self.options.extra_modifiers)
            return mods

        return self.cached("modifiers", make)

    @property
    def quals(self) -> dict[str, list[str]]:
        """Source qualifiers by canonical name (``organism``, ``strain``, ``nat-host``, ...), values in order.

        As in tbl2asn's BioSource, a .src table's value replaces the definition line's and -j's of the same
        name, and a second one of a name is not taken; a defline or -j note is ``subsource-note``, a .src
        one ``orgmod-note``. Database cross-references keep every value.
        """

        def make() -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for m in sorted(self.modifiers, key=lambda m: not from_source_table(m)):
                name = canonical_modifier_name(m.name)
                value = m.value.strip()
                if name is None or not value:
                    continue
                if name == "note":
                    name = "orgmod-note" if from_source_table(m) else "subsource-note"
                values = out.setdefault(name, [])
                if values and name != "dbxref":
                    continue
                values.append(value)
            return out

        return self.cached("quals", make)

    def qual(self, name: str) -> str | None:
        values = self.quals.get(name)
        return values[0] if values else None

    @property
    def has_biosource(self) -> bool:
        """Whether tbl2asn gives the sequence a BioSource at all: an organism or a source qualifier."""
        return bool(self.organism) or any(name in _SOURCE_QUALIFIERS for name in self.quals)

    @property
    def looked_up(self) -> str:
        """The organism name tbl2asn looks up (the defline's or -j's, not a .src table's)."""
        return lookup_organism(self.modifiers)

    @property
    def organism(self) -> str:
        """The record's organism name (taxname) as tbl2asn writes it: a .src table's as given, else the
        looked-up one in its built-in table's spelling (worked out once per record)."""

        def make() -> str:
            taxname = taxname_organism(self.modifiers)
            known = lookup(taxname, fold_case=True) if taxname == self.looked_up else None
            return known.name if known is not None else taxname

        return self.cached("organism", make)

    @property
    def taxid(self) -> str | None:
        for value in self.quals.get("dbxref", []) + self.quals.get("taxid", []):
            text = value.strip()
            if text.lower().startswith("taxon:"):
                return text.split(":", 1)[1].strip()
            if text.isdigit():
                return text
        known = lookup(self.looked_up, fold_case=True)
        # A .src organism that renames the looked-up one drops its taxon id (tbl2asn).
        return str(known.taxid) if known and known.name == self.organism else None

    @property
    def molecule(self) -> Molecule:
        """The MolInfo and mol tbl2asn gives the sequence (from the definition line and -j, not a .src)."""
        return self.cached(
            "molecule", lambda: molecule_of(m for m in self.modifiers if not from_source_table(m))
        )

    def has_lineage(self, word: str) -> bool:
        """tbl2asn's HasLineage: the lineage it knows for the organism names ``word`` (with -X E, only
        Eukaryota counts, whatever the organism)."""
        if self.options.eukaryote:
            return word.lower() in "eukaryota"
        return word.lower() in lineage_of(self.looked_up, fold_case=True).lower()

    @property
    def eukaryotic_bioseq(self) -> bool:
        """tbl2asn's IsEukaryotic for a sequence: a eukaryote's, unless it lies in a mitochondrion,
        chloroplast, plastid or apicoplast (whose genes look bacterial)."""
        location = (self.qual("location") or "").lower()
        return self.eukaryote and location not in ("mitochondrion", "chloroplast", "plastid", "apicoplast")

    @property
    def eukaryote(self) -> bool:
        return self.options.eukaryote or is_eukaryote(self.looked_up, fold_case=True)

    # -- features ----------------------------------------------------------------------------------------

    def of_key(self, *keys: str) -> list[Feature]:
        return [f for f in self.features if f.key in keys and f.intervals]

    @property
    def genes(self) -> list[Feature]:
        return self.cached("genes", lambda: self.of_key("gene"))

    @property
    def coding(self) -> list[Feature]:
        """The CDSs that are not pseudo (on their own or by their gene)."""
        return self.cached("coding", lambda: [c for c in self.of_key("CDS") if not self.is_pseudo(c)])

    def is_pseudo(self, feature: Feature) -> bool:
        """/pseudo or /pseudogene on the feature or on its gene (which makes it pseudo in GenBank)."""
        key = id(feature)  # several tests ask about every gene and CDS
        pseudo = self.pseudo.get(key)
        if pseudo is None:
            pseudo = self.pseudo[key] = self._is_pseudo(feature)
        return pseudo

    def _is_pseudo(self, feature: Feature) -> bool:
        if feature.has("pseudo") or feature.has("pseudogene"):
            return True
        gene = self.gene_of(feature) if feature.key != "gene" else None
        return gene is not None and (gene.has("pseudo") or gene.has("pseudogene"))

    def gene_of(self, feature: Feature) -> Feature | None:
        """The gene a feature belongs to: by /gene or /locus_tag when it names one, else the smallest gene
        on the same strand that contains it (NCBI's overlap rule)."""
        key = id(feature)
        if key in self.owners:
            return self.owners[key]
        gene = self.owners[key] = self._find_gene(feature)
        return gene

    def _find_gene(self, feature: Feature) -> Feature | None:
        index = self.cached("gene_index", self._gene_index)
        for name in (feature.get("locus_tag"), feature.get("gene")):
            if name and name in index.by_name:
                return index.by_name[name]
        return index.smallest_containing(*self.span(feature))

    def _gene_index(self) -> FeatureIndex:
        return FeatureIndex(self.genes, self.span)

    def index(self, key: str) -> FeatureIndex:
        """The record's features of one key, indexed by position."""
        return self.cached(f"index:{key}", lambda: FeatureIndex(self.of_key(key), self.span))

    def span(self, feature: Feature) -> tuple[int, int, Strand]:
        """A feature's low and high ends and its strand, which ``Feature`` works out from its intervals on
        every access: once here (each CDS is looked up as a gene's, an mRNA's and an index's member)."""
        key = id(feature)
        span = self.spans.get(key)
        if span is None:
            span = self.spans[key] = (feature.low, feature.high, feature.strand)
        return span

    def feature_item(self, feature: Feature, key: str = "", value: str = "") -> DiscItem:
        memo_key = (id(feature), key, value)
        item = self.items.get(memo_key)
        if item is None:
            item = DiscItem(
                self.feature_text(feature), feature.pos, self.record.seq_id, self.file, key, value
            )
            self.items[memo_key] = item
        return item

    def feature_text(self, feature: Feature) -> str:
        """A feature's detail line (type, label, location, locus_tag), made once per feature."""
        text = self.texts.get(id(feature))
        if text is None:
            gene = feature if feature.key == "gene" else self.gene_of(feature)
            locus_tag = (gene.get("locus_tag") if gene else None) or feature.get("locus_tag") or ""
            text = f"{feature_type(feature)}\t{feature_label(feature)}\t{self.location(feature)}\t{locus_tag}"
            self.texts[id(feature)] = text
        return text

    def location(self, feature: Feature) -> str:
        rows = []
        for iv in feature.intervals:
            if iv.start > iv.stop:  # the minus strand: tbl2asn marks a partial 5' end '>', a 3' end '<'
                lo = f">{iv.start}" if iv.partial_start else str(iv.start)
                hi = f"<{iv.stop}" if iv.partial_stop else str(iv.stop)
                rows.append(f"c{lo}-{hi}")
                continue
            lo = f"<{iv.start}" if iv.partial_start else str(iv.start)
            hi = f">{iv.stop}" if iv.partial_stop else str(iv.stop)
            rows.append(f"{lo}-{hi}")
        text = f"{self.label}:" + ", ".join(rows)
        return f"({text})" if len(rows) > 1 else text

    # -- proteins ----------------------------------------------------------------------------------------

    @property
    def proteins(self) -> list[Protein]:
        return self.cached("proteins", self._make_proteins)

    def _make_proteins(self) -> list[Protein]:
        """The proteins tbl2asn makes (as the assembler does): one per CDS that is not /pseudo itself (a CDS
        inside a /pseudo gene gets one too) and has a Prot-ref (/product, /prot_desc, /EC_number or
        /function) or a .pep protein, named by its /protein_id, else ``<SeqID>_<n>`` with n counting only
        the proteins so named. A protein with no /product has the name ''."""
        code = genetic_code_for(self.modifiers)
        given = protein_index(self.bundle.proteins) if self.bundle is not None else {}
        out: list[Protein] = []
        names: dict[str, str] = {}  # one object per distinct name: the spilled items pickle each name once
        taxname = self.organism  # worked out from the modifiers on each access: once here
        serial = 0
        for cds in self.of_key("CDS"):
            if cds.has("pseudo"):
                continue
            serial += generated_id(cds)
            mine = given_protein(cds, given) if given else None
            if mine is None and not has_prot_ref(cds):
                continue
            product = cds.get("product") or ""
            # Only the length is used here, and the ordinal only labels a translation: asked with the one the
            # validator's translation rule uses (its count of generated ids), the rule's result is reused as it
            # is rather than copied under another label.
            tr = translate_cds(self.record, cds, code, max(serial, 1), mine)
            length = len(tr.protein) if tr is not None else 0
            pid = cds.get("protein_id") or f"{self.record.seq_id}_{serial}"
            # tbl2asn's cleanup: one space between words, no trailing semicolon, no "[organism]" at the end
            name = without_organism(" ".join(product.split()).rstrip("; "), taxname)
            out.append(Protein(cds, pid, length, names.setdefault(name, name)))
        return out

    def protein_item(self, protein: Protein) -> DiscItem:
        """A protein's line, its name as the value (DISC_PROTEIN_NAMES compares them; the other tests listing
        proteins ignore it): one item object per protein, whichever tests list it."""
        memo_key = (id(protein), "", "")
        item = self.items.get(memo_key)
        if item is None:
            text = f"{bare_id(protein.seq_id)} (length {protein.length})"
            item = DiscItem(text, protein.cds.pos, self.record.seq_id, self.file, "", protein.product)
            self.items[memo_key] = item
        return item


def without_organism(name: str, taxname: str) -> str:
    """A protein name less a trailing ``[<the record's organism>]``, as tbl2asn 25.3 takes it off (the C
    toolkit's RemoveOrgFromEndOfProtein: case-blind, and blind to the organism's last letter too; never
    ``[NAD...]``)."""
    if len(name) < 5 or not name.endswith("]") or not taxname.strip():
        return name
    bracket = name.rfind("[")
    if bracket < 0 or name.startswith("[NAD", bracket) or len(name) - bracket != len(taxname) + 2:
        return name
    if name[bracket + 1 : bracket + len(taxname)].lower() != taxname[:-1].lower():
        return name
    return name[:bracket].strip()


class FeatureIndex:
    """Features (genes, mRNAs...) by name and by position, so finding a feature's gene does not scan every gene."""

    def __init__(self, genes: list[Feature], span: Callable[[Feature], tuple[int, int, Strand]]) -> None:
        self.by_name: dict[str, Feature] = {}
        for g in genes:
            for name in (g.get("locus_tag"), g.get("gene")):
                if name:
                    self.by_name.setdefault(name, g)
        spans = sorted(((*span(g), i) for i, g in enumerate(genes)), key=lambda s: s[0])
        self.genes = [genes[i] for *_, i in spans]  # any key, despite the name
        self.lows = [low for low, *_ in spans]
        self.highs = [high for _, high, *_ in spans]
        self.strands = [strand for _, _, strand, _ in spans]
        self.longest = max((high - low for low, high, *_ in spans), default=0)

    def smallest_containing(self, low: int, high: int, strand: Strand) -> Feature | None:
        """The shortest feature on ``strand`` whose span holds [low, high] (the first of equals): only those
        starting within the longest one's length of it are looked at."""
        lows, highs, strands = self.lows, self.highs, self.strands
        best: Feature | None = None
        shortest = 0
        for i in range(bisect.bisect_left(lows, high - self.longest), bisect.bisect_right(lows, low)):
            if highs[i] >= high and strands[i] is strand and (best is None or highs[i] - lows[i] < shortest):
                best, shortest = self.genes[i], highs[i] - lows[i]
        return best


def same_strand(a: Feature, b: Feature) -> bool:
    return a.strand is b.strand


def feature_type(feature: Feature) -> str:
    """How tbl2asn names a feature's type in a detail line."""
    if feature.key == "gene":
        return "Gene"
    if feature.key in REGULATORY_KEYS:
        return "regulatory"
    return feature.key


# tRNA names tbl2asn reads as an amino acid besides the three-letter codes (``tRNA-fMet``, ``tRNA-Other``).
_TRNA_NAMES = frozenset({"imet", "fmet", "sec", "other"})
_TRNA_SEPARATORS = re.compile(r"[-,;:()='_~\s]")


def trna_has_product(product: str) -> bool:
    """Whether tbl2asn makes an amino acid of a tRNA's /product (else it keeps the text only as a note)."""
    token = _TRNA_SEPARATORS.split(product.strip().removeprefix("tRNA-"), maxsplit=1)[0]
    return token.casefold() in _TRNA_NAMES or trna_amino_acid(product) is not None


_SVEDBERG = re.compile(r"^(\d+(?:\.\d+)?)s\b")


def rrna_product(name: str) -> str:
    """An rRNA's /product as tbl2asn's cleanup leaves it: a name ending in 'rRNA' ends in 'ribosomal RNA'
    ('18S rRNA', '5.8S ribosomal rRNA'), a lower-case Svedberg unit capitalised ('18s' -> '18S'); 'rRNA'
    alone and other names kept (the assembler's ``rrna_name`` does the same for the .sqn)."""
    name = " ".join(name.split())
    if name.endswith(" rRNA"):
        stem = name.removesuffix(" rRNA").removesuffix(" ribosomal")
        name = _SVEDBERG.sub(lambda m: m.group(1) + "S", stem) + " ribosomal RNA"
    return name


# A CDS's qualifiers tbl2asn keeps as GBQuals (its label shows them when the CDS names no protein).
_CDS_GBQUALS = frozenset({"inference", "experiment", "standard_name", "old_locus_tag"})


def _unnamed_cds_label(feature: Feature) -> str:
    """The label tbl2asn gives a CDS without a protein name: its GBQuals as ``/inference=...`` (the note
    after '; '), else 'CDS' (seen on the differential seeds)."""
    quals = " ".join(f"/{q.key}={q.value}" for q in feature.qualifiers if q.key in _CDS_GBQUALS and q.value)
    if not quals:
        return "CDS"
    note = "; ".join(feature.values("note"))
    return f"{quals}; {note}" if note else quals


def feature_label(feature: Feature) -> str:
    """The short label tbl2asn shows for a feature: product, gene symbol, tRNA amino acid, exon number..."""
    if feature.key == "gene":  # the symbol, else the description, else the locus_tag (tbl2asn)
        return feature.get("gene") or feature.get("gene_desc") or feature.get("locus_tag") or "Gene"
    if feature.key == "tRNA":
        product = feature.get("product") or ""
        if product and not trna_has_product(product):
            return product  # tbl2asn keeps a name it cannot read as an amino acid as the tRNA's comment
        product = product.removeprefix("tRNA-")
        return re.split(r"[^A-Za-z]", product, maxsplit=1)[0] if product else "tRNA"
    if feature.key in ("exon", "intron"):
        return feature.get("number") or ""
    if feature.key == "ncRNA" and not feature.get("product") and feature.get("ncRNA_class"):
        return feature.get("ncRNA_class") or ""
    if feature.key == "rRNA" and feature.get("product"):
        return rrna_product(feature.get("product") or "")
    if feature.key == "CDS" and not feature.get("product"):
        return _unnamed_cds_label(feature)
    for key in ("product", "gene", "note"):
        value = feature.get(key)
        if value:
            return " ".join(value.split()) if key == "product" else value
    return feature.key


@functools.lru_cache(maxsize=64)
def _base_name(path: str) -> str:
    # Asked for once per detail line (60,000 on a 6,000-gene genome); a handful of distinct files.
    name = Path(path).name
    for suffix in (".gz", ".fsa", ".fasta", ".fna", ".fa"):
        name = name.removesuffix(suffix)
    return name
