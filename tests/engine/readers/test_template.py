"""Submission templates (.sbt): mapping into the model, schema-shape findings, and non-templates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gbprep.model.asntree import descend
from gbprep.model.bundle import Template
from gbprep.model.diagnostics import Report, Severity
from gbprep.model.records import Affiliation, Author
from gbprep.readers.template import read_template
from tests.shared_data import CORPUS, requires_corpus

GOOD = """Submit-block ::= {
  contact {
    contact {
      name name { last "Darwin", first "Charles", initials "C.R." },
      affil std {
        affil "Oxbridge University",
        div "Evolutionary Biology Department",
        city "Camford",
        country "United Kingdom",
        email "darwin@beagle.edu.uk",
        postal-code "OX1 2BH"
      }
    }
  },
  cit {
    authors {
      names std {
        { name name { last "Darwin", first "Charles", initials "C.R." } },
        { name name { last "Wallace", first "Alfred", initials "A.R.", suffix "Jr." } }
      },
      affil std { affil "Oxbridge University", city "Camford", country "United Kingdom" }
    }
  },
  reldate std { year 2031, month 6, day 15 },
  subtype new
}
"""


def read(tmp_path: Path, text: str, name: str = "t.sbt") -> tuple[Template, Report]:
    path = tmp_path / name
    path.write_text(text)
    report = Report()
    return read_template(path, report), report


def codes(report: Report) -> list[tuple[str, int, int | None]]:
    return [(f.code, f.pos.line if f.pos else 0, f.pos.column if f.pos else None) for f in report]


def test_submit_block_maps_into_the_model(tmp_path: Path) -> None:
    template, report = read(tmp_path, GOOD)
    assert not report.findings, [f.render() for f in report]
    block = template.submit_block
    assert block is not None
    assert block.contact == Author(last="Darwin", first="Charles", initials="C.R.")
    assert block.contact_email == "darwin@beagle.edu.uk"
    assert block.authors == [
        Author(last="Darwin", first="Charles", initials="C.R."),
        Author(last="Wallace", first="Alfred", initials="A.R.", suffix="Jr."),
    ]
    # The citation's affiliation is the one that is published, so it wins over the contact's.
    assert block.affiliation == Affiliation(
        affil="Oxbridge University", city="Camford", country="United Kingdom"
    )
    assert block.hold_until == (2031, 6, 15)
    assert (block.pos.line, block.pos.column) == (1, 1)
    assert block.raw is not None
    country = descend(block.raw, "cit", "authors", "affil", "std", "country")
    assert country is not None
    assert (country.pos.line, country.pos.column) == (21, 64)  # positions stay available for the validator
    assert template.descriptors == []


def test_descriptors_pub_comment_user_and_structured_comment(tmp_path: Path) -> None:
    text = (
        GOOD
        + """Seqdesc ::= pub { pub { gen { cit "unpublished", title "A genome of note" } } }
Seqdesc ::= comment "Annotated with care."
Seqdesc ::= user {
  type str "StructuredComment",
  data {
    { label str "StructuredCommentPrefix", data str "##Genome-Assembly-Data-START##" },
    { label str "Assembly Method", data str "SPAdes v. 3.15" },
    { label str "Genome Coverage", data str "80x" },
    { label str "StructuredCommentSuffix", data str "##Genome-Assembly-Data-END##" }
  }
}
Seqdesc ::= user {
  type str "DBLink",
  data {
    { label str "BioProject", num 1, data strs { "PRJNA1" } },
    { label str "Sequence Read Archive", num 2, data strs { "SRR1", "SRR2" } },
    { label id 7, data int 42 }
  }
}
"""
    )
    template, report = read(tmp_path, text)
    assert not report.findings, [f.render() for f in report]
    kinds = [(d.kind, d.text, d.pos.line, d.seq_id) for d in template.descriptors]
    assert kinds == [
        ("pub", "A genome of note", 27, None),
        ("comment", "Annotated with care.", 28, None),
        ("user", "StructuredComment", 29, None),
        ("user", "DBLink", 38, None),
    ]
    assert template.descriptors[2].fields == [
        ("StructuredCommentPrefix", "##Genome-Assembly-Data-START##"),
        ("Assembly Method", "SPAdes v. 3.15"),
        ("Genome Coverage", "80x"),
        ("StructuredCommentSuffix", "##Genome-Assembly-Data-END##"),
    ]
    assert template.descriptors[3].fields == [
        ("BioProject", "PRJNA1"),
        ("Sequence Read Archive", "SRR1, SRR2"),
        ("7", "42"),
    ]
    assert all(d.raw is not None for d in template.descriptors)
    assert template.submit_block is not None
    assert template.submit_block.title == "A genome of note"


def test_other_person_and_affiliation_forms(tmp_path: Path) -> None:
    text = """Submit-block ::= {
  contact { contact { name name { last "Smith" } }, email "old@style.org" },
  cit {
    authors {
      names ml { "Darwin CR", "Wallace AR" },
      affil str "Oxbridge University, Camford, UK"
    }
  },
  hup TRUE
}
"""
    template, report = read(tmp_path, text)
    assert not report.findings, [f.render() for f in report]
    block = template.submit_block
    assert block is not None
    assert block.contact_email == "old@style.org"
    assert block.authors == [Author(last="Darwin", initials="CR"), Author(last="Wallace", initials="AR")]
    assert block.affiliation == Affiliation(affil="Oxbridge University, Camford, UK")
    assert block.hold_until is None


# -- shape against the NCBI schema: what makes tbl2asn refuse a template ---------------------------------------


def test_misspelt_field_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    text = GOOD.replace('postal-code "OX1 2BH"', 'postal_code "OX1 2BH"')
    template, report = read(tmp_path, text)
    assert codes(report) == [("TPL.UnknownField", 11, 9)]
    finding = report.findings[0]
    assert finding.severity == Severity.ERROR
    assert "Did you mean 'postal-code'?" in finding.message
    assert "Submit-block.contact.contact.affil.std" in finding.message
    assert template.submit_block is not None  # still mapped, so later rules can run


def test_unknown_choice_alternative(tmp_path: Path) -> None:
    text = GOOD.replace("affil std {\n        affil", "affil stdd {\n        affil")
    _, report = read(tmp_path, text)
    assert [c[0] for c in codes(report)] == ["TPL.UnknownField"]
    assert "Did you mean 'std'?" in report.findings[0].message


@pytest.mark.parametrize(
    ("old", "new", "line", "column", "words"),
    [
        pytest.param(
            'last "Darwin", first "Charles"', 'last 1859, first "Charles"', 4, 19, "a quoted string"
        ),
        pytest.param("subtype new", 'subtype "new"', 25, 3, "a bare name"),
        pytest.param("year 2031", 'year "2031"', 24, 17, "a number"),
        pytest.param(
            '{ name name { last "Darwin", first "Charles", initials "C.R." } },',
            'name name { last "Darwin", first "Charles", initials "C.R." },',
            18,
            9,
            "an item of the list",
        ),
        pytest.param(
            'affil std { affil "Oxbridge University", city',
            'affil { "Oxbridge University", city',
            21,
            7,
            "one of 'str', 'std'",
        ),
    ],
)
def test_wrong_shape(tmp_path: Path, old: str, new: str, line: int, column: int, words: str) -> None:
    assert old in GOOD
    _, report = read(tmp_path, GOOD.replace(old, new, 1))
    found = codes(report)
    assert found and found[0] == ("TPL.WrongShape", line, column), [f.render() for f in report]
    assert words in report.findings[0].message


def test_duplicate_field(tmp_path: Path) -> None:
    _, report = read(tmp_path, GOOD.replace('city "Camford",', 'city "Camford",\n        city "Oxford",', 1))
    assert codes(report) == [("TPL.DuplicateField", 9, 9)]
    assert "first at line 8" in report.findings[0].message


# -- not a template / incomplete templates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (">contig1 [organism=Homo sapiens]\nACGT\n", "a FASTA file"),
        (">Feature contig1\n1\t100\tgene\n", "a feature table"),
        ("LOCUS       AB000001   100 bp    DNA\n", "a GenBank flatfile"),
        ("##gff-version 3\n", "a GFF3 file"),
        ("Sequence_ID\torganism\n", "a tab-delimited table"),
        ("Dear NCBI, here is my genome.\n", "plain text"),
    ],
)
def test_not_asn1(tmp_path: Path, text: str, words: str) -> None:
    template, report = read(tmp_path, text)
    assert [f.code for f in report] == ["TPL.NotAsn1"]
    assert words in report.findings[0].message
    assert template.submit_block is None
    assert template.descriptors == []


def test_no_submit_block(tmp_path: Path) -> None:
    template, report = read(tmp_path, 'Seqdesc ::= comment "only this"\n')
    assert codes(report) == [("TPL.NoSubmitBlock", 1, None)]
    assert "it holds Seqdesc" in report.findings[0].message
    assert [d.text for d in template.descriptors] == ["only this"]


def test_blank_and_empty_files(tmp_path: Path) -> None:
    _, report = read(tmp_path, "\n  \n-- only a comment\n")
    assert [f.code for f in report] == ["TPL.NoSubmitBlock"]
    _, report = read(tmp_path, "")
    assert [f.code for f in report] == ["READ.EmptyFile"]


def test_second_submit_block_and_foreign_types(tmp_path: Path) -> None:
    template, report = read(tmp_path, GOOD + GOOD.replace("Darwin", "Other") + "Bioseq-set ::= { }\n")
    assert [f.code for f in report] == ["TPL.ExtraSubmitBlock", "TPL.UnexpectedType"]
    assert template.submit_block is not None
    assert template.submit_block.contact is not None
    assert template.submit_block.contact.last == "Darwin"


def test_syntax_error_is_reported_and_the_rest_still_read(tmp_path: Path) -> None:
    text = GOOD.replace('city "Camford",\n        country', 'city "Camford"\n        country', 1)
    template, report = read(tmp_path, text + 'Seqdesc ::= comment "after"\n')
    assert codes(report) == [("ASN.SyntaxError", 9, 9)]
    assert template.submit_block is not None
    assert template.submit_block.contact_email == "darwin@beagle.edu.uk"
    assert [d.text for d in template.descriptors] == ["after"]


def test_wrongly_capitalised_type_name(tmp_path: Path) -> None:
    _, report = read(tmp_path, GOOD.replace("Submit-block", "submit-block"))
    assert [f.code for f in report] == ["ASN.SyntaxError", "TPL.NoSubmitBlock"]
    assert "capital letter" in report.findings[0].message


def test_seq_descr_set_is_accepted(tmp_path: Path) -> None:
    template, report = read(tmp_path, GOOD + 'Seq-descr ::= { comment "one", title "two" }\n')
    assert not report.findings
    assert [(d.kind, d.text) for d in template.descriptors] == [("comment", "one"), ("title", "two")]


# -- corpus ------------------------------------------------------------------------------------------------------

SBT_FILES = sorted(CORPUS.glob("**/*.sbt")) if CORPUS.is_dir() else []


@requires_corpus
@pytest.mark.corpus
@pytest.mark.parametrize("path", SBT_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_every_corpus_template_reads_without_errors(path: Path) -> None:
    report = Report()
    template = read_template(path, report)
    assert not report.has_errors, [f.render() for f in report]
    assert not report.findings
    block = template.submit_block
    assert block is not None
    assert block.contact is not None
    assert block.contact.last
    assert "@" in block.contact_email
    assert block.authors
    assert block.affiliation is not None
    assert block.affiliation.country
    assert template.descriptors
    assert template.descriptors[0].kind == "pub"


@requires_corpus
@pytest.mark.corpus
def test_default_template_details() -> None:
    report = Report()
    template = read_template(CORPUS / "templates" / "default.sbt", report)
    block = template.submit_block
    assert block is not None
    assert block.authors == [Author(last="Darwin", first="Charles", initials="C.R.")]
    assert block.affiliation == Affiliation(
        affil="Oxbridge University",
        div="Evolutionary Biology Department",
        city="Camford",
        country="United Kingdom",
        street="1859 Tennis Court Lane",
        postal_code="OX1 2BH",
    )
    assert [(d.kind, d.pos.line) for d in template.descriptors] == [("pub", 50), ("user", 122), ("user", 131)]
    assert template.descriptors[1].fields == [("AdditionalComment", "ALT EMAIL:darwin@beagle.edu.uk")]


@requires_corpus
@pytest.mark.corpus
def test_gag_template_dblink() -> None:
    template = read_template(CORPUS / "gag-bdor-demo" / "input" / "gag.sbt", Report())
    dblink = [d for d in template.descriptors if d.text == "DBLink"]
    assert dblink[0].fields == [("BioProject", "PRJNA208413"), ("BioSample", "SAMN02203716")]


@requires_corpus
@pytest.mark.corpus
def test_a_finished_sqn_given_as_template(tmp_path: Path) -> None:
    report = Report()
    template = read_template(CORPUS / "debian-sc16" / "expected" / "Sc_16.sqn", report)
    assert [f.code for f in report] == ["TPL.SeqSubmitAsTemplate"]
    assert report.findings[0].severity == Severity.WARNING
    assert template.submit_block is not None
    assert template.submit_block.contact is not None
    assert template.submit_block.contact.last == "Darwin"


# -- never raises ------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300))
def test_never_raises_on_arbitrary_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.sbt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    read_template(path, Report())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(min_value=0, max_value=len(GOOD)),
    junk=st.sampled_from(["", "{", "}", ",", '"', "name ", "std { ", "1", "::="]),
)
def test_never_raises_on_damaged_templates(tmp_path: Path, cut: int, junk: str) -> None:
    path = tmp_path / "x.sbt"
    path.write_text(GOOD[:cut] + junk + GOOD[cut:])
    read_template(path, Report())
