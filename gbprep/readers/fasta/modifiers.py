"""Source modifiers in definition lines (``[organism=...]``): the names tbl2asn knows, their aliases,
and the values it checks. Data and small pure functions; the definition-line reader uses them.
"""

from __future__ import annotations

import re

from gbprep.model.diagnostics import Severity
from gbprep.model.modifiers import ORIGIN_NAMES

# A word list reads better than 130 quoted strings.
_MODIFIER_NAMES = frozenset(
    """
    organism strain isolate substrain sub_species variety serotype serogroup serovar cultivar pathovar
    chemovar biovar biotype group subgroup type subtype ecotype forma forma_specialis breed common acronym
    dosage host authority anamorph teleomorph synonym gb_acronym gb_anamorph gb_synonym old_name old_lineage
    specimen_voucher culture_collection bio_material metagenome_source type_material mating_type
    chromosome map clone subclone haplotype haplogroup genotype sex cell_line cell_type tissue_type clone_lib
    dev_stage frequency germline rearranged lab_host pop_variant tissue_lib plasmid_name transposon_name
    insertion_seq_name plastid_name country geo_loc_name segment endogenous_virus_name transgenic
    environmental_sample isolation_source lat_lon altitude collection_date collected_by identified_by
    fwd_primer_seq rev_primer_seq fwd_primer_name rev_primer_name fwd_pcr_primer_seq rev_pcr_primer_seq
    fwd_pcr_primer_name rev_pcr_primer_name metagenomic linkage_group
    note subsource_note orgmod_note
    location origin focus gcode mgcode pgcode moltype molecule tech completeness topology strand
    secondary_accession keyword db_xref division lineage taxid bioproject biosample sra project comment
    primary_accessions gene gene_syn gene_synonym allele protein prot_desc ec_number function locus_tag
    product
    """.split()  # noqa: SIM905
)
_ALIASES = {
    "org": "organism",
    "mol_type": "moltype",
    "dbxref": "db_xref",
    "specific_host": "host",
    "nat_host": "host",
    "subspecies": "sub_species",
    "completedness": "completeness",
    "note_orgmod": "orgmod_note",
    "note_subsrc": "subsource_note",
    "secondary_accessions": "secondary_accession",
    "keywords": "keyword",
}
# Names people write that tbl2asn leaves in the title (the corpus has [plasmid=] and [organelle=]).
_SUGGESTIONS = {
    "plasmid": "plasmid-name",
    "organelle": "location",
    "species": "organism",
    "organism_name": "organism",
    "taxon": "organism",
    "plastid": "plastid-name",
    "genetic_code": "gcode",
    "voucher": "specimen-voucher",
    "date": "collection-date",
    "source": "isolation-source",
}
# One value per sequence; a second copy is a contradiction, not an addition.
_SINGLE_VALUED = frozenset(
    """organism topology location gcode mgcode pgcode moltype molecule tech completeness origin focus taxid
    division lineage""".split()  # noqa: SIM905
)
_GENETIC_CODES = frozenset({1, 2, 3, 4, 5, 6, 9, 10, 11, 12, 13, 14, 15, 16, *range(21, 32), 33})


def _vocabulary(words: str) -> frozenset[str]:
    return frozenset(_norm_value(w) for w in words.split(","))


def _norm_value(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value.strip().lower())


_VOCABULARIES = {
    "topology": _vocabulary("linear,circular,tandem,other"),
    "molecule": _vocabulary("dna,rna"),
    "location": _vocabulary(
        "genomic,chloroplast,chromoplast,kinetoplast,mitochondrion,plastid,macronuclear,extrachrom,plasmid,"
        "transposon,insertion-seq,cyanelle,proviral,virion,nucleomorph,apicoplast,leucoplast,proplastid,"
        "endogenous-virus,hydrogenosome,chromosome,chromatophore,plasmid-in-mitochondrion,plasmid-in-plastid"
    ),
    "moltype": _vocabulary(
        "genomic,genomic DNA,genomic RNA,mRNA,tRNA,rRNA,ncRNA,snRNA,scRNA,snoRNA,tmRNA,cRNA,viral cRNA,"
        "pre-RNA,precursor RNA,transcribed RNA,other RNA,other DNA,unassigned DNA,unassigned RNA,"
        "other-genetic,genomic-mRNA,transfer-messenger RNA"
    ),
    "tech": _vocabulary(
        "standard,est,sts,survey,genemap,physmap,derived,concept-trans,seq-pept,both,seq-pept-overlap,"
        "seq-pept-homol,concept-trans-a,htgs-0,htgs-1,htgs-2,htgs-3,fli-cdna,htc,wgs,barcode,"
        "composite-wgs-htgs,tsa,targeted,other"
    ),
    "completeness": _vocabulary("complete,partial,no-left,no-right,no-ends,has-left,has-right,unknown,other"),
    # The names tbl2asn reads, not the ASN.1 words ('mut', 'natmut').
    "origin": _vocabulary(",".join(ORIGIN_NAMES)),
}


def _norm_name(name: str) -> str:
    return re.sub(r"[\s_-]+", "_", name.strip().lower())


def _value_problem(name: str, value: str) -> tuple[Severity, str] | None:
    if not value:
        return Severity.WARNING, "has no value and was ignored"
    if name in ("gcode", "mgcode", "pgcode"):
        number = value.strip()
        if not (number.isascii() and number.isdigit() and len(number) < 4 and int(number) in _GENETIC_CODES):
            codes = ", ".join(str(c) for c in sorted(_GENETIC_CODES))
            return Severity.ERROR, f"is not an NCBI genetic code number ({codes})"
    vocabulary = _VOCABULARIES.get(name)
    if vocabulary is not None and _norm_value(value) not in vocabulary:
        return Severity.WARNING, "is not one of: " + ", ".join(sorted(vocabulary))
    return None
