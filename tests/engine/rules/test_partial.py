"""PartialProblem as tbl2asn 25.3 reports it: where a '<'/'>' end may be, and NOTE versus WARNING."""

from __future__ import annotations

from gbprep.model.diagnostics import Finding, Severity

from .helpers import feature, record, run

CODE = "SEQ_FEAT.PartialProblem"


def seq(*edits: tuple[int, str]) -> str:
    s = list("C" * 400)
    for pos, text in edits:
        s[pos - 1 : pos - 1 + len(text)] = list(text)
    return "".join(s)


BAD = seq((49, "CC"), (301, "AT"))  # no splice site around 51..300
GOOD = seq((49, "AG"), (301, "GT"))  # acceptor before 51, donor after 300


def partials(findings: list[Finding]) -> list[tuple[Severity, str]]:
    return [(f.severity, f.message.removeprefix("PartialLocation: ")) for f in findings if f.code == CODE]


def test_cds_partial_inside_the_sequence_not_at_a_splice_site() -> None:
    findings = run(record(BAD), feature("CDS", (51, 300), line=5, partial5=True, partial3=True))
    assert partials(findings) == [
        (Severity.WARNING, "5' partial is not at start AND is not at consensus splice site"),
        (Severity.WARNING, "3' partial is not at stop AND is not at consensus splice site"),
    ]
    assert all(f.pos is not None and f.pos.line == 5 for f in findings if f.code == CODE)


def test_cds_partial_at_a_splice_site_or_sequence_end_is_fine() -> None:
    assert partials(run(record(GOOD), feature("CDS", (51, 300), partial5=True, partial3=True))) == []
    assert partials(run(record(BAD), feature("CDS", (1, 400), partial5=True, partial3=True))) == []
    # minus strand: the 5' end is the high coordinate
    assert partials(run(record(BAD), feature("CDS", (400, 1), partial5=True, partial3=True))) == []
    ambiguous = seq((49, "NN"), (301, "NN"))  # an N could be the consensus
    assert partials(run(record(ambiguous), feature("CDS", (51, 300), partial5=True, partial3=True))) == []


def test_other_features_warn_or_note_at_a_splice_site() -> None:
    start = "Start does not include first/last residue of sequence"
    stop = "Stop does not include first/last residue of sequence"
    bad = run(record(BAD), feature("misc_feature", (51, 300), partial5=True, partial3=True))
    assert partials(bad) == [(Severity.WARNING, start), (Severity.WARNING, stop)]
    good = run(record(GOOD), feature("mRNA", (51, 300), partial5=True, partial3=True))
    suffix = " (but is at consensus splice site)"
    assert partials(good) == [(Severity.INFO, start + suffix), (Severity.INFO, stop + suffix)]
    gc_donor = run(record(seq((301, "GC"))), feature("gene", (51, 300), partial3=True, gene="x"))
    assert partials(gc_donor) == [(Severity.INFO, stop + suffix)]


def test_gene_and_mrna_ends_shared_with_a_cds_are_not_reported() -> None:
    mrna = feature("mRNA", (51, 300), partial5=True, partial3=True)
    cds = feature("CDS", (51, 300), partial3=True, line=9)  # complete start, still excuses the mRNA's '<'
    assert [m for _s, m in partials(run(record(BAD), mrna, cds))] == [
        "3' partial is not at stop AND is not at consensus splice site"
    ]
    gene = feature("gene", (51, 300), partial5=True, partial3=True, gene="g")
    assert len(partials(run(record(BAD), gene, feature("CDS", (60, 290))))) == 2  # ends differ: reported
    same = feature("mRNA", (51, 300), partial5=True, partial3=True)
    assert partials(run(record(BAD), gene, same)) == []  # gene and mRNA on the same rows


def test_exon_end_shared_with_an_mrna_but_not_other_features() -> None:
    exon = feature("exon", (51, 300), partial5=True, partial3=True)
    mrna = feature("mRNA", (51, 300), partial5=True, partial3=True)
    assert [f.feature for f in run(record(BAD), exon, mrna) if f.code == CODE] == [
        f.feature for f in run(record(BAD), mrna) if f.code == CODE
    ]
    prim = feature("prim_transcript", (51, 300), partial3=True)
    assert len(partials(run(record(BAD), prim, feature("CDS", (51, 300), partial3=True)))) == 2


def test_a_gene_follows_only_a_cds_or_mrna_of_the_same_span() -> None:
    # tbl2asn 25.3 leaves a gene's partial end alone only when a CDS or mRNA spans exactly what it spans; a
    # gene <51..300 around a CDS <51..>280 is reported although both start at 51.
    start = "Start does not include first/last residue of sequence"
    gene = feature("gene", (51, 300), partial5=True, gene="g")
    cds = feature("CDS", (51, 280), partial5=True, partial3=True, line=9)
    assert (Severity.WARNING, start) in partials(run(record(BAD), gene, cds))
    same = feature("CDS", (51, 300), partial5=True, line=9)
    assert (Severity.WARNING, start) not in partials(run(record(BAD), gene, same))


def test_an_mrna_follows_its_cross_referenced_cds_first() -> None:
    # Two CDSs inside one '>' mRNA: the one sharing its transcript_id decides, however they sort.
    mrna = feature("mRNA", (51, 300), partial3=True, transcript_id="t1")
    short = feature("CDS", (60, 280), partial3=True, transcript_id="t2", line=9)
    linked = feature("CDS", (60, 300), partial3=True, transcript_id="t1", line=12)
    mrna_hits = [
        f for f in run(record(GOOD), mrna, short, linked) if f.code == CODE and "mRNA" in (f.feature or "")
    ]
    assert mrna_hits == []
    alone = [f for f in run(record(GOOD), mrna, short) if f.code == CODE and "mRNA" in (f.feature or "")]
    assert (
        len(alone) == 1 and alone[0].severity is Severity.INFO
    )  # the mRNA reaches past it: at a site, a NOTE


def test_cds_at_a_splice_site_depends_on_organism_organelle_and_molecule() -> None:
    cds = feature("CDS", (51, 300), partial3=True)
    stop = "Stop does not include first/last residue of sequence"
    assert partials(run(record(GOOD), cds)) == []  # a eukaryote (or unknown): silent
    bacterium = record(GOOD, organism="Escherichia coli")
    assert partials(run(bacterium, cds)) == [(Severity.INFO, stop + " (but is at consensus splice site)")]
    organelle = record(GOOD, location="mitochondrion")
    assert partials(run(organelle, cds)) == [
        (Severity.INFO, stop + " (organelle does not use standard splice site convention)")
    ]
    mrna_molecule = record(GOOD, moltype="mRNA")
    assert partials(run(mrna_molecule, cds)) == [
        (
            Severity.WARNING,
            stop + " (but is at consensus splice site, but is on an mRNA that is already spliced)",
        )
    ]


def test_cds_end_next_to_an_n_is_not_reported() -> None:
    n_after = seq((301, "NC"))  # not a splice site (N then C cannot be GT or GC), but the next base is an N
    assert partials(run(record(n_after), feature("CDS", (51, 300), partial3=True))) == []


def test_cds_exceptions_that_excuse_a_partial_end_off_a_splice_site() -> None:
    for text in (
        "low-quality sequence region",
        "nonconsensus splice site",
        "heterogeneous population sequenced",
    ):
        cds = feature("CDS", (51, 300), partial3=True, exception=text)
        assert partials(run(record(BAD), cds)) == [], text


def test_a_gene_row_naming_no_gene_is_not_checked() -> None:
    # tbl2asn drops such a gene; a /pseudo one stays (empty) and is checked, a /note one becomes a misc_feature.
    stop = "Stop does not include first/last residue of sequence"
    assert partials(run(record(BAD), feature("gene", (51, 300), partial3=True))) == []
    kept = run(record(BAD), feature("gene", (51, 300), partial3=True, pseudo=""))
    assert partials(kept) == [(Severity.WARNING, stop)]
    noted = run(record(BAD), feature("gene", (51, 300), partial3=True, note="fragment"))
    assert partials(noted) == [(Severity.WARNING, stop)]
