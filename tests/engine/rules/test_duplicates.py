"""Duplicate features: same key and rows, same (FeatContentDup) or different (DuplicateFeat) label."""

from __future__ import annotations

from gbprep.model.diagnostics import Severity

from .helpers import codes, feature, only, record, run

SEQ = "ACGT" * 100


def test_same_rows_same_product_is_a_content_duplicate_on_the_later_row() -> None:
    first = feature("mRNA", (51, 100), (201, 300), line=2, partial5=True, product="villin")
    second = feature("mRNA", (51, 100), (201, 300), line=8, product="villin", transcript_id="t2")
    hit = only(run(record(SEQ), first, second), "SEQ_FEAT.FeatContentDup")
    assert (hit.message, hit.severity) == ("Duplicate feature", Severity.WARNING)
    assert hit.pos is not None and hit.pos.line == 8


def test_same_rows_other_label() -> None:
    a = feature("misc_feature", (51, 300), note="x")
    b = feature("misc_feature", (51, 300), line=9, note="y")
    hit = only(run(record(SEQ), a, b), "SEQ_FEAT.DuplicateFeat")
    assert hit.message == "Features have identical intervals, but labels differ"


def test_isoform_cdss_on_the_same_rows_are_duplicates_whatever_their_protein_ids() -> None:
    # As tbl2asn 25.3 reports two isoforms whose mRNAs differ only in their UTRs.
    a = feature("CDS", (51, 98), product="p", protein_id="gnl|x|1")
    b = feature("CDS", (51, 98), line=9, product="p", protein_id="gnl|x|2")
    hit = only(run(record(SEQ), a, b), "SEQ_FEAT.FeatContentDup")
    assert hit.pos is not None and hit.pos.line == 9
    other = feature("CDS", (51, 98), line=9, product="q", protein_id="gnl|x|2")
    assert only(run(record(SEQ), a, other), "SEQ_FEAT.DuplicateFeat").pos.line == 9  # type: ignore[union-attr]


def test_not_duplicates() -> None:
    c = feature("misc_feature", (51, 299), note="x")  # other rows
    d = feature("variation", (60, 60), note="allele a")
    e = feature("variation", (60, 60), note="allele b")  # alleles at one site
    found = codes(run(record(SEQ), c, feature("misc_feature", (51, 300), note="x"), d, e))
    assert "SEQ_FEAT.FeatContentDup" not in found and "SEQ_FEAT.DuplicateFeat" not in found
