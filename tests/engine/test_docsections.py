"""The docstring sections both registries (validator rules, discrepancy tests) read their texts from."""

from __future__ import annotations

from gbprep.discrepancy import TESTS  # the package registers every discrepancy test
from gbprep.model.docsections import parse_doc
from gbprep.rules import RULES  # the package registers every rule


def test_parse_doc_sections() -> None:
    doc = parse_doc(
        "Summary line.\n\n    What: one\n    two.\n    Why: because.\n    Fix: do it.\n    Example: a\n    b\n"
    )
    assert doc == {
        "summary": "Summary line.",
        "what": "One two.",
        "why": "Because.",
        "fix": "Do it.",
        "example": "A\nb",
    }


def test_missing_sections_are_empty_and_the_summary_may_wrap() -> None:
    doc = parse_doc("A summary\n    over two lines.\n\n    Fix: only this.\n")
    assert doc == {
        "summary": "A summary over two lines.",
        "what": "",
        "why": "",
        "fix": "Only this.",
        "example": "",
    }
    assert parse_doc(None) == {"summary": "", "what": "", "why": "", "fix": "", "example": ""}


def test_both_registries_fill_their_records_from_the_sections() -> None:
    rule = RULES["SEQ_FEAT.RareSpliceConsensusDonor"]
    assert rule.fix == parse_doc(rule.func.__doc__)["fix"] and rule.example.startswith("CDS rows")
    test = TESTS["EUKARYOTE_SHOULD_HAVE_MRNA"]
    assert (test.summary, test.fix) == (
        "A eukaryotic submission with coding regions but no mRNA at all.",
        "Add mRNA features with /product, /transcript_id and /protein_id matching their CDS.",
    )
