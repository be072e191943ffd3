"""The splicing family: each code on its own small input, with tbl2asn 25.3's message and severity."""

from __future__ import annotations

from gbprep.model.diagnostics import Finding, Severity, SourcePos
from gbprep.model.records import SourceModifier

from .helpers import codes, feature, only, record, run

BACKGROUND = "C" * 400  # no GT/AG anywhere unless a test writes one


def seq(*edits: tuple[int, str]) -> str:
    """The background with bases written at 1-based positions."""
    s = list(BACKGROUND)
    for pos, text in edits:
        s[pos - 1 : pos - 1 + len(text)] = list(text)
    return "".join(s)


SPLICED = (101, "GT"), (199, "AG")  # an intron 101-200 between exons 51-100 and 201-300


def splice_codes(findings: list[Finding]) -> list[str]:
    return [c for c in codes(findings) if "Splice" in c]


def test_consensus_sites_are_silent() -> None:
    assert splice_codes(run(record(seq(*SPLICED)), feature("mRNA", (51, 100), (201, 300)))) == []


def test_bad_donor_and_acceptor_point_at_the_feature_row() -> None:
    findings = run(record(seq((101, "AT"), (199, "CC"))), feature("mRNA", (51, 100), (201, 300), line=9))
    donor = only(findings, "SEQ_FEAT.NotSpliceConsensusDonor")
    acceptor = only(findings, "SEQ_FEAT.NotSpliceConsensusAcceptor")
    assert (
        donor.message == "Splice donor consensus (GT) not found after exon ending at position 100 of lcl|s1"
    )
    assert acceptor.message == (
        "Splice acceptor consensus (AG) not found before exon starting at position 201 of lcl|s1"
    )
    assert donor.severity is acceptor.severity is Severity.WARNING
    assert donor.pos is not None and donor.pos.line == 9


def test_gc_donor_is_a_note_except_in_model_plants() -> None:
    gc = seq((101, "GC"), (199, "AG"))
    rows = (51, 100), (201, 300)
    hit = only(run(record(gc, topology="linear"), feature("CDS", *rows)), "SEQ_FEAT.RareSpliceConsensusDonor")
    assert hit.severity is Severity.INFO
    assert hit.message.startswith(
        "Rare splice donor consensus (GC) found instead of (GT) after exon ending at"
    )
    for name in ("Arabidopsis thaliana", "oryza sativa (japonica cultivar-group)"):  # names match case-blind
        plant = record(gc, organism=name)
        assert splice_codes(run(plant, feature("CDS", (51, 100), (201, 300)))) == [], name
    yeast = record(gc, organism="Saccharomyces cerevisiae")  # a eukaryote tbl2asn knows, but no plant
    assert splice_codes(run(yeast, feature("CDS", (51, 100), (201, 300)))) == [
        "SEQ_FEAT.RareSpliceConsensusDonor"
    ]


def test_gc_donor_is_silent_when_tbl2asn_knows_nothing_of_the_organism() -> None:
    # No defline modifier, no -j and no OrgMod: tbl2asn's BioSource has no OrgName, so no NOTE (even with the
    # organism named in a .src table); an OrgMod such as strain in the .src is enough to give it one.
    gc = seq((101, "GC"), (199, "AG"))
    rows = (51, 100), (201, 300)
    assert splice_codes(run(record(gc), feature("CDS", *rows))) == []
    src = SourcePos("t.src", 2)
    only_src = record(gc)
    only_src.modifiers = [SourceModifier("organism", "Homo sapiens", src)]
    assert splice_codes(run(only_src, feature("CDS", *rows))) == []
    only_src.modifiers.append(SourceModifier("strain", "A1", src))
    assert splice_codes(run(only_src, feature("CDS", *rows))) == ["SEQ_FEAT.RareSpliceConsensusDonor"]


def test_organelle_splicing_is_not_judged_and_ambiguous_bases_agree() -> None:
    bad = seq((101, "AT"), (199, "CC"))
    rows = (51, 100), (201, 300)
    assert splice_codes(run(record(bad, location="mitochondrion"), feature("CDS", *rows))) == []
    assert splice_codes(run(record(bad, location="chloroplast"), feature("mRNA", *rows))) == []
    # R (A or G) could be G but never T: a donor reading RR is reported, RT agrees
    assert splice_codes(run(record(seq((101, "RR"), (199, "AG"))), feature("CDS", *rows))) == [
        "SEQ_FEAT.NotSpliceConsensusDonor"
    ]
    assert splice_codes(run(record(seq((101, "RT"), (199, "AG"))), feature("CDS", *rows))) == []


def test_mrna_partial_end_is_checked_even_where_its_complete_cds_ends() -> None:
    # tbl2asn 25.3 (corpus gbk/atha-cor6_6-set) judges the donor after an mRNA's '>' end that is also the end
    # of its complete CDS; later C toolkits skip it.
    bad_ends = seq((49, "CC"), (101, "GT"), (199, "AG"), (301, "AT"))
    mrna = feature("mRNA", (51, 100), (201, 300), partial5=True, partial3=True)
    cds = feature("CDS", (51, 100), (201, 300), line=9)
    assert splice_codes(run(record(bad_ends), mrna, cds)) == [
        "SEQ_FEAT.NotSpliceConsensusAcceptor",
        "SEQ_FEAT.NotSpliceConsensusDonor",
    ]


def test_minus_strand_reads_the_reverse_complement() -> None:
    # exon c300-201 then c100-51: donor is the complement of 200,199; acceptor of 102,101
    findings = run(
        record(seq((199, "GC"), (101, "AT")), topology="linear"), feature("CDS", (300, 201), (100, 51))
    )
    assert "ending at position 201" in only(findings, "SEQ_FEAT.RareSpliceConsensusDonor").message
    assert "starting at position 100" in only(findings, "SEQ_FEAT.NotSpliceConsensusAcceptor").message
    good = seq((199, "AC"), (101, "CT"))  # reverse complements of GT and AG
    assert splice_codes(run(record(good), feature("CDS", (300, 201), (100, 51)))) == []


def test_partial_ends_check_the_outer_sites_single_rows_are_not_checked() -> None:
    bad_ends = seq((49, "CC"), (101, "GT"), (199, "AG"), (301, "AT"))
    findings = run(record(bad_ends), feature("mRNA", (51, 100), (201, 300), partial5=True, partial3=True))
    assert (
        "before exon starting at position 51" in only(findings, "SEQ_FEAT.NotSpliceConsensusAcceptor").message
    )
    assert "after exon ending at position 300" in only(findings, "SEQ_FEAT.NotSpliceConsensusDonor").message
    single = run(record(bad_ends), feature("mRNA", (51, 300), partial5=True, partial3=True))
    assert splice_codes(single) == []


def test_bypasses_pseudo_ambiguous_and_two_strand_locations() -> None:
    bad = seq((101, "AT"), (199, "CC"))
    rows = (51, 100), (201, 300)
    assert splice_codes(run(record(bad), feature("CDS", *rows, exception="ribosomal slippage"))) == []
    assert splice_codes(run(record(bad), feature("CDS", *rows, exception="nonconsensus splice site"))) == []
    assert splice_codes(run(record(bad), feature("CDS", *rows, pseudo=""))) == []
    pseudo_gene = feature("gene", (40, 310), gene="abc", pseudo="")
    assert splice_codes(run(record(bad), pseudo_gene, feature("CDS", *rows, gene="abc"))) == []
    other_gene = feature("gene", (40, 310), gene="xyz", pseudo="")
    assert len(splice_codes(run(record(bad), other_gene, feature("CDS", *rows, gene="abc")))) == 2
    assert splice_codes(run(record(seq((101, "NT"), (199, "AN"))), feature("CDS", *rows))) == []
    assert splice_codes(run(record(bad), feature("CDS", (100, 51), (201, 300)))) == []
    # trans-splicing is not a bypass in tbl2asn 25.3
    assert len(splice_codes(run(record(bad), feature("CDS", *rows, exception="trans-splicing")))) == 2


def test_one_base_row_takes_the_feature_strand() -> None:
    # CDS 150 (one base) then c120-51 on the minus strand: the donor after 150 is the complement of 149,148
    findings = run(record(seq((148, "AC"), (121, "CT"))), feature("CDS", (150, 150), (120, 51)))
    assert splice_codes(findings) == []
    bad = only(
        run(record(BACKGROUND), feature("CDS", (150, 150), (120, 51))), "SEQ_FEAT.NotSpliceConsensusDonor"
    )
    assert "[(lcl|s1:c150-150, c120-51)]" in (bad.feature or "")  # and is printed as a minus row


def test_intron_features_are_checked_at_their_ends_without_rare_note() -> None:
    findings = run(record(seq((101, "GC"), (199, "CC"))), feature("intron", (101, 200), number="1"))
    assert splice_codes(findings) == ["SEQ_FEAT.NotSpliceConsensusAcceptor"]
    hit = only(findings, "SEQ_FEAT.NotSpliceConsensusAcceptor")
    assert hit.message == "Splice acceptor consensus (AG) not found at end of intron, position 200 of lcl|s1"
    donor = only(
        run(record(seq((101, "AT"), (199, "AG"))), feature("intron", (101, 200))),
        "SEQ_FEAT.NotSpliceConsensusDonor",
    )
    assert donor.message == "Splice donor consensus (GT) not found at start of intron, position 101 of lcl|s1"


def test_short_internal_exon_is_at_most_15_bases_in_a_cds() -> None:
    def short(rows: tuple[tuple[int, int], ...], key: str = "CDS", exception: str = "") -> bool:
        cds = feature(key, *rows, exception=exception) if exception else feature(key, *rows)
        return "SEQ_FEAT.ShortExon" in codes(run(record(seq(*SPLICED)), cds))

    assert short(((51, 100), (200, 214), (300, 350)))
    assert not short(((51, 100), (200, 215), (300, 350)))
    assert not short(((51, 100), (200, 214), (300, 350)), key="mRNA")
    assert short(((51, 100), (200, 210), (300, 350)), exception="ribosomal slippage")
    # pseudo or not (tbl2asn 25.3 reports a /pseudo CDS and one in a /pseudo gene alike)
    pseudo = feature("CDS", (51, 100), (200, 210), (300, 350), pseudo="")
    assert "SEQ_FEAT.ShortExon" in codes(run(record(seq(*SPLICED)), pseudo))
    two = only(
        run(record(BACKGROUND), feature("CDS", (51, 100), (200, 210), (230, 240), (300, 350))),
        "SEQ_FEAT.ShortExon",
    )
    assert two.message == "Coding region has multiple internal exons that are too short"
    hit = only(
        run(record(BACKGROUND), feature("CDS", (51, 100), (200, 214), (300, 350), line=4)),
        "SEQ_FEAT.ShortExon",
    )
    assert (hit.message, hit.severity) == ("Internal coding region exon is too short", Severity.WARNING)


def test_short_intron_under_10_bases_in_a_cds_only() -> None:
    def short(rows: tuple[tuple[int, int], ...], key: str = "CDS") -> bool:
        return "SEQ_FEAT.ShortIntron" in codes(run(record(BACKGROUND), feature(key, *rows)))

    assert short(((51, 100), (106, 300)))
    assert not short(((51, 100), (111, 300)))  # a 10-base intron is fine
    assert not short(((51, 100), (106, 300)), key="mRNA")
    assert not short(((101, 108),), key="intron")
