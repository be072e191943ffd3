"""Genome mode (-M n) links an mRNA to the CDS its /protein_id names; linked pairs are kept apart.

Each case was run through tbl2asn 25.3 with and without -M n: two isoforms of one gene whose CDSs share rows.
"""

from __future__ import annotations

from gbprep.model.diagnostics import Severity
from gbprep.model.records import Feature, Qualifier
from gbprep.rules.registry import RuleOptions

from .helpers import feature, record, run

SEQ = "ACGT" * 100
GENOME = RuleOptions(genome=True)


def _isoforms(*, mrna_protein_ids: bool, cds_transcript_ids: bool = False) -> list[Feature]:
    made = []
    rows_of = [(1, "mRNA", (85, 261), 2), (1, "CDS", (85, 225), 6), (2, "mRNA", (85, 243), 10)]
    for n, key, rows, line in [*rows_of, (2, "CDS", (85, 225), 14)]:
        f = feature(key, rows, line=line, product="transporter")
        if key == "CDS" or mrna_protein_ids:
            f.qualifiers.append(Qualifier("protein_id", f"gnl|x|p{n}", f.pos))
        if key == "mRNA" or cds_transcript_ids:
            f.qualifiers.append(Qualifier("transcript_id", f"gnl|x|t{n}", f.pos))
        made.append(f)
    return made


def _found(options: RuleOptions | None, features: list[Feature]) -> list[tuple[str, int, Severity]]:
    wanted = ("SEQ_FEAT.CDSwithMultipleMRNAs", "SEQ_FEAT.FeatContentDup", "SEQ_FEAT.DuplicateFeat")
    return sorted(
        (f.code, f.pos.line if f.pos else 0, f.severity)
        for f in run(record(SEQ), *features, options=options)
        if f.code in wanted
    )


def test_without_genome_mode_nothing_is_linked() -> None:
    assert _found(None, _isoforms(mrna_protein_ids=True)) == [
        ("SEQ_FEAT.CDSwithMultipleMRNAs", 6, Severity.INFO),
        ("SEQ_FEAT.CDSwithMultipleMRNAs", 14, Severity.INFO),
        ("SEQ_FEAT.FeatContentDup", 14, Severity.WARNING),
    ]


def test_genome_mode_links_by_protein_id_and_keeps_linked_pairs_apart() -> None:
    assert _found(GENOME, _isoforms(mrna_protein_ids=True)) == []


def test_a_shared_transcript_id_links_nothing() -> None:
    # mRNAs without /protein_id: no link, so each CDS has two mRNAs (raised to ERROR under -M n), and the
    # CDSs' own transcript_ids, kept as qualifiers there, make their labels differ.
    assert _found(GENOME, _isoforms(mrna_protein_ids=False, cds_transcript_ids=True)) == [
        ("SEQ_FEAT.CDSwithMultipleMRNAs", 6, Severity.ERROR),
        ("SEQ_FEAT.CDSwithMultipleMRNAs", 14, Severity.ERROR),
        ("SEQ_FEAT.DuplicateFeat", 14, Severity.WARNING),
    ]
    assert ("SEQ_FEAT.FeatContentDup", 14, Severity.WARNING) in _found(
        GENOME, _isoforms(mrna_protein_ids=False)
    )


def test_a_linked_cds_counts_no_mrnas_and_an_unlinked_one_counts_the_linked_mrna() -> None:
    # tbl2asn 25.3 -M n: the first isoform linked by protein_id, the second CDS and mRNA without links.
    made = _isoforms(mrna_protein_ids=True)
    made[2].qualifiers = [q for q in made[2].qualifiers if q.key != "protein_id"]
    found = _found(GENOME, made)
    assert ("SEQ_FEAT.CDSwithMultipleMRNAs", 14, Severity.ERROR) in found
    assert ("SEQ_FEAT.CDSwithMultipleMRNAs", 6, Severity.ERROR) not in found
