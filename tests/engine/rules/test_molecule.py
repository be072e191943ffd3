"""Molecule-type rules and the [moltype=]/[tech=]/[molecule=] reading (as tbl2asn 25.3 does both)."""

from __future__ import annotations

import pytest

from gbprep.model.diagnostics import Severity
from gbprep.model.molecule import Molecule, biomol_of, molecule_from_values, tech_of

from .helpers import codes, feature, only, record, run

CDS = "ATG" + "GCT" * 40 + "TAA"  # 126 bases, translates cleanly
MINUS = CDS[::-1].translate(str.maketrans("ACGT", "TGCA"))


@pytest.mark.parametrize(
    ("text", "biomol"),
    [
        ("mRNA", "mRNA"),
        ("MRNA", "mRNA"),
        (" mrna ", "mRNA"),
        ("genomic", "genomic"),
        ("genomic DNA", "genomic"),  # the INSDC spelling is not one tbl2asn knows
        ("ncRNA", "genomic"),
        ("non-coding RNA", "ncRNA"),
        ("precursor_RNA", "pre-RNA"),
        ("transcribed-RNA", "transcribed-RNA"),
        ("transfer-messenger rna", "tmRNA"),
        ("tmRNA", "genomic"),
        ("genomic mRNA", "genomic-mRNA"),
        ("other genetic", "other-genetic"),
        ("m RNA", "genomic"),
    ],
)
def test_moltype_values(text: str, biomol: str) -> None:
    assert biomol_of(text) == biomol


def test_tech_values_and_molecule() -> None:
    assert (tech_of("WGS"), tech_of("htgs 3"), tech_of("genemap"), tech_of("foo")) == (
        "wgs",
        "htgs-3",
        None,
        None,
    )
    assert molecule_from_values("rRNA", None, "dna") == Molecule("rRNA", "rna", None)
    assert molecule_from_values("other-genetic", "est", "RNA") == Molecule("other-genetic", "rna", "est")
    assert molecule_from_values(None, None, None) == Molecule("genomic", "dna", None)


def test_mrna_sequence_with_mrna_feature_and_spliced_cds() -> None:
    rec = record(CDS + "A" * 60, moltype="mRNA")
    findings = run(
        rec,
        feature("mRNA", (1, 186), line=2, product="kinase"),
        feature("CDS", (1, 60), (61, 126), line=4, product="kinase"),
        feature("intron", (130, 150), line=7),
    )
    invalid = sorted(f.message for f in findings if f.code == "SEQ_FEAT.InvalidForType")
    assert invalid == [
        "Invalid feature for an mRNA Bioseq.",
        "Multi-interval CDS feature is invalid on an mRNA (cDNA) Bioseq.",
        "mRNA feature is invalid on an mRNA (cDNA) Bioseq.",
    ]
    mrna = next(f for f in findings if f.message.startswith("mRNA feature"))
    assert mrna.severity is Severity.ERROR
    assert mrna.feature == "mRNA: kinase [lcl|s1:1-186] [lcl|s1: raw, rna len= 186]"


def test_ribosomal_slippage_cds_may_be_in_pieces() -> None:
    rec = record(CDS, moltype="mRNA")
    cds = feature("CDS", (1, 60), (60, 126), product="kinase", exception="ribosomal slippage")
    assert "SEQ_FEAT.InvalidForType" not in codes(run(rec, cds))


def test_genomic_sequence_may_have_mrna_features() -> None:
    rec = record(CDS)
    findings = run(
        rec, feature("mRNA", (1, 126), product="kinase"), feature("CDS", (1, 126), product="kinase")
    )
    assert "SEQ_FEAT.InvalidForType" not in codes(findings)


def test_cds_on_minus_strand_of_mrna() -> None:
    hit = only(
        run(record(MINUS, moltype="mRNA"), feature("CDS", (126, 1), product="kinase")),
        "SEQ_FEAT.CDSonMinusStrandMRNA",
    )
    assert hit.message == "CDS should not be on minus strand of mRNA molecule"
    assert hit.feature == "CDS: kinase [lcl|s1:c126-1] [lcl|s1: raw, rna len= 126] -> [lcl|s1_1]"
    assert "SEQ_FEAT.CDSonMinusStrandMRNA" not in codes(
        run(record(MINUS), feature("CDS", (126, 1), product="kinase"))
    )


def test_cds_on_minus_strand_of_tsa_transcript() -> None:
    rec = record(MINUS, moltype="transcribed RNA", tech="tsa")
    hit = only(
        run(rec, feature("CDS", (126, 1), product="kinase")), "SEQ_FEAT.CDSonMinusStrandTranscribedRNA"
    )
    assert (hit.severity, hit.feature) == (Severity.WARNING, "lcl|s1: raw, rna len= 126")


@pytest.mark.parametrize(
    ("mods", "message", "severity"),
    [
        ({"moltype": "mRNA", "tech": "wgs"}, "HTGS/STS/GSS/WGS sequence should be genomic", Severity.ERROR),
        (
            {"molecule": "rna", "tech": "htgs-3"},
            "HTGS/STS/GSS/WGS sequence should not be RNA",
            Severity.ERROR,
        ),
        ({"tech": "est"}, "EST sequence should be mRNA", Severity.WARNING),
        ({"tech": "tsa"}, "TSA sequence should not be DNA", Severity.ERROR),
        ({"moltype": "mRNA", "tech": "sts"}, None, None),  # STSs from cDNA are allowed
        ({"moltype": "mRNA", "tech": "est"}, None, None),
        ({"tech": "wgs"}, None, None),
    ],
)
def test_biomol_conflicts_with_tech(
    mods: dict[str, str], message: str | None, severity: Severity | None
) -> None:
    findings = [f for f in run(record(CDS, **mods)) if f.code == "SEQ_INST.ConflictingBiomolTech"]
    assert [(f.message, f.severity) for f in findings] == ([(message, severity)] if message else [])


def test_molinfo_invalid_for_a_nucleotide() -> None:
    peptide = run(record(CDS, moltype="peptide", tech="concept-trans"))
    assert sorted(f.message for f in peptide if f.code == "SEQ_DESCR.InvalidForType") == [
        "Nucleic acid with Molinfo-biomol = peptide",
        "Nucleic acid with protein sequence method",
    ]
    other = only(run(record(CDS, moltype="other-genetic")), "SEQ_DESCR.InvalidForType")
    assert (other.message, other.severity) == ("Molinfo-biomol = other genetic", Severity.WARNING)


def test_barcode_needs_its_keyword() -> None:
    hit = only(run(record(CDS, tech="barcode")), "SEQ_DESCR.BadKeyword")
    assert (hit.message, hit.severity) == ("Molinfo.tech barcode without BARCODE keyword", Severity.INFO)
    assert "SEQ_DESCR.BadKeyword" not in codes(run(record(CDS, tech="barcode", keyword="BARCODE")))


def test_htgs2_raw_sequence() -> None:
    hit = only(run(record(CDS, tech="htgs-2")), "SEQ_INST.BadHTGSeq")
    assert hit.message == "HTGS 2 raw seq has no gaps and no graphs"
    assert "SEQ_INST.BadHTGSeq" not in codes(run(record(CDS, tech="htgs-3")))


YEAST = "Saccharomyces cerevisiae"


@pytest.mark.parametrize(
    ("mods", "messages"),
    [
        # Each case run through tbl2asn 25.3; its warnings in its order.
        (
            {"organism": YEAST, "origin": "synthetic"},
            ["Molinfo-biomol other should be used if Biosource-location is synthetic"],
        ),
        (
            {"organism": YEAST, "origin": "synthetic", "moltype": "other-genetic"},
            [
                "Molinfo-biomol other should be used if Biosource-location is synthetic",
                "Molinfo-biomol = other genetic",
            ],
        ),
        (
            {"organism": YEAST, "origin": "artificial"},
            [
                "artificial origin should have other-genetic and synthetic construct",
                "artificial origin should have other-genetic",
            ],
        ),
        # An artificial origin makes other-genetic expected: no 'other genetic' warning.
        (
            {"organism": YEAST, "origin": "artificial", "moltype": "other-genetic"},
            ["artificial origin should have other-genetic and synthetic construct"],
        ),
        (
            {"organism": "synthetic construct"},
            [
                "synthetic construct should have other-genetic",
                "synthetic construct should have artificial origin",
            ],
        ),
        (
            {"organism": "synthetic construct", "moltype": "other-genetic"},
            ["Molinfo-biomol = other genetic", "synthetic construct should have artificial origin"],
        ),
        ({"organism": "synthetic construct", "origin": "artificial", "moltype": "other-genetic"}, []),
        (
            {"organism": "Synthetic Construct", "origin": "artificial"},
            ["synthetic construct should have other-genetic", "artificial origin should have other-genetic"],
        ),
        ({"organism": YEAST, "origin": "mutant"}, []),
        ({"organism": YEAST, "origin": "natural mutant"}, []),
        ({"organism": YEAST, "origin": "mut"}, []),  # not a value tbl2asn reads
    ],
)
def test_engineered_sequences(mods: dict[str, str], messages: list[str]) -> None:
    findings = [f for f in run(record(CDS, **mods)) if f.code == "SEQ_DESCR.InvalidForType"]
    assert [f.message for f in findings] == messages
    assert {f.severity for f in findings} <= {Severity.WARNING}


def test_the_synthetic_origin_is_told_on_the_biosource() -> None:
    hit = only(run(record(CDS, organism=YEAST, origin="synthetic")), "SEQ_DESCR.InvalidForType")
    assert hit.feature == f"BioSrc: {YEAST} BIOSEQ: lcl|s1"
