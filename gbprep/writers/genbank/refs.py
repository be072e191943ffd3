"""REFERENCE blocks: the pubs among a record's descriptors, then the submission from the Submit-block.

Each Pub-equiv becomes one reference. What it shows depends on the citation it holds: a Cit-sub is a
"Direct Submission" whose JOURNAL line is ``Submitted (DD-MON-YYYY) <affiliation>``; a Cit-gen shows its title
and its ``cit`` text (``Unpublished``); an article shows its title and journal. A PubMed id in the same Pub-equiv
adds a ``PUBMED`` line, and an article's publication status a ``REMARK``.
"""

from __future__ import annotations

from dataclasses import dataclass

from gbprep.model.asntree import alternative, descend
from gbprep.model.records import AsnNode
from gbprep.writers.genbank.tree import ident_of, int_of, text_of
from gbprep.writers.genbank.wrap import header

MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")

# Imprint pubstatus values and how the REMARK line words them.
_PUBSTATUS = {
    "aheadofprint": "Available-Online prior to print",
    "epublish": "Published Online",
    "ppublish": "Published in print",
}


def format_date(date: AsnNode | None) -> str:
    """A Date CHOICE as DD-MON-YYYY (the flatfile's only date format)."""
    alt = alternative(date)
    if alt is None or alt[0] != "std":
        return ""
    std = alt[1]
    year = int_of(std.child("year")) or 0
    month = int_of(std.child("month")) or 0
    day = int_of(std.child("day")) or 0
    mon = MONTHS[month - 1] if 1 <= month <= 12 else "???"
    return f"{day:02d}-{mon}-{year:04d}"


def _person(name: AsnNode) -> str:
    alt = alternative(name)
    if alt is None:
        return ""
    kind, value = alt
    if kind == "name":
        last = text_of(value.child("last"))
        initials = text_of(value.child("initials"))
        first = text_of(value.child("first"))
        # 'initials' may hold only the middle initials ("M." for Jonathan M. Palmer) or all of them
        # ("C.R." for Charles Darwin); the first name's initial leads either way, once.
        from_first = "".join(part[0] + "." for part in first.replace("-", " ").split() if part)
        if from_first and not initials.lower().startswith(from_first[0].lower()):
            initials = from_first + initials
        if initials and not initials.endswith("."):
            initials += "."
        suffix = text_of(value.child("suffix"))
        text = f"{last},{initials}" if initials else last
        return f"{text} {suffix}" if suffix else text
    if kind == "consortium":
        return text_of(value)
    return text_of(value)  # ml / str names are shown as written


def format_authors(authors: AsnNode | None) -> str:
    names_alt = alternative(authors.child("names")) if authors is not None else None
    if names_alt is None:
        return ""
    kind, names = names_alt
    if kind == "std":
        people = [_person(name) for a in names.children if (name := a.child("name")) is not None]
    else:
        people = [text_of(n) for n in names.children]
    people = [p for p in people if p]
    if not people:
        return ""
    if len(people) == 1:
        return people[0]
    return ", ".join(people[:-1]) + " and " + people[-1]


def format_affil(affil: AsnNode | None) -> str:
    """An Affil as the JOURNAL line of a submission shows it."""
    alt = alternative(affil)
    if alt is None:
        return ""
    kind, value = alt
    if kind == "str":
        return text_of(value)

    def field(name: str) -> str:
        return text_of(value.child(name)).strip()

    parts = [p for p in (field("div"), field("affil"), field("street")) if p]
    place = field("city")
    if field("sub"):
        place = f"{place}, {field('sub')}" if place else field("sub")
    if field("postal-code"):
        place = f"{place} {field('postal-code')}" if place else field("postal-code")
    if place:
        parts.append(place)
    if field("country"):
        parts.append(field("country"))
    return ", ".join(parts)


@dataclass(slots=True)
class Reference:
    authors: str = ""
    consortium: str = ""
    title: str = ""
    journal: str = ""
    pmid: int | None = None
    remark: str = ""


def _with_period(text: str) -> str:
    return text if not text or text.endswith(".") else text + "."


def reference_from_equiv(equiv: AsnNode) -> Reference | None:
    """The reference a Pub-equiv (the ``pub`` of a Pubdesc) stands for."""
    ref = Reference()
    by_kind: dict[str, AsnNode] = {}
    for pub in equiv.children:
        alt = alternative(pub) if pub.kind == "choice" else (pub.name or "", pub)
        if alt is None:
            continue
        kind, value = alt
        if kind == "pmid":
            ref.pmid = int_of(value)
        else:
            by_kind.setdefault(kind, value)
    if "sub" in by_kind:
        sub = by_kind["sub"]
        ref.authors = format_authors(sub.child("authors"))
        ref.title = "Direct Submission"
        date = format_date(sub.child("date")) or format_date(descend(sub, "imp", "date"))
        affil = format_affil(descend(sub, "authors", "affil"))
        ref.journal = f"Submitted ({date}) {affil}".rstrip()
    elif "gen" in by_kind:
        gen = by_kind["gen"]
        ref.authors = format_authors(gen.child("authors"))
        ref.title = text_of(gen.child("title"))
        ref.journal = text_of(gen.child("cit")) or "Unpublished"
    elif "article" in by_kind:
        art = by_kind["article"]
        ref.authors = format_authors(art.child("authors"))
        titles = art.child("title")
        ref.title = text_of(titles.children[0]) if titles is not None and titles.children else ""
        ref.journal = _journal(art)
    else:
        return None
    if "article" in by_kind:
        status = ident_of(descend(by_kind["article"], "from", "journal", "imp", "pubstatus"))
        if status in _PUBSTATUS and ref.pmid is not None:
            ref.remark = "Publication Status: " + _PUBSTATUS[status]
    return ref


def _journal(article: AsnNode) -> str:
    journal = descend(article, "from", "journal")
    if journal is None:
        return "Unpublished"
    titles = journal.child("title")
    name = ""
    for t in titles.children if titles is not None else []:
        if t.name in ("iso-jta", "ml-jta", "name", "jta"):
            name = text_of(t)
            break
    imp = journal.child("imp")
    volume = text_of(imp.child("volume")) if imp is not None else ""
    pages = text_of(imp.child("pages")) if imp is not None else ""
    year = ""
    date = alternative(imp.child("date")) if imp is not None else None
    if date is not None and date[0] == "std":
        year = str(int_of(date[1].child("year")) or "")
    text = name
    if volume:
        text += f" {volume}"
    if pages:
        text += f", {pages}"
    if year:
        text += f" ({year})"
    if imp is not None and ident_of(imp.child("prepub")) == "in-press" and not volume:
        text += " In press"
    return text


def reference_lines(number: int, ref: Reference, length: int) -> list[str]:
    lines = [f"REFERENCE   {number:<3}(bases 1 to {length})"]
    if ref.authors:
        lines += header("  AUTHORS", _with_period(ref.authors))
    if ref.consortium:
        lines += header("  CONSRTM", ref.consortium)
    if ref.title:
        lines += header("  TITLE", ref.title)
    lines += header("  JOURNAL", ref.journal)
    if ref.pmid is not None:
        lines.append(f"   PUBMED   {ref.pmid}")
    if ref.remark:
        lines += header("  REMARK", ref.remark)
    return lines


def submit_block_reference(submit_block: AsnNode | None) -> Reference | None:
    """The Cit-sub of the Submit-block (its date is the submission date)."""
    cit = submit_block.child("cit") if submit_block is not None else None
    if cit is None:
        return None
    return Reference(
        authors=format_authors(cit.child("authors")),
        title="Direct Submission",
        journal=f"Submitted ({format_date(cit.child('date'))}) "
        + format_affil(descend(cit, "authors", "affil")),
    )
