"""The GenBank flatfile writer: layout rules, and handmade Seq-submits rendered as asn2gb renders them."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gbprep.model.diagnostics import Report
from gbprep.model.records import AsnNode
from gbprep.readers.asn1text import parse_asn1_text, read_asn1
from gbprep.writers.genbank import (
    first_difference,
    flatfile_diff,
    genbank_records,
    mask_dates,
    render_genbank,
)
from gbprep.writers.genbank.locations import Location, Span, format_location
from gbprep.writers.genbank.refs import format_affil, format_authors
from gbprep.writers.genbank.wrap import WIDTH, feature_location, qualifier

DATA = Path(__file__).parent / "data" / "genbank"
HANDMADE = sorted(DATA.glob("*.sqn"))


def _tree(text: str) -> AsnNode:
    report = Report()
    nodes = parse_asn1_text(text, report)
    assert not report.findings, [f.message for f in report]
    return nodes[0]


def _render(path: Path) -> str:
    out = io.StringIO()
    render_genbank(read_asn1(path, Report())[0], out)
    return out.getvalue()


@pytest.mark.parametrize("sqn", HANDMADE, ids=lambda p: p.stem)
def test_it_renders_handmade_submissions_as_asn2gb_did(sqn: Path) -> None:
    expected = sqn.with_suffix(".gbf").read_text()
    ours = _render(sqn)
    assert first_difference(expected, ours) is None, flatfile_diff(expected, ours)


@pytest.mark.skipif(shutil.which("asn2gb") is None, reason="asn2gb (Debian ncbi-tools-bin) is not installed")
@pytest.mark.parametrize("sqn", HANDMADE, ids=lambda p: p.stem)
def test_the_handmade_expectations_are_still_what_asn2gb_writes(sqn: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.gbf"
    subprocess.run(["asn2gb", "-i", str(sqn), "-a", "m", "-m", "e", "-o", str(out)], check=True, timeout=60)
    assert mask_dates(out.read_text()) == mask_dates(sqn.with_suffix(".gbf").read_text())


def test_it_yields_one_record_per_nucleotide_sequence() -> None:
    sqn = DATA / "chloroplast-pseudo.sqn"
    records = list(genbank_records(read_asn1(sqn, Report())[0]))
    assert len(records) == 1  # the protein Bioseq of the nuc-prot set is not a record of its own
    assert records[0].startswith("LOCUS       chr5 ")
    assert records[0].endswith("//\n")


def test_it_refuses_a_mode_it_does_not_know() -> None:
    sqn = DATA / "chloroplast-pseudo.sqn"
    with pytest.raises(ValueError, match="unsupported flatfile mode"):
        list(genbank_records(read_asn1(sqn, Report())[0], mode="release"))


def test_it_writes_locations_as_genbank_does() -> None:
    def span(a: int, b: int, minus: bool = False, **fuzz: bool) -> Span:
        return Span("lcl|x", a, b, minus, **fuzz)

    assert format_location(Location([span(0, 9)])) == "1..10"
    assert format_location(Location([span(4, 4)])) == "5"
    assert format_location(Location([span(4, 4, between=True, point=True)])) == "5^6"
    assert format_location(Location([span(0, 9, True, lt=True)])) == "complement(<1..10)"
    # All parts on the minus strand: one complement around the join, parts ascending.
    loc = Location([span(50, 60, True), span(10, 20, True, lt=True)])
    assert format_location(loc) == "complement(join(<11..21,51..61))"
    mixed = Location([span(10, 20, True), span(50, 60, gt=True)])
    assert format_location(mixed) == "join(complement(11..21),51..>61)"
    assert format_location(Location([span(0, 2), span(9, 11)], order=True)) == "order(1..3,10..12)"


def test_it_breaks_long_locations_after_a_comma() -> None:
    parts = ",".join(f"{n * 1000 + 1}..{n * 1000 + 500}" for n in range(1, 12))
    lines = feature_location("mRNA", f"join({parts})")
    assert lines[0].startswith("     mRNA            join(1001..1500,")
    assert all(len(line) <= WIDTH for line in lines)
    assert all(line.endswith(",") for line in lines[:-1])
    assert "".join(line[21:] for line in lines) == f"join({parts})"


def test_a_translation_fills_its_lines_and_breaks_after_a_leading_hyphen() -> None:
    lines = qualifier('/translation="' + "M" * 120 + '"')
    # 14 characters of name, 120 residues and a quote: 58 per line, the last one holds the rest.
    assert [len(line) for line in lines] == [79, 79, 21 + 135 - 58 - 58]
    # A protein starting with a gap has a hyphen to break at before any blank.
    assert qualifier('/translation="-' + "A" * 70 + '"')[0] == " " * 21 + '/translation="-'


@given(st.lists(st.text(alphabet="abcdefgh-,", min_size=1, max_size=30), min_size=1, max_size=40))
def test_wrapped_qualifiers_stay_within_79_columns_and_keep_every_character(words: list[str]) -> None:
    text = "/note=" + " ".join(words)
    lines = qualifier(text)
    assert all(len(line) <= WIDTH for line in lines)
    assert all(line.startswith(" " * 21) for line in lines)
    # Breaking drops only the blanks it breaks at.
    assert "".join(line[21:] for line in lines).replace(" ", "") == text.replace(" ", "")


def test_it_names_authors_and_affiliations_as_the_flatfile_does() -> None:
    authors = _tree(
        """Auth-list ::= {
          names std {
            { name name { last "Palmer" , first "Jonathan" , initials "M." } } ,
            { name name { last "Darwin" , first "Charles" , initials "C.R." } } ,
            { name name { last "clark" , first "karen" , initials "k" } } } }"""
    )
    assert format_authors(authors) == "Palmer,J.M., Darwin,C.R. and clark,k."
    affil = _tree(
        """Affil ::= std { affil "USDA-ARS PBARC" , city "Hilo" , sub "HI" , country "USA" ,
            street "64 Nowelo St" , postal-code "96720" }"""
    )
    assert format_affil(affil) == "USDA-ARS PBARC, 64 Nowelo St, Hilo, HI 96720, USA"


def test_a_submission_without_features_or_organism_still_renders() -> None:
    text = """Seq-submit ::= {
      sub { contact { } , cit { authors { names std { } } , date std { year 2024 , month 3 , day 5 } } } ,
      data entrys {
        seq { id { local str "c1" } , inst { repr raw , mol dna , length 12 ,
              seq-data iupacna "ACGTNNACGTAC" } } } }"""
    record = next(genbank_records(_tree(text)))
    assert record.splitlines()[:2] == [
        "LOCUS       c1                        12 bp    DNA     linear       05-MAR-2024",
        "DEFINITION  .",
    ]
    assert "  ORGANISM  Unknown.\n            Unclassified.\n" in record
    assert '                     /organism="unknown"\n' in record
    assert "        1 acgtnnacgt ac\n//\n" in record
