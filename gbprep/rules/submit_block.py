"""Submitter-block rules: who submits, from where, and when the records may be released.

The template's Submit-block (.sbt) becomes the submission citation GenBank shows; findings point at the
template's lines.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from gbprep.model.diagnostics import Severity
from gbprep.rules.registry import Hit, SubmissionContext, rule

# The affiliation parts required of a submission citation: tbl2asn 25.3 rejects a missing country (checked by
# running it; it does not ask for the city); the institution is the portal's own requirement.
_AFFILIATION_PARTS = (("affil", "institution", Severity.ERROR), ("country", "country", Severity.REJECT))


@rule(code="GENERIC.MissingPubInfo", severity=Severity.ERROR, scope="submission")
def missing_pub_info(ctx: SubmissionContext) -> Iterator[Hit]:
    """The submitter block lacks author names or parts of the affiliation.

    What: the template's Submit-block must name at least one author (a last name each) and give an
    affiliation with an institution and a country (a missing country is a REJECT, as tbl2asn has it).
    Why: GenBank prints the submitters and their address on every record; a curator needs them to reach you.
    Fix: fill in the missing parts in the template (e.g. with NCBI's Submission Template form) and upload it
    again.
    Example: a .sbt whose  affil std { affil "Oxbridge University" }  has no country.
    """
    block = ctx.submit_block
    if block is None:
        return
    if not any(a.last.strip() for a in block.authors):
        yield Hit(block.pos, "Submission citation has no author names")
    for author in block.authors:
        if not author.last.strip() and (author.first or author.initials):
            yield Hit(block.pos, "Submission citation has an author without a last name")
    affiliation = block.affiliation
    if affiliation is None:
        yield Hit(block.pos, "Submission citation has no affiliation")
        return
    for attr, name, severity in _AFFILIATION_PARTS:
        if not getattr(affiliation, attr).strip():
            yield Hit(block.pos, f"Submission citation affiliation has no {name}", severity=severity)


@rule(code="GENERIC.PastReleaseDate", severity=Severity.WARNING, scope="submission")
def past_release_date(ctx: SubmissionContext) -> Iterator[Hit]:
    """The hold-until (release) date in the template is already past.

    What: the Submit-block's hold-until date is earlier than today (tbl2asn 25.3 says nothing; the portal
    warns, because the submitter asked for a hold that can no longer happen).
    Why: GenBank cannot hold records until a date that has gone; it would release them at once, which may
    not be what you want.
    Fix: set a future release date (at most a few years ahead) in the template, or remove it to release the
    records when they are processed.
    Example: hold-until-date std { year 2019, month 1, day 1 }
    """
    block = ctx.submit_block
    if block is None or block.hold_until is None:
        return
    year, month, day = block.hold_until
    try:
        hold = datetime.date(year, month or 1, day or 1)
    except ValueError:
        return  # the template reader reports impossible dates
    if hold < datetime.date.today():
        yield Hit(block.pos, f"Record release date has already passed ({hold.isoformat()})")
