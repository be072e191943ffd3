"""Column 3 of GFF3 (Sequence Ontology terms, and the INSDC keys some files use) to INSDC feature keys.

``classify(type)`` says what a line is for: a ``gene``, a ``transcript`` (mRNA and the RNAs), a ``part`` of a
transcript (exon, CDS, UTR, codon), a ``sequence`` line (region, chromosome: it describes the sequence, not a
feature), an ``alignment`` (match lines are evidence, not annotation), a plain ``feature`` with its INSDC key
and fixed qualifiers, or ``None`` (unsupported, reported by the builder).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbprep.model import insdc

GENE_TYPES = frozenset(
    {"gene", "pseudogene", "transposable_element_gene", "ncRNA_gene", "protein_coding_gene"}
)
PSEUDO_GENE_TYPES = frozenset({"pseudogene"})
CDS_TYPES = frozenset({"CDS", "cds", "pseudogenic_CDS", "coding_sequence"})
EXON_TYPES = frozenset({"exon", "pseudogenic_exon", "coding_exon", "noncoding_exon"})
UTR5_TYPES = frozenset({"five_prime_UTR", "5'UTR", "five_prime_utr", "5UTR"})
UTR3_TYPES = frozenset({"three_prime_UTR", "3'UTR", "three_prime_utr", "3UTR"})
UTR_TYPES = UTR5_TYPES | UTR3_TYPES | {"UTR"}
START_CODON = "start_codon"
STOP_CODON = "stop_codon"
PART_TYPES = (
    CDS_TYPES | EXON_TYPES | UTR_TYPES | {START_CODON, STOP_CODON, "intron", "transcription_end_site", "tss"}
)
SEQUENCE_TYPES = frozenset(
    {"region", "chromosome", "contig", "supercontig", "scaffold", "databank_entry", "source", "assembly",
     "golden_path_region", "ultracontig", "plasmid", "chromosome_part"}
)  # fmt: skip
ALIGNMENT_TYPES = frozenset(
    {"match", "match_part", "cDNA_match", "EST_match", "protein_match", "nucleotide_match", "expressed_sequence_match",
     "translated_nucleotide_match", "nucleotide_to_protein_match", "similarity", "HSP", "expressed_sequence_match_part"}
)  # fmt: skip

# Transcript types: INSDC key and the ncRNA_class they imply.
NCRNA_SO = {
    "snRNA": "snRNA", "snoRNA": "snoRNA", "miRNA": "miRNA", "pre_miRNA": "pre_miRNA", "lnc_RNA": "lncRNA",
    "lncRNA": "lncRNA", "lincRNA": "lncRNA", "antisense_RNA": "antisense_RNA", "antisense_lncRNA": "lncRNA",
    "RNase_P_RNA": "RNase_P_RNA", "RNase_MRP_RNA": "RNase_MRP_RNA", "SRP_RNA": "SRP_RNA", "guide_RNA": "guide_RNA",
    "scRNA": "scRNA", "scaRNA": "scaRNA", "piRNA": "piRNA", "siRNA": "siRNA", "rasiRNA": "rasiRNA", "Y_RNA": "Y_RNA",
    "vault_RNA": "vault_RNA", "telomerase_RNA": "telomerase_RNA", "ribozyme": "ribozyme",
    "hammerhead_ribozyme": "hammerhead_ribozyme", "autocatalytically_spliced_intron": "autocatalytically_spliced_intron",
}  # fmt: skip
TRANSCRIPT_KEYS = {
    "mRNA": "mRNA", "transcript": "mRNA", "primary_transcript": "precursor_RNA", "pseudogenic_transcript": "mRNA",
    "tRNA": "tRNA", "rRNA": "rRNA", "tmRNA": "tmRNA", "ncRNA": "ncRNA", "misc_RNA": "misc_RNA",
    "precursor_RNA": "precursor_RNA", "pre_RNA": "precursor_RNA", "prim_transcript": "prim_transcript",
    "mt_rRNA": "rRNA", "mt_tRNA": "tRNA", "unconfirmed_transcript": "misc_RNA", "processed_transcript": "misc_RNA",
    "V_gene_segment": "V_segment", "D_gene_segment": "D_segment", "J_gene_segment": "J_segment",
    "C_gene_segment": "C_region",
    **dict.fromkeys(NCRNA_SO, "ncRNA"),
}  # fmt: skip
# Biotype words (Ensembl/GENCODE/BioCantor gene_biotype, transcript_biotype) for a CDS-less "transcript".
BIOTYPE_NCRNA = {"ncRNA": "other", "lncRNA": "lncRNA", "lincRNA": "lncRNA", **NCRNA_SO}

# Plain features: INSDC key and fixed qualifiers.
REGULATORY_SO = {
    "promoter": "promoter", "TATA_box": "TATA_box", "enhancer": "enhancer", "silencer": "silencer",
    "terminator": "terminator", "attenuator": "attenuator", "insulator": "insulator", "riboswitch": "riboswitch",
    "CAAT_signal": "CAAT_signal", "GC_rich_promoter_region": "GC_signal",
    "GC_signal": "GC_signal", "minus_10_signal": "minus_10_signal", "minus_35_signal": "minus_35_signal",
    "-10_signal": "minus_10_signal", "-35_signal": "minus_35_signal", "TATA_signal": "TATA_box",
    "polyA_signal_sequence": "polyA_signal_sequence", "polyA_signal": "polyA_signal_sequence",
    "Shine_Dalgarno_sequence": "ribosome_binding_site", "ribosome_entry_site": "ribosome_binding_site",
    "RBS": "ribosome_binding_site", "misc_signal": "other", "locus_control_region": "locus_control_region",
    "regulatory_region": "other", "boundary_element": "other", "response_element": "response_element",
    "DNaseI_hypersensitive_site": "DNase_I_hypersensitive_site", "matrix_attachment_site": "matrix_attachment_region",
    "imprinting_control_region": "imprinting_control_region", "uORF": "uORF",
    "transcriptional_cis_regulatory_region": "transcriptional_cis_regulatory_region",
}  # fmt: skip
FEATURE_SO: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "repeat_region": ("repeat_region", ()), "dispersed_repeat": ("repeat_region", (("rpt_type", "dispersed"),)),
    "tandem_repeat": ("repeat_region", (("rpt_type", "tandem"),)),
    "inverted_repeat": ("repeat_region", (("rpt_type", "inverted"),)),
    "direct_repeat": ("repeat_region", (("rpt_type", "direct"),)),
    "CRISPR": ("repeat_region", (("rpt_type", "CRISPR"),)), "terminal_inverted_repeat": ("repeat_region", ()),
    "long_terminal_repeat": ("LTR", ()), "mobile_genetic_element": ("mobile_element", ()),
    "transposable_element": ("mobile_element", (("mobile_element_type", "transposon"),)),
    "insertion_sequence": ("mobile_element", (("mobile_element_type", "insertion sequence"),)),
    "origin_of_replication": ("rep_origin", ()), "sequence_feature": ("misc_feature", ()),
    "biological_region": ("misc_feature", ()), "signal_peptide": ("sig_peptide", ()),
    "mature_protein_region": ("mat_peptide", ()), "transit_peptide": ("transit_peptide", ()),
    "propeptide": ("propeptide", ()), "protein_binding_site": ("protein_bind", ()),
    "primer_binding_site": ("primer_bind", ()), "binding_site": ("misc_binding", ()),
    "sequence_difference": ("misc_difference", ()), "sequence_variant": ("variation", ()),
    "SNV": ("variation", ()), "gap": ("gap", ()), "assembly_gap": ("assembly_gap", ()), "operon": ("operon", ()),
    "stem_loop": ("stem_loop", ()), "D_loop": ("D-loop", ()), "centromere": ("centromere", ()),
    "telomere": ("telomere", ()), "oriT": ("oriT", ()), "STS": ("STS", ()), "intron": ("intron", ()),
    "exon": ("exon", ()), "five_prime_UTR": ("5'UTR", ()), "three_prime_UTR": ("3'UTR", ()),
    "polypeptide": ("Protein", ()), "modified_base": ("modified_base", ()), "3'UTR": ("3'UTR", ()),
    "5'UTR": ("5'UTR", ()), "LTR": ("repeat_region", (("rpt_type", "long_terminal_repeat"),)),
    "satellite": ("repeat_region", ()), "mat_peptide_nt": ("mat_peptide", ()), "sig_peptide_nt": ("sig_peptide", ()),
    "transit_peptide_nt": ("transit_peptide", ()), "proprotein": ("propeptide", ()), "SecStr": ("misc_structure", ()),
    "VariationRef": ("variation", ()),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Kind:
    role: str  # gene, transcript, part, sequence, alignment, feature
    key: str = ""
    fixed: tuple[tuple[str, str], ...] = field(default_factory=tuple)


def classify(so_type: str) -> Kind | None:
    if so_type in GENE_TYPES:
        return Kind("gene", "gene")
    if so_type in TRANSCRIPT_KEYS:
        return Kind("transcript", TRANSCRIPT_KEYS[so_type])
    if so_type in PART_TYPES:
        return Kind("part", so_type)
    if so_type in SEQUENCE_TYPES:
        return Kind("sequence")
    if so_type in ALIGNMENT_TYPES:
        return Kind("alignment")
    if so_type in REGULATORY_SO:
        return Kind("feature", "regulatory", (("regulatory_class", REGULATORY_SO[so_type]),))
    if so_type in FEATURE_SO:
        key, fixed = FEATURE_SO[so_type]
        return Kind("feature", key, fixed)
    known = insdc.feature_key(so_type)
    # Current INSDC keys only: NCBI's table pseudo-keys (Protein, Site) mean nothing in a GFF3 type column.
    if known is not None and known.status is insdc.KeyStatus.INSDC:
        return Kind("feature", known.name)
    folded = _FOLDED.get(so_type.lower())
    if folded is not None and folded != so_type:  # 'trna', 'ncrna', 'Gene' as some converters write them
        return classify(folded)
    return None


_FOLDED = {k.lower(): k for k in (*GENE_TYPES, *TRANSCRIPT_KEYS, *PART_TYPES, *REGULATORY_SO, *FEATURE_SO)}


def ncrna_class(so_type: str, *biotypes: str | None) -> str | None:
    """The ncRNA_class a transcript implies by its SO type, else by the first biotype word that names one."""
    if so_type in NCRNA_SO:
        return NCRNA_SO[so_type]
    for word in biotypes:
        if word and word in BIOTYPE_NCRNA:
            return BIOTYPE_NCRNA[word]
        if word and word in insdc.NCRNA_CLASSES:
            return word
    return None
