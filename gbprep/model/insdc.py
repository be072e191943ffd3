"""INSDC feature keys and qualifiers, as a five-column table (tbl2asn/table2asn) may use them.

Facts from the DDBJ/ENA/GenBank Feature Table Definition (version 11.x: Appendix II keys, Appendix III
qualifiers, Appendix IV vocabularies) plus what NCBI's table reader accepts on top of it: qualifiers that
only exist in tables (``gene_syn``, ``prot_desc``, ``go_process``, ...) and the table-only pseudo-keys
(``Protein``, ``Region``, ``Site``, ``Bond``, ``SecStr``, ``REFERENCE``). Keys that INSDC retired but tbl2asn
still takes (the 2014 ``regulatory`` merge, ``LTR``, ``snRNA``, ...) are listed with what replaces them, so a
rule can say what to write instead.

Data plus small lookups; rules decide what a mismatch is worth.
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field


class KeyStatus(enum.Enum):
    INSDC = "insdc"  # a current INSDC feature key
    NCBI = "ncbi"  # an NCBI table pseudo-key (becomes a non-INSDC Seq-feat type)
    RETIRED = "retired"  # no longer INSDC; tbl2asn still reads it, the validator complains


class ValueKind(enum.Enum):
    TEXT = "text"
    FLAG = "flag"  # written without a value: /pseudo
    INTEGER = "integer"
    VOCABULARY = "vocabulary"  # one of a fixed list (see VOCABULARIES)
    STRUCTURED = "structured"  # a syntax of its own: transl_except, anticodon, GO terms, db_xref, ...


@dataclass(frozen=True, slots=True)
class FeatureKey:
    name: str
    status: KeyStatus
    mandatory: frozenset[str]
    optional: frozenset[str]
    replacement: str | None = None  # for RETIRED keys: what to write instead
    allowed: frozenset[str] = field(init=False)  # mandatory | optional, kept because readers ask per row

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed", self.mandatory | self.optional)


@dataclass(frozen=True, slots=True)
class QualifierDef:
    name: str
    kind: ValueKind
    insdc: bool  # False: NCBI table-only (or NCBI-internal) qualifier
    obsolete: str | None = None  # why it should not be used any more, and what to use


# --- qualifier groups (Appendix II lists them per key; most keys share these) -------------------------------

_EVIDENCE = frozenset({"citation", "db_xref", "experiment", "inference", "note"})
_GENE_LINK = frozenset({"gene", "gene_synonym", "locus_tag", "old_locus_tag", "allele", "map"})
_BASIC = _EVIDENCE | _GENE_LINK
_PSEUDO = frozenset({"pseudo", "pseudogene"})
# immunoglobulin / T-cell receptor segments all take the same set
_IG_SEGMENT = _BASIC | _PSEUDO | {"product", "standard_name"}
_PEPTIDE = _BASIC | _PSEUDO | {"function", "product", "standard_name"}
_RNA = _BASIC | _PSEUDO | {"function", "operon", "product", "standard_name", "trans_splicing"}
_REGULATORY = _BASIC | _PSEUDO | {"bound_moiety", "function", "operon", "phenotype", "standard_name"}
_REPEAT = _BASIC | {"function", "rpt_family", "rpt_type", "rpt_unit_range", "rpt_unit_seq", "satellite"}

_SOURCE = frozenset(
    {
        "altitude", "bio_material", "cell_line", "cell_type", "chromosome", "citation", "clone", "clone_lib",
        "collected_by", "collection_date", "country", "cultivar", "culture_collection", "db_xref",
        "dev_stage", "ecotype", "environmental_sample", "focus", "geo_loc_name", "germline", "haplogroup",
        "haplotype",
        "host", "identified_by", "isolate", "isolation_source", "lab_host", "lat_lon", "macronuclear", "map",
        "mating_type", "metagenome_source", "mol_type", "note", "organelle", "organism", "PCR_primers",
        "plasmid", "pop_variant", "proviral", "rearranged", "segment", "serotype", "serovar", "sex",
        "specimen_voucher", "strain", "sub_clone", "sub_species", "sub_strain", "submitter_seqid",
        "tissue_lib", "tissue_type", "transgenic", "type_material", "variety",
    }
)  # fmt: skip

# NCBI table extras. tbl2asn turns these into parts of the ASN.1 (gene and protein cross-references, GO user
# objects, product Seq-ids) rather than /qualifiers, so INSDC never lists them.
_GENE_XREF_EXTRAS = frozenset({"gene_desc", "gene_syn"})
_GO = frozenset({"go_component", "go_function", "go_process"})
_CDS_EXTRAS = (
    _GENE_XREF_EXTRAS
    | _GO
    | {"prot_desc", "prot_note", "transcript_id", "orig_protein_id", "orig_transcript_id"}
)
_MRNA_EXTRAS = (
    _GENE_XREF_EXTRAS | _GO | {"protein_id", "transcript_id", "orig_protein_id", "orig_transcript_id"}
)
_RNA_EXTRAS = _GENE_XREF_EXTRAS | _GO | {"transcript_id", "exception"}
_PEPTIDE_EXTRAS = _GENE_XREF_EXTRAS | {"protein_id", "prot_desc"}
_GENE_EXTRAS = _GO | {"gene_desc", "gene_syn", "nomenclature"}


def _key(
    name: str,
    optional: Iterable[str],
    mandatory: Iterable[str] = (),
    *,
    status: KeyStatus = KeyStatus.INSDC,
    replacement: str | None = None,
) -> FeatureKey:
    must = frozenset(mandatory)
    return FeatureKey(name, status, must, frozenset(optional) - must, replacement)


_KEYS: list[FeatureKey] = [
    _key("assembly_gap", {"linkage_evidence"}, {"estimated_length", "gap_type"}),
    _key("C_region", _IG_SEGMENT),
    _key(
        "CDS",
        _BASIC
        | _PSEUDO
        | _CDS_EXTRAS
        | {
            "artificial_location",
            "circular_RNA",
            "codon_start",
            "EC_number",
            "exception",
            "function",
            "number",
            "operon",
            "product",
            "protein_id",
            "ribosomal_slippage",
            "standard_name",
            "translation",
            "transl_except",
            "transl_table",
            "trans_splicing",
        },
    ),
    _key("centromere", _EVIDENCE | {"standard_name"}),
    _key("D-loop", _BASIC),
    _key("D_segment", _IG_SEGMENT),
    _key(
        "exon",
        _BASIC
        | _PSEUDO
        | _GENE_XREF_EXTRAS
        | {"EC_number", "function", "number", "product", "standard_name", "trans_splicing"},
    ),
    _key("gap", {"experiment", "inference", "map", "note"}, {"estimated_length"}),
    _key(
        "gene",
        _BASIC
        | _PSEUDO
        | _GENE_EXTRAS
        | {"function", "operon", "phenotype", "product", "standard_name", "trans_splicing"},
    ),
    _key("iDNA", _BASIC | _GENE_XREF_EXTRAS | {"function", "number", "standard_name"}),
    _key(
        "intron",
        _BASIC | _PSEUDO | _GENE_XREF_EXTRAS | {"function", "number", "standard_name", "trans_splicing"},
    ),
    _key("J_segment", _IG_SEGMENT),
    _key("mat_peptide", _PEPTIDE | _PEPTIDE_EXTRAS | {"EC_number"}),
    _key("misc_binding", _BASIC | _GENE_XREF_EXTRAS | {"function"}, {"bound_moiety"}),
    _key(
        "misc_difference",
        _BASIC | _GENE_XREF_EXTRAS | {"clone", "compare", "phenotype", "replace", "standard_name"},
    ),
    _key(
        "misc_feature",
        _BASIC
        | _PSEUDO
        | _GENE_XREF_EXTRAS
        | {"function", "number", "phenotype", "product", "standard_name"},
    ),
    _key("misc_recomb", _BASIC | _GENE_XREF_EXTRAS | {"recombination_class", "standard_name"}),
    _key("misc_RNA", _RNA | _RNA_EXTRAS),
    _key("misc_structure", _BASIC | _GENE_XREF_EXTRAS | {"function", "standard_name"}),
    _key(
        "mobile_element",
        _BASIC | _GENE_XREF_EXTRAS | {"function", "rpt_family", "rpt_type", "standard_name"},
        {"mobile_element_type"},
    ),
    _key("modified_base", _BASIC | _GENE_XREF_EXTRAS | {"frequency"}, {"mod_base"}),
    _key("mRNA", _RNA | _MRNA_EXTRAS | {"artificial_location", "circular_RNA", "exception"}),
    _key("ncRNA", _RNA | _RNA_EXTRAS, {"ncRNA_class"}),
    _key("N_region", _IG_SEGMENT),
    # INSDC wants /citation or /compare here; either satisfies it, so neither is listed as mandatory
    _key("old_sequence", _BASIC | _GENE_XREF_EXTRAS | {"compare", "replace"}),
    _key(
        "operon",
        _EVIDENCE | _PSEUDO | {"allele", "function", "map", "phenotype", "standard_name"},
        {"operon"},
    ),
    _key(
        "oriT",
        _BASIC
        | _GENE_XREF_EXTRAS
        | {
            "bound_moiety",
            "direction",
            "rpt_family",
            "rpt_type",
            "rpt_unit_range",
            "rpt_unit_seq",
            "standard_name",
        },
    ),
    _key("polyA_site", _BASIC | _GENE_XREF_EXTRAS),
    _key("precursor_RNA", (_RNA - _PSEUDO) | _RNA_EXTRAS),
    _key("prim_transcript", _BASIC | _GENE_XREF_EXTRAS | {"function", "operon", "standard_name"}),
    _key("primer_bind", _BASIC | _GENE_XREF_EXTRAS | {"PCR_conditions", "standard_name"}),
    _key("propeptide", _PEPTIDE | _PEPTIDE_EXTRAS),
    _key(
        "protein_bind",
        _BASIC | _GENE_XREF_EXTRAS | {"function", "operon", "standard_name"},
        {"bound_moiety"},
    ),
    _key("regulatory", _REGULATORY | _GENE_XREF_EXTRAS, {"regulatory_class"}),
    _key("repeat_region", _REPEAT | _GENE_XREF_EXTRAS | {"standard_name"}),
    _key("rep_origin", _BASIC | _GENE_XREF_EXTRAS | {"direction", "standard_name"}),
    _key("rRNA", (_RNA - {"trans_splicing"}) | _RNA_EXTRAS | {"circular_RNA"}),
    _key("S_region", _IG_SEGMENT),
    _key("sig_peptide", _PEPTIDE | _PEPTIDE_EXTRAS),
    _key("source", _SOURCE, {"organism", "mol_type"}),
    _key("stem_loop", _BASIC | _GENE_XREF_EXTRAS | {"function", "operon", "standard_name"}),
    _key("STS", _BASIC | _GENE_XREF_EXTRAS | {"standard_name"}),
    _key("telomere", _EVIDENCE | {"rpt_type", "rpt_unit_range", "rpt_unit_seq", "standard_name"}),
    _key("tmRNA", (_RNA - {"operon", "trans_splicing"}) | _RNA_EXTRAS | {"tag_peptide"}),
    _key("transit_peptide", _PEPTIDE | _PEPTIDE_EXTRAS),
    _key("tRNA", _RNA | _RNA_EXTRAS | {"anticodon", "circular_RNA", "codon_recognized"}),
    _key("unsure", _BASIC | _GENE_XREF_EXTRAS | {"compare", "replace"}),
    _key("V_region", _IG_SEGMENT),
    _key("V_segment", _IG_SEGMENT),
    _key(
        "variation",
        _BASIC
        | _GENE_XREF_EXTRAS
        | {"compare", "frequency", "phenotype", "product", "replace", "standard_name"},
    ),
    _key("3'UTR", _BASIC | _GENE_XREF_EXTRAS | {"function", "standard_name", "trans_splicing"}),
    _key("5'UTR", _BASIC | _GENE_XREF_EXTRAS | {"function", "standard_name", "trans_splicing"}),
    # NCBI table pseudo-keys: they become Seq-feat types that have no INSDC key of their own
    _key(
        "Protein",
        _EVIDENCE | {"EC_number", "function", "product", "prot_desc", "protein_id"},
        status=KeyStatus.NCBI,
    ),
    _key("Region", _EVIDENCE, {"region_name"}, status=KeyStatus.NCBI),
    _key("Site", _EVIDENCE, {"site_type"}, status=KeyStatus.NCBI),
    _key("Bond", _EVIDENCE, {"bond_type"}, status=KeyStatus.NCBI),
    _key("SecStr", _EVIDENCE, {"sec_str_type"}, status=KeyStatus.NCBI),
    # tbl2asn reads REFERENCE (GAG and funannotate write one per sequence) and then drops it
    _key("REFERENCE", {"PubMed", "pmid"}, status=KeyStatus.NCBI),
]

_RETIRED_REGULATORY = {
    "-10_signal": "minus_10_signal",
    "-35_signal": "minus_35_signal",
    "attenuator": "attenuator",
    "CAAT_signal": "CAAT_signal",
    "enhancer": "enhancer",
    "GC_signal": "GC_signal",
    "misc_signal": "other",
    "polyA_signal": "polyA_signal_sequence",
    "promoter": "promoter",
    "RBS": "ribosome_binding_site",
    "TATA_signal": "TATA_box",
    "terminator": "terminator",
}
for _old, _cls in _RETIRED_REGULATORY.items():
    _KEYS.append(
        _key(
            _old,
            _REGULATORY | _GENE_XREF_EXTRAS,
            status=KeyStatus.RETIRED,
            replacement=f'regulatory with /regulatory_class="{_cls}"',
        )
    )
for _old, _new, _quals in (
    ("LTR", 'repeat_region with /rpt_type="long_terminal_repeat"', _REPEAT | {"standard_name"}),
    ("repeat_unit", "repeat_region", _REPEAT | {"standard_name"}),
    ("satellite", 'repeat_region with /satellite="satellite:NAME"', _REPEAT | {"standard_name"}),
    ("conflict", "misc_difference", _BASIC | {"compare", "replace"}),
    ("mutation", "variation", _BASIC | {"frequency", "phenotype", "replace", "standard_name"}),
    ("allele", "variation", _BASIC | {"frequency", "phenotype", "replace", "standard_name"}),
    ("virion", "misc_feature", _BASIC),
    ("3'clip", "misc_feature", _BASIC),
    ("5'clip", "misc_feature", _BASIC),
    ("snRNA", 'ncRNA with /ncRNA_class="snRNA"', _RNA),
    ("scRNA", 'ncRNA with /ncRNA_class="scRNA"', _RNA),
    ("snoRNA", 'ncRNA with /ncRNA_class="snoRNA"', _RNA),
    ("preprotein", "propeptide", _PEPTIDE | {"EC_number"}),
    ("proprotein", "propeptide", _PEPTIDE | {"EC_number"}),
):
    _KEYS.append(_key(_old, _quals | _GENE_XREF_EXTRAS, status=KeyStatus.RETIRED, replacement=_new))

FEATURE_KEYS: dict[str, FeatureKey] = {k.name: k for k in _KEYS}
_KEYS_FOLDED: dict[str, str] = {k.casefold(): k for k in FEATURE_KEYS}

# --- qualifiers ---------------------------------------------------------------------------------------------

_FLAGS = {
    "circular_RNA", "environmental_sample", "focus", "germline", "macronuclear", "partial", "proviral",
    "pseudo", "rearranged", "ribosomal_slippage", "transgenic", "trans_splicing", "metagenomic",
}  # fmt: skip
_INTEGERS = {"codon_start", "transl_table", "number", "estimated_length"}
_STRUCTURED = {
    "anticodon", "codon_recognized", "db_xref", "EC_number", "go_component", "go_function", "go_process",
    "inference", "locus_tag", "protein_id", "transcript_id", "transl_except", "rpt_unit_range",
}  # fmt: skip

_INSDC_QUALIFIERS = (
    set().union(*(k.allowed for k in _KEYS if k.status is KeyStatus.INSDC))
    - _GENE_XREF_EXTRAS
    - _GO
    - {"prot_desc", "prot_note", "transcript_id", "orig_protein_id", "orig_transcript_id", "nomenclature"}
    - {"codon_recognized"}
)
_NCBI_QUALIFIERS = {
    "bond_type", "codon_recognized", "exception", "gene_desc", "gene_syn", "go_component", "go_function",
    "go_process", "nomenclature", "orig_protein_id", "orig_transcript_id", "prot_desc", "prot_note",
    "region_name", "sec_str_type", "site_type", "transcript_id", "PubMed", "pmid", "partial", "metagenomic",
}  # fmt: skip
_OBSOLETE = {
    "evidence": "/evidence was retired in 2005; use /experiment or /inference",
    "label": "/label was retired; use /standard_name or /note",
    "usedin": "/usedin was retired; remove it",
    "partial": "/partial is not written in a table; mark the ends with < and > in the location columns",
    "codon": "/codon was retired; use /transl_except for each codon",
    "cons_splice": "/cons_splice was retired; remove it",
}

QUALIFIERS: dict[str, QualifierDef] = {}
for _name in sorted(_INSDC_QUALIFIERS | _NCBI_QUALIFIERS | set(_OBSOLETE)):
    if _name in _FLAGS:
        _kind = ValueKind.FLAG
    elif _name in _INTEGERS:
        _kind = ValueKind.INTEGER
    elif _name in _STRUCTURED:
        _kind = ValueKind.STRUCTURED
    else:
        _kind = ValueKind.TEXT  # refined below for the controlled vocabularies
    QUALIFIERS[_name] = QualifierDef(
        _name,
        _kind,
        insdc=_name in _INSDC_QUALIFIERS and _name not in _OBSOLETE,
        obsolete=_OBSOLETE.get(_name),
    )

# Spellings NCBI's table reader maps onto another qualifier.
QUALIFIER_ALIASES: dict[str, str] = {
    "codons_recognized": "codon_recognized",
    "specific_host": "host",
}
_QUALIFIERS_FOLDED: dict[str, str] = {q.casefold(): q for q in QUALIFIERS}
_QUALIFIERS_FOLDED.update({a.casefold(): t for a, t in QUALIFIER_ALIASES.items() if t in QUALIFIERS})

# --- controlled vocabularies (Appendix IV and the qualifier definitions) -----------------------------------

REGULATORY_CLASSES = frozenset(
    {
        "attenuator", "CAAT_signal", "DNase_I_hypersensitive_site", "enhancer", "enhancer_blocking_element",
        "GC_signal", "imprinting_control_region", "insulator", "locus_control_region",
        "matrix_attachment_region", "minus_35_signal", "minus_10_signal", "polyA_signal_sequence", "promoter",
        "recoding_stimulatory_region", "replication_regulatory_region", "response_element",
        "ribosome_binding_site", "riboswitch", "silencer", "TATA_box", "terminator",
        "transcriptional_cis_regulatory_region", "uORF", "other",
    }
)  # fmt: skip
NCRNA_CLASSES = frozenset(
    {
        "antisense_RNA", "autocatalytically_spliced_intron", "ribozyme", "hammerhead_ribozyme", "lncRNA",
        "RNase_P_RNA", "RNase_MRP_RNA", "telomerase_RNA", "guide_RNA", "rasiRNA", "scRNA", "scaRNA", "siRNA",
        "pre_miRNA", "miRNA", "piRNA", "snoRNA", "snRNA", "SRP_RNA", "vault_RNA", "Y_RNA", "other",
    }
)  # fmt: skip
PSEUDOGENE_TYPES = frozenset({"processed", "unprocessed", "unitary", "allelic", "unknown"})
GAP_TYPES = frozenset(
    {
        "between scaffolds", "within scaffold", "telomere", "centromere", "short arm", "heterochromatin",
        "repeat within scaffold", "repeat between scaffolds", "contamination", "unknown",
    }
)  # fmt: skip
LINKAGE_EVIDENCE = frozenset(
    {
        "pcr", "paired-ends", "align genus", "align xgenus", "align trnscpt", "within clone", "clone contig",
        "map", "strobe", "unspecified", "proximity ligation",
    }
)  # fmt: skip
MOBILE_ELEMENT_TYPES = frozenset(
    {
        "transposon", "retrotransposon", "integron", "superintegron", "insertion sequence",
        "non-LTR retrotransposon", "SINE", "MITE", "LINE", "other",
    }
)  # fmt: skip
RPT_TYPES = frozenset(
    {
        "tandem", "direct", "inverted", "flanking", "nested", "terminal", "dispersed", "long_terminal_repeat",
        "non_ltr_retrotransposon_polymeric_tract", "centromeric_repeat", "telomeric_repeat",
        "x_element_combinatorial_repeat", "y_prime_element", "other",
    }
)  # fmt: skip
SATELLITE_TYPES = frozenset({"satellite", "microsatellite", "minisatellite"})
DIRECTIONS = frozenset({"left", "right", "both"})
ARTIFICIAL_LOCATIONS = frozenset({"heterogeneous population sequenced", "low-quality sequence region"})
# INSDC's own /exception values; NCBI accepts more (its validator keeps that list).
EXCEPTION_VALUES_INSDC = frozenset(
    {
        "RNA editing", "reasons given in citation", "rearrangement required for product",
        "annotated by transcript or proteomic data",
    }
)  # fmt: skip
MOL_TYPES = frozenset(
    {
        "genomic DNA", "genomic RNA", "mRNA", "tRNA", "rRNA", "other RNA", "other DNA", "transcribed RNA",
        "viral cRNA", "unassigned DNA", "unassigned RNA",
    }
)  # fmt: skip
# NCBI's Seq-feat enumerations behind the pseudo-keys; tables write them with spaces or hyphens.
BOND_TYPES = frozenset({"disulfide", "thiolester", "xlink", "thioether", "other"})
SITE_TYPES = frozenset(
    {
        "active", "binding", "cleavage", "inhibit", "modified", "glycosylation", "myristoylation",
        "mutagenized", "metal binding", "phosphorylation", "acetylation", "amidation", "methylation",
        "hydroxylation", "sulfatation", "oxidative deamination", "pyrrolidone carboxylic acid",
        "gamma carboxyglutamic acid", "blocked", "lipid binding", "np binding", "dna binding",
        "signal peptide",
        "transit peptide", "transmembrane region", "nitrosylation", "other",
    }
)  # fmt: skip
SEC_STR_TYPES = frozenset({"helix", "sheet", "turn"})

VOCABULARIES: dict[str, frozenset[str]] = {
    "regulatory_class": REGULATORY_CLASSES,
    "ncRNA_class": NCRNA_CLASSES,
    "pseudogene": PSEUDOGENE_TYPES,
    "gap_type": GAP_TYPES,
    "linkage_evidence": LINKAGE_EVIDENCE,
    "direction": DIRECTIONS,
    "artificial_location": ARTIFICIAL_LOCATIONS,
    "mol_type": MOL_TYPES,
    "rpt_type": RPT_TYPES,
    "bond_type": BOND_TYPES,
    "site_type": SITE_TYPES,
    "sec_str_type": SEC_STR_TYPES,
}
# Vocabularies whose values may carry ":free text" after the word (/mobile_element_type="SINE:Alu").
PREFIX_VOCABULARIES: dict[str, frozenset[str]] = {
    "mobile_element_type": MOBILE_ELEMENT_TYPES,
    "satellite": SATELLITE_TYPES,
}
for _name in (*VOCABULARIES, *PREFIX_VOCABULARIES):
    if _name in QUALIFIERS:
        _q = QUALIFIERS[_name]
        QUALIFIERS[_name] = QualifierDef(_q.name, ValueKind.VOCABULARY, _q.insdc, _q.obsolete)

# NCBI genetic codes (/transl_table); 7, 8 and 17-20 were never assigned or were merged away.
GENETIC_CODES = frozenset({1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, *range(21, 34)})

# Amino acids as /transl_except, /anticodon and tRNA products name them (INSDC 7.4.3 plus the long names
# and stop spellings NCBI's reader also maps). Value: the one-letter (NCBIeaa) code.
AMINO_ACIDS: dict[str, str] = {
    "Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
    "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Pyl": "O",
    "Sec": "U", "Ser": "S", "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Asx": "B", "Glx": "Z",
    "Xle": "J", "Xaa": "X", "Xxx": "X", "fMet": "M", "TERM": "*", "Ter": "*", "OTHER": "X",
    "Alanine": "A", "Arginine": "R", "Asparagine": "N", "Aspartate": "D", "Aspartic Acid": "D",
    "Cysteine": "C", "Glutamine": "Q", "Glutamate": "E", "Glutamic Acid": "E", "Glycine": "G",
    "Histidine": "H", "Isoleucine": "I", "Leucine": "L", "Lysine": "K", "Methionine": "M",
    "Phenylalanine": "F", "Proline": "P", "Pyrrolysine": "O", "Selenocysteine": "U", "Serine": "S",
    "Threonine": "T", "Tryptophan": "W", "Tyrosine": "Y", "Valine": "V", "Termination": "*",
    "Asp or Asn": "B", "Glu or Gln": "Z", "Leu or Ile": "J",
}  # fmt: skip
_AMINO_FOLDED = {k.casefold(): v for k, v in AMINO_ACIDS.items()}

IUPAC_NUCLEOTIDES = frozenset("ACGTUMRWSYKVHDBN")

# GO evidence codes (geneontology.org "Guide to GO evidence codes").
GO_EVIDENCE_CODES = frozenset(
    {
        "EXP", "IDA", "IPI", "IMP", "IGI", "IEP", "HTP", "HDA", "HMP", "HGI", "HEP", "IBA", "IBD", "IKR",
        "IRD", "ISS", "ISO", "ISA", "ISM", "IGC", "RCA", "TAS", "NAS", "IC", "ND", "IEA", "IMR", "NR",
    }
)  # fmt: skip

# /inference TYPE words (INSDC 7.3.1); a CATEGORY ("COORDINATES:", "DESCRIPTION:", "EXISTENCE:") may precede.
INFERENCE_TYPES = (
    "non-experimental evidence, no additional details recorded",
    "similar to sequence",
    "similar to AA sequence",
    "similar to DNA sequence",
    "similar to RNA sequence",
    "similar to RNA sequence, mRNA",
    "similar to RNA sequence, EST",
    "similar to RNA sequence, other RNA",
    "profile",
    "nucleotide motif",
    "protein motif",
    "ab initio prediction",
    "alignment",
)
EVIDENCE_CATEGORIES = ("COORDINATES", "DESCRIPTION", "EXISTENCE")

# Seq-id types a protein_id/transcript_id may carry in FASTA form (NCBI "FASTA-style" ids).
SEQID_PREFIXES = frozenset(
    {
        "lcl", "gnl", "gb", "emb", "dbj", "ref", "tpg", "tpe", "tpd", "tpr", "pir", "sp", "tr", "pdb",
        "pat", "pgp", "prf", "gi", "bbs", "bbm", "gim", "gpp", "nat",
    }
)  # fmt: skip


# --- lookups ------------------------------------------------------------------------------------------------


def feature_key(name: str) -> FeatureKey | None:
    """The key as written (keys are case-sensitive: ``mRNA`` is not ``mrna``)."""
    return FEATURE_KEYS.get(name)


def is_feature_key(name: str) -> bool:
    return name in FEATURE_KEYS


def key_case_mismatch(name: str) -> str | None:
    """The real key when ``name`` differs from one only by case (``Cds`` -> ``CDS``)."""
    real = _KEYS_FOLDED.get(name.casefold())
    return real if real is not None and real != name else None


def canonical_qualifier(name: str) -> str | None:
    """The qualifier's own spelling, ignoring case and NCBI aliases as tbl2asn does; None if unknown."""
    if name in QUALIFIERS:
        return name
    return _QUALIFIERS_FOLDED.get(name.casefold())


def qualifier(name: str) -> QualifierDef | None:
    real = canonical_qualifier(name)
    return QUALIFIERS[real] if real is not None else None


def is_qualifier(name: str) -> bool:
    return canonical_qualifier(name) is not None


def allowed_qualifiers(key: str) -> frozenset[str]:
    found = FEATURE_KEYS.get(key)
    return found.allowed if found else frozenset()


def mandatory_qualifiers(key: str) -> frozenset[str]:
    found = FEATURE_KEYS.get(key)
    return found.mandatory if found else frozenset()


def is_allowed(key: str, qual: str) -> bool:
    """Whether ``qual`` may appear on ``key`` in a table; unknown keys allow nothing."""
    real = canonical_qualifier(qual)
    return real is not None and real in allowed_qualifiers(key)


def is_flag(qual: str) -> bool:
    found = qualifier(qual)
    return found is not None and found.kind is ValueKind.FLAG


def keys_allowing(qual: str) -> list[str]:
    """Current keys on which ``qual`` is allowed, for a fix text."""
    real = canonical_qualifier(qual) or qual
    return sorted(k.name for k in _KEYS if k.status is not KeyStatus.RETIRED and real in k.allowed)


def in_vocabulary(qual: str, value: str) -> bool | None:
    """True/False for a qualifier with a controlled vocabulary, None when ``qual`` has none.

    Case, ``_`` and ``-`` are ignored the way NCBI normalises them (``align_genus`` is ``align genus``);
    that also accepts ``paired-ends``, whose hyphen is part of the INSDC value.
    """
    real = canonical_qualifier(qual)
    if real is None:
        return None
    if real in VOCABULARIES:
        return _norm_vocab(value) in {_norm_vocab(v) for v in VOCABULARIES[real]}
    if real in PREFIX_VOCABULARIES:
        head = value.split(":", 1)[0].strip()
        return _norm_vocab(head) in {_norm_vocab(v) for v in PREFIX_VOCABULARIES[real]}
    return None


def vocabulary(qual: str) -> frozenset[str]:
    real = canonical_qualifier(qual) or qual
    return VOCABULARIES.get(real) or PREFIX_VOCABULARIES.get(real) or frozenset()


def _norm_vocab(value: str) -> str:
    return " ".join(value.strip().casefold().replace("_", " ").replace("-", " ").split())


def amino_acid(name: str) -> str | None:
    """One-letter code for an amino-acid name or abbreviation (``Met``, ``TERM``, ``Selenocysteine``)."""
    found = AMINO_ACIDS.get(name)
    if found is None:
        found = _AMINO_FOLDED.get(name.strip().casefold())
    return found


def trna_amino_acid(product: str) -> str | None:
    """The amino acid a tRNA product names (``tRNA-Leu(taa)`` -> ``L``), as NCBI's table reader reads it."""
    text = product.strip()
    if text.startswith("tRNA-"):
        text = text[5:]
    for i, ch in enumerate(text):
        if ch in "-,;:()='_~":
            text = text[:i]
            break
    text = text.strip()
    return AMINO_ACIDS.get(text) if text else None


def suggest(name: str, choices: Iterable[str], *, limit: int = 3) -> list[str]:
    """Close spellings for a "did you mean" (case-insensitive)."""
    pool = {c.casefold(): c for c in choices}
    return [pool[m] for m in difflib.get_close_matches(name.casefold(), list(pool), n=limit, cutoff=0.75)]


def suggest_key(name: str) -> list[str]:
    return suggest(name, (k.name for k in _KEYS if k.status is not KeyStatus.RETIRED))


def suggest_qualifier(name: str) -> list[str]:
    return suggest(name, (q for q, d in QUALIFIERS.items() if d.obsolete is None))
