"""Gene/mRNA/CDS relations: gene xrefs, colliding gene names, mRNA and CDS pairing."""

from __future__ import annotations

from gbprep.model.coding import reverse_complement
from gbprep.model.diagnostics import Severity
from gbprep.rules.registry import RecordContext
from gbprep.rules.relations import keeps_gene_xrefs

from .helpers import codes, feature, only, record, run

SEQ = "ACGTTGCA" * 100  # 800 bases


def test_redundant_gene_xref_reported_only_where_tbl2asn_keeps_it() -> None:
    gene = feature("gene", (50, 250), gene="cor6.6")
    embl = feature("CDS", (50, 250), line=6, gene="cor6.6", protein_id="CAA38894.1")
    hit = only(run(record(SEQ), gene, embl), "SEQ_FEAT.UnnecessaryGeneXref")
    assert (hit.message, hit.severity) == ("Unnecessary gene cross-reference cor6.6", Severity.WARNING)
    assert hit.pos is not None and hit.pos.line == 6
    genbank = feature("CDS", (50, 250), gene="cor6.6", protein_id="AAA91051.1")
    assert "SEQ_FEAT.UnnecessaryGeneXref" not in codes(run(record(SEQ), gene, genbank))


def test_gene_xref_needed_when_two_genes_hold_the_feature() -> None:
    outer = feature("gene", (40, 300), gene="outer")
    inner = feature("gene", (50, 250), gene="cor6.6")
    cds = feature("CDS", (50, 250), gene="cor6.6", protein_id="CAA38894.1")
    assert "SEQ_FEAT.UnnecessaryGeneXref" not in codes(run(record(SEQ), outer, inner, cds))


def test_embl_ddbj_detection() -> None:
    def keeps(*ids: str) -> bool:
        feats = [feature("CDS", (1, 9), protein_id=i) for i in ids]
        return keeps_gene_xrefs(RecordContext(record(SEQ), feats))

    assert keeps("CAA38894.1") and keeps("BAA12345") and keeps("emb|X1|")
    assert not keeps("AAA91051.1") and not keeps("NP_051037.1") and not keeps("KAF1903245.1")
    assert not keeps("gnl|db|CAA1")


def test_gene_xref_without_gene() -> None:
    findings = run(
        record(SEQ), feature("gene", (50, 250), gene="abcE"), feature("CDS", (50, 250), gene="abcX")
    )
    hit = only(findings, "SEQ_FEAT.GeneXrefWithoutGene")
    assert hit.message == "Feature has gene locus cross-reference but no equivalent gene feature exists"
    ok = run(record(SEQ), feature("gene", (50, 250), gene="abcE"), feature("CDS", (50, 250), gene="abcE"))
    assert "SEQ_FEAT.GeneXrefWithoutGene" not in codes(ok)


def test_colliding_and_replicated_gene_names() -> None:
    unit = "ATGGCCAAGTTTGGCTAA"
    seq = "C" * 20 + unit + "C" * 40 + "G" * 18 + "C" * 40 + reverse_complement(unit) + "C" * 20
    a = feature("gene", (21, 38), gene="trnX", line=2)
    different = feature("gene", (79, 96), gene="trnX", line=4)  # all G: another sequence
    copy = feature("gene", (154, 137), gene="trnX", line=6)  # the unit again, on the minus strand
    findings = run(record(seq), a, different, copy)
    colliding = [f for f in findings if f.code == "SEQ_FEAT.CollidingGeneNames"]
    assert [f.message for f in colliding] == ["Colliding names in gene features"] * 2
    # each gene is compared with the previous gene of that name (by position): the copy differs from the G run
    assert [f.pos.line for f in colliding if f.pos] == [4, 6]
    assert "SEQ_FEAT.ReplicatedGeneSequence" not in codes(findings)
    replicated = only(run(record(seq), a, copy), "SEQ_FEAT.ReplicatedGeneSequence")
    assert replicated.severity is Severity.INFO
    assert replicated.message == "Colliding names in gene features, but underlying sequences are identical"
    assert codes(run(record(seq), a, feature("gene", (79, 96), gene="trnY"))) == []


def test_cds_mrna_pairing() -> None:
    gene = feature("gene", (100, 600), locus_tag="G_1")
    rb = feature(
        "mRNA", (100, 150), (200, 300), (400, 500), partial5=True, partial3=True, transcript_id="t-RB"
    )
    rc = feature("mRNA", (100, 150), (200, 300), (400, 500), partial3=True, transcript_id="t-RC")
    ra = feature("mRNA", (100, 150), (200, 300), (400, 550), partial3=True, transcript_id="t-RA")
    cds_c = feature("CDS", (250, 300), (400, 500), line=20, partial3=True, transcript_id="t-RC")
    cds_a = feature("CDS", (250, 300), (400, 550), partial3=True, transcript_id="t-RA")
    findings = run(record(SEQ), gene, rb, cds_c, rc, cds_a, ra)
    multiple = only(findings, "SEQ_FEAT.CDSwithMultipleMRNAs")
    assert (multiple.message, multiple.severity) == (
        "CDS overlapped by 2 mRNAs, but product locations are unique",
        Severity.INFO,
    )
    assert multiple.pos is not None and multiple.pos.line == 20
    mismatch = only(findings, "SEQ_FEAT.CDSmRNAmismatch")
    assert mismatch.message == "mRNA count (3) does not match CDS (2) count for gene"


def test_every_fitting_mrna_counts_whatever_its_ids() -> None:
    # Two isoforms, each mRNA naming its own CDS: tbl2asn 25.3 still counts both mRNAs for each CDS, and
    # calls them unique with or without transcript ids.
    t1 = feature("mRNA", (100, 150), (200, 300), transcript_id="t1")
    t2 = feature("mRNA", (120, 150), (200, 300), transcript_id="t2")
    cds1 = feature("CDS", (130, 150), (200, 280), line=10, transcript_id="t1")
    cds2 = feature("CDS", (140, 150), (200, 280), line=20, transcript_id="t2")
    for mrnas in (
        (t1, t2),
        (feature("mRNA", (100, 150), (200, 300)), feature("mRNA", (120, 150), (200, 300))),
    ):
        found = [f for f in run(record(SEQ), *mrnas, cds1, cds2) if f.code == "SEQ_FEAT.CDSwithMultipleMRNAs"]
        assert [(f.pos.line if f.pos else 0, f.severity) for f in found] == [
            (10, Severity.INFO),
            (20, Severity.INFO),
        ]
        assert {f.message for f in found} == {"CDS overlapped by 2 mRNAs, but product locations are unique"}


def test_partial_ends_do_not_matter_and_another_cds_only_fit_is_its_own() -> None:
    # tbl2asn 25.3: an mRNA running past a CDS's partial end still fits it; an mRNA that is the only fit of
    # another CDS is left to that CDS (gag-bdor-demo's three mRNAs around two CDSs).
    cds = feature("CDS", (85, 225), line=6, partial3=True)
    longer = feature("mRNA", (85, 261))
    partial = feature("mRNA", (85, 243), partial3=True)
    assert only(run(record(SEQ), longer, cds, partial), "SEQ_FEAT.CDSwithMultipleMRNAs").message == (
        "CDS overlapped by 2 mRNAs, but product locations are unique"
    )
    own = feature("CDS", (85, 255), line=20)  # fits only the longer mRNA, which is then its own
    assert "SEQ_FEAT.CDSwithMultipleMRNAs" not in codes(run(record(SEQ), longer, cds, partial, own))


def test_cds_with_no_mrna_only_where_mrnas_are_annotated() -> None:
    lone = feature("CDS", (400, 600), line=8)
    other = feature("mRNA", (10, 90))
    hit = only(run(record(SEQ), other, lone), "SEQ_FEAT.CDSwithNoMRNAOverlap")
    assert (hit.message, hit.pos.line if hit.pos else 0) == ("CDS overlapped by 0 mRNAs", 8)
    assert "SEQ_FEAT.CDSwithNoMRNAOverlap" not in codes(run(record(SEQ), lone))


def _operon_codes(*rows: tuple[int, int, str, str]) -> list[tuple[str, int]]:
    feats = [feature(key, (a, b), line=2 + 3 * i, product=p) for i, (a, b, key, p) in enumerate(rows)]
    found = run(record("ACGT" * 150), *feats)
    wanted = {
        "SEQ_FEAT.InconsistentRRNAstrands",
        "SEQ_FEAT.ITSdoesNotAbutRRNA",
        "SEQ_FEAT.BadRRNAcomponentOverlap",
    }
    return sorted((f.code, f.pos.line if f.pos else 0) for f in found if f.code in wanted)


def test_its_must_abut_its_rrna_on_the_same_strand() -> None:
    r18, its1 = "18S ribosomal RNA", "internal transcribed spacer 1"
    assert _operon_codes((1, 100, "rRNA", r18), (101, 150, "misc_RNA", its1)) == []
    assert _operon_codes((1, 100, "rRNA", r18), (110, 150, "misc_RNA", "ITS1")) == [
        ("SEQ_FEAT.ITSdoesNotAbutRRNA", 5)
    ]
    assert _operon_codes((1, 100, "rRNA", r18), (90, 150, "misc_RNA", its1)) == [
        ("SEQ_FEAT.BadRRNAcomponentOverlap", 5)
    ]
    assert _operon_codes((1, 100, "rRNA", r18), (150, 101, "misc_RNA", its1)) == [
        ("SEQ_FEAT.InconsistentRRNAstrands", 5)
    ]
    # rRNA beside rRNA, and ITS beside ITS, are not judged for abutting.
    assert _operon_codes((1, 100, "rRNA", "16S ribosomal RNA"), (300, 200, "rRNA", "23S ribosomal RNA")) == []
    assert (
        _operon_codes((1, 100, "misc_RNA", its1), (120, 200, "misc_RNA", "internal transcribed spacer 2"))
        == []
    )
