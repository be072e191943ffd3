"""Files the wizard's answers become: the submitter block (.sbt) and the Genome-Assembly-Data comment (.cmt).

Written in the formats tbl2asn reads (ASN.1 value notation; label TAB value), so the engine reads them like
files a submitter uploaded, and a test reads them back with the engine's own readers.
"""

from __future__ import annotations

import datetime
from typing import Any

from submissions.models import ReleaseMode, Submission

GENERATED_SBT = "submission.sbt"
GENERATED_CMT = "genome-assembly.cmt"
_AFFIL_FIELDS = (
    ("institution", "affil"),
    ("department", "div"),
    ("city", "city"),
    ("state", "sub"),
    ("country", "country"),
    ("street", "street"),
    ("email", "email"),
    ("postal_code", "postal-code"),
)


def _q(text: str) -> str:
    # ASN.1 value notation doubles a quote inside a string.
    return '"' + str(text).replace('"', '""') + '"'


def _name(person: dict[str, Any], indent: str) -> str:
    first = str(person.get("first", "")).strip()
    middle = str(person.get("middle", "")).strip()
    initials = "".join(f"{p[0]}." for p in (first, middle) if p)
    return (
        f"{indent}name name {{\n"
        f"{indent}  last {_q(person.get('last', ''))},\n"
        f"{indent}  first {_q(first)},\n"
        f"{indent}  middle {_q(middle)},\n"
        f"{indent}  initials {_q(initials)},\n"
        f'{indent}  suffix "",\n'
        f'{indent}  title ""\n'
        f"{indent}}}"
    )


def _affil(affiliation: dict[str, Any], email: str, indent: str) -> str:
    values = dict(affiliation)
    if email:
        values["email"] = email
    rows = [
        f"{indent}  {asn} {_q(values[key])}" for key, asn in _AFFIL_FIELDS if str(values.get(key, "")).strip()
    ]
    return f"{indent}affil std {{\n" + ",\n".join(rows) + f"\n{indent}}}"


def _authors(authors: list[dict[str, Any]], indent: str) -> str:
    items = [f"{indent}  {{\n{_name(a, indent + '    ')}\n{indent}  }}" for a in authors]
    return f"{indent}names std {{\n" + ",\n".join(items) + f"\n{indent}}}"


def has_submitter_block(submission: Submission) -> bool:
    return bool(
        submission.contact.get("last") and submission.authors and submission.affiliation.get("institution")
    )


def hold_date(submission: Submission) -> datetime.date | None:
    return submission.release_date if submission.release_mode != ReleaseMode.IMMEDIATE else None


def render_sbt(submission: Submission) -> str:
    """The Submit-block and the unpublished citation, from the contact, authors and affiliation."""
    contact = submission.contact
    email = str(contact.get("email", ""))
    held = hold_date(submission)
    release = ""
    if held is not None:
        hup = "TRUE" if submission.release_mode == ReleaseMode.ON_PUBLICATION else "FALSE"
        release = (
            f"  hup {hup},\n  reldate std {{\n    year {held.year},\n    month {held.month},\n"
            f"    day {held.day}\n  }},\n"
        )
    return (
        "Submit-block ::= {\n"
        "  contact {\n    contact {\n"
        f"{_name(contact, '      ')},\n"
        f"{_affil(submission.affiliation, email, '      ')}\n"
        "    }\n  },\n"
        "  cit {\n    authors {\n"
        f"{_authors(submission.authors, '      ')},\n"
        f"{_affil(submission.affiliation, '', '      ')}\n"
        "    }\n  },\n"
        f"{release}"
        "  subtype new\n"
        "}\n"
        'Seqdesc ::= pub {\n  pub {\n    gen {\n      cit "unpublished",\n      authors {\n'
        f"{_authors(submission.authors, '        ')}\n"
        "      },\n"
        f"      title {_q(submission.title)}\n"
        "    }\n  }\n}\n"
    )


def render_assembly_comment(submission: Submission) -> str | None:
    """The Genome-Assembly-Data structured comment (two columns, applies to every sequence), or None."""
    rows = [
        ("Assembly Method", submission.assembly_method),
        ("Assembly Name", submission.assembly_name),
        ("Genome Coverage", submission.genome_coverage),
        ("Sequencing Technology", submission.sequencing_technology),
    ]
    rows = [(label, value.strip()) for label, value in rows if value.strip()]
    if not rows:
        return None
    lines = [
        "StructuredCommentPrefix\t##Genome-Assembly-Data-START##",
        *(f"{label}\t{value}" for label, value in rows),
        "StructuredCommentSuffix\t##Genome-Assembly-Data-END##",
    ]
    return "\n".join(lines) + "\n"


def source_modifier_text(submission: Submission) -> str:
    """The tbl2asn ``-j`` form: ``[organism=...] [strain=...]``."""
    pairs = [("organism", submission.organism), *sorted(submission.source_modifiers.items())]
    return " ".join(f"[{name}={value}]" for name, value in pairs if str(value).strip())
