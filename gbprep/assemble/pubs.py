"""The part of NCBI's cleanup tbl2asn applies to the template's publications before writing them.

As observed on tbl2asn 25.3's output: empty strings are dropped from names and affiliations; an article's
PubMed id (``ids { pubmed N }``) is repeated as ``pmid N`` at the head of the Pub-equiv; article authors
given as ``ml "Darwin C"`` become structured names (``last "Darwin", initials "C."``) without a per-author
affiliation; an in-press article's imprint gets ``prepub in-press``; ``cit "unpublished"`` is capitalised.
Authors' initials start with the first name's (first "Jonathan", initials "M." -> "J.M.") and every letter
has its period ("k" -> "k."), except in an article that also carries its PubMed id (those come from PubMed).
The Submit-block's own citation is not cleaned.
"""

from __future__ import annotations

from gbprep.model.asntree import choice, ident, integer, string, struct
from gbprep.model.records import AsnNode

_IMPRINT_ORDER = [
    "date",
    "volume",
    "issue",
    "pages",
    "section",
    "pub",
    "cprt",
    "part-sup",
    "language",
    "prepub",
    "part-supi",
    "retract",
    "pubstatus",
    "history",
]


def copy_tree(node: AsnNode) -> AsnNode:
    return AsnNode(node.kind, node.pos, node.value, node.name, [copy_tree(c) for c in node.children])


def clean_pubdesc(pubdesc: AsnNode) -> AsnNode:
    """A cleaned copy of a Pubdesc (the value of a ``pub`` descriptor)."""
    node = copy_tree(pubdesc)
    _drop_empty_strings(node)
    equiv = node.child("pub")
    if equiv is not None:
        _clean_equiv(equiv)
    return node


def _drop_empty_strings(node: AsnNode) -> None:
    node.children = [c for c in node.children if not (c.kind == "string" and c.value == "" and c.name)]
    for child in node.children:
        _drop_empty_strings(child)


def _clean_equiv(equiv: AsnNode) -> None:
    has_pmid = any(c.name == "pmid" for c in equiv.children)
    has_article = any(c.name == "article" for c in equiv.children)
    fix_initials = not (has_article and (has_pmid or any(_article_pmid(c) for c in equiv.children)))
    for pub in equiv.children:
        if fix_initials:
            _fix_initials_in(pub)
        if pub.name == "gen":
            cit = pub.child("cit")
            if cit is not None and str(cit.value).lower() == "unpublished":
                cit.value = "Unpublished"
        if pub.name == "article":
            _clean_article(pub)
            pmid = _article_pmid(pub)
            if pmid is not None and not has_pmid:
                equiv.children.insert(0, integer("pmid", pmid, pub.pos))
                has_pmid = True


def _article_pmid(article: AsnNode) -> int | None:
    ids = article.child("ids")
    for entry in ids.children if ids is not None else []:
        if entry.name == "pubmed" and isinstance(entry.value, int):
            return entry.value
    return None


def _clean_article(article: AsnNode) -> None:
    authors = article.child("authors")
    names = authors.child("names") if authors is not None else None
    if names is not None and names.kind == "choice" and names.value == "std":
        for author in names.children[0].children:
            _structure_author(author)
    source = article.child("from")
    if source is not None and source.children:
        imprint = source.children[0].child("imp")
        if imprint is not None:
            _clean_imprint(imprint)


def _structure_author(author: AsnNode) -> None:
    name = author.child("name")
    if name is None or name.kind != "choice" or name.value != "ml" or not name.children:
        return
    text = str(name.children[0].value).strip()
    last, _, rest = text.rpartition(" ")
    if not last:
        last, rest = text, ""
    initials = "".join(f"{c}." for c in rest if c.isalpha())
    fields = [string("last", last)] + ([string("initials", initials)] if initials else [])
    structured = choice("name", "name", struct(None, fields), name.pos)
    author.children = [structured if c is name else c for c in author.children if c.name != "affil"]


def _clean_imprint(imprint: AsnNode) -> None:
    status = imprint.child("pubstatus")
    if status is not None and status.value == "aheadofprint" and imprint.child("prepub") is None:
        imprint.children.append(ident("prepub", "in-press", imprint.pos))
        rank = {name: i for i, name in enumerate(_IMPRINT_ORDER)}
        imprint.children.sort(key=lambda c: rank.get(str(c.name), len(rank)))


def _fix_initials_in(pub: AsnNode) -> None:
    for node in pub.walk():
        if node.name == "name" and node.kind == "choice" and node.value == "name" and node.children:
            _fix_name(node.children[0])


def _dotted(initials: str) -> str:
    """Each letter followed by a period (hyphens kept): 'JM' -> 'J.M.', 'k' -> 'k.', 'J.-P' -> 'J.-P.'."""
    out = ""
    for ch in initials:
        if ch.isalpha():
            out += ch + "."
        elif ch == "-":
            out += ch
    return out


def _first_initials(first: str) -> str:
    """'Jonathan' -> 'J.', 'Jean-Pierre' -> 'J.-P.', 'Mary Ann' -> 'M.A.'."""
    parts = []
    for word in first.split():
        pieces = [p for p in word.split("-") if p]
        parts.append("-".join(f"{p[0]}." for p in pieces))
    return "".join(parts)


def _fix_name(name_std: AsnNode) -> None:
    initials = name_std.child("initials")
    if initials is None or not isinstance(initials.value, str) or not initials.value:
        return
    text = _dotted(initials.value)
    first = name_std.child("first")
    lead = _first_initials(str(first.value)) if first is not None and first.value else ""
    if lead and not text.startswith(lead):
        text = lead + text
    if text:
        initials.value = text
