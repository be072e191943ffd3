"""Qualifier order and formatting for the FEATURES table.

NCBI prints a feature's qualifiers in one fixed order whatever order the submitter gave them in; ``RANK`` is
that order (names prefixed ``cds_`` or ``gene_`` are the protein-name and gene-allele slots, shown without the
prefix). Values are quoted except for the few numeric or symbolic qualifiers in ``UNQUOTED``; a value-less
qualifier (``/pseudo``) is a flag.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gbprep.writers.genbank.wrap import FEATURE_INDENT, WIDTH, qualifier

ORDER = [
    "regulatory_class",
    "ncRNA_class",
    "gene",
    "locus_tag",
    "old_locus_tag",
    "gene_synonym",
    "gene_allele",
    "operon",
    "product",
    "prot_EC_number",
    "prot_activity",
    "standard_name",
    "coded_by",
    "derived_from",
    "prot_name",
    "region_name",
    "bond_type",
    "site_type",
    "sec_str_type",
    "heterogen",
    "tag_peptide",
    "evidence",
    "experiment",
    "inference",
    "exception",
    "artificial_location",
    "ribosomal_slippage",
    "trans_splicing",
    "note",
    "citation",
    "number",
    "pseudo",
    "selenocysteine",
    "pyrrolysine",
    "codon_start",
    "anticodon",
    "trna_codons",
    "bound_moiety",
    "clone",
    "compare",
    "direction",
    "function",
    "frequency",
    "EC_number",
    "gene_map",
    "estimated_length",
    "gap_type",
    "linkage_evidence",
    "allele",
    "map",
    "mod_base",
    "PCR_conditions",
    "phenotype",
    "rpt_family",
    "rpt_type",
    "rpt_unit",
    "rpt_unit_range",
    "rpt_unit_seq",
    "satellite",
    "mobile_element",
    "usedin",
    "illegal_qual",
    "replace",
    "transl_except",
    "transl_table",
    "codon",
    "organism",
    "label",
    "cds_product",
    "extra_products",
    "protein_id",
    "transcript_id",
    "db_xref",
    "gene_xref",
    "mol_wt",
    "translation",
    "transcription",
    "peptide",
]
RANK = {name: i for i, name in enumerate(ORDER)}
_UNKNOWN_RANK = RANK["illegal_qual"]
_ROOM = WIDTH - len(FEATURE_INDENT)

# Shown without quotes.
UNQUOTED = frozenset(
    {
        "codon_start",
        "transl_table",
        "number",
        "estimated_length",
        "anticodon",
        "transl_except",
        "rpt_unit_range",
        "direction",
        "rpt_type",
        "mod_base",
        "tag_peptide",
        "citation",
        "compare",
    }
)
# Slots whose flatfile name differs from the slot name.
_DISPLAY = {
    "cds_product": "product",
    "gene_allele": "allele",
    "prot_EC_number": "EC_number",
    "prot_activity": "function",
}


@dataclass(slots=True)
class Quals:
    """Qualifiers of one feature, collected in any order and printed in NCBI's."""

    items: list[tuple[int, int, str, str | None]] = field(default_factory=list)
    ordered: bool = False  # True: print in the order added (the source feature sorts its own)

    def add(self, slot: str, value: str | None) -> None:
        if value is None and self.has(slot):
            return  # a flag is shown once, however many sources set it
        rank = 0 if self.ordered else RANK.get(slot, _UNKNOWN_RANK)
        self.items.append((rank, len(self.items), slot, value))

    def has(self, slot: str) -> bool:
        return any(item[2] == slot for item in self.items)

    def lines(self) -> list[str]:
        out: list[str] = []
        for _, _, slot, value in sorted(self.items):
            name = _DISPLAY.get(slot, slot)
            if value is None:
                out.append(FEATURE_INDENT + "/" + name)
                continue
            text = f"/{name}={value}" if name in UNQUOTED else f'/{name}="{value}"'
            if len(text) <= _ROOM and "\n" not in text:
                out.append((FEATURE_INDENT + text).rstrip(" "))  # most qualifiers fit one line
            else:
                out += qualifier(text)
        return out
