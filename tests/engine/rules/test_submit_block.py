"""Submitter-block rules: authors, affiliation, release date, read from a real template file."""

from __future__ import annotations

from pathlib import Path

from gbprep.model.bundle import Bundle
from gbprep.model.diagnostics import Finding, Report, Severity
from gbprep.readers.template import read_template
from gbprep.rules.runner import run_submission_rules, submission_context

from .helpers import codes

TEMPLATE = """Submit-block ::= {{
  contact {{ contact {{ name name {{ last "Darwin", first "Charles" }},
    affil std {{ affil "Oxbridge University", city "Camford", country "United Kingdom",
      email "darwin@beagle.edu.uk" }} }} }},
  cit {{ authors {{ names std {{ {{ name name {{ last "Darwin", first "Charles" }} }} }},
    affil std {{ {affil} }} }} }},
  {hold}
  subtype new
}}
"""
FULL = 'affil "Oxbridge University", city "Camford", country "United Kingdom"'


def _findings(tmp_path: Path, affil: str = FULL, hold: str = "") -> list[Finding]:
    path = tmp_path / "t.sbt"
    path.write_text(TEMPLATE.format(affil=affil, hold=hold))
    template = read_template(path, Report(), name="t.sbt")
    return run_submission_rules(submission_context([], Bundle(fasta=[], template=template)))


def test_complete_template_is_fine(tmp_path: Path) -> None:
    assert _findings(tmp_path) == []


def test_missing_country_is_a_reject_and_city_is_not_required(tmp_path: Path) -> None:
    found = [
        f
        for f in _findings(tmp_path, affil='affil "Oxbridge University"')
        if f.code == "GENERIC.MissingPubInfo"
    ]
    assert [(f.severity, f.message) for f in found] == [
        (Severity.REJECT, "Submission citation affiliation has no country")
    ]
    assert found[0].pos is not None and found[0].pos.file == "t.sbt"


def test_release_date_in_the_past(tmp_path: Path) -> None:
    found = _findings(tmp_path, hold="reldate std { year 2019, month 1, day 1 },")
    assert codes(found) == ["GENERIC.PastReleaseDate"]
    assert found[0].message == "Record release date has already passed (2019-01-01)"
