"""The submission template (``.sbt``): a Submit-block and the descriptors to put on every record.

A template is what the NCBI Submission Portal or Sequin exports: ``Submit-block ::= {...}`` followed by
``Seqdesc ::= ...`` values (publication, comments, DBLink and structured-comment user objects). This module
maps it into the model and checks its *shape* against the NCBI schema (unknown or misspelt field names,
values of the wrong form), because tbl2asn refuses a template with such mistakes outright. Content rules
(a missing country, an author without initials) belong to the validator, which gets every node's position
through ``SubmitBlock.raw`` and ``Descriptor.raw``.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gbprep.model.asntree import alternative, descend, string_of
from gbprep.model.bundle import Template
from gbprep.model.diagnostics import Report, Severity, SourcePos, declare
from gbprep.model.records import Affiliation, AsnNode, Author, Descriptor, SubmitBlock
from gbprep.readers.asn1text import AsnLimits, parse_asn1_lines
from gbprep.readers.textio import Line, TextSource

NOT_ASN1 = declare(
    "TPL.NotAsn1",
    Severity.ERROR,
    "The template is not an ASN.1 text file",
    "Upload the .sbt file exported from the NCBI Submission Portal's template page "
    "(https://submit.ncbi.nlm.nih.gov/genbank/template/submission/) or from Sequin; it begins with "
    "'Submit-block ::= {'.",
)
NO_SUBMIT_BLOCK = declare(
    "TPL.NoSubmitBlock",
    Severity.ERROR,
    "The template has no Submit-block",
    "A template must contain 'Submit-block ::= { contact {...}, cit {...} }' with the submitter's contact "
    "and the submission's authors. Create the template again on the NCBI template page.",
)
EXTRA_SUBMIT_BLOCK = declare(
    "TPL.ExtraSubmitBlock",
    Severity.WARNING,
    "The template has more than one Submit-block",
    "Keep one Submit-block; only the first one is used.",
)
SEQ_SUBMIT_AS_TEMPLATE = declare(
    "TPL.SeqSubmitAsTemplate",
    Severity.WARNING,
    "A whole Seq-submit (.sqn) was given as the template",
    "Upload the .sbt template instead of a finished .sqn. The Submit-block inside it was used; its sequences "
    "and annotation were ignored.",
)
UNEXPECTED_TYPE = declare(
    "TPL.UnexpectedType",
    Severity.WARNING,
    "A value of a type that templates do not carry",
    "A template holds 'Submit-block ::=' and 'Seqdesc ::=' values only; the value was ignored.",
)
UNKNOWN_FIELD = declare(
    "TPL.UnknownField",
    Severity.ERROR,
    "A field name that the NCBI schema does not have",
    "Correct the spelling (ASN.1 field names use hyphens, e.g. 'postal-code'), or export the template again; "
    "NCBI's tools refuse a template with an unknown field.",
)
WRONG_SHAPE = declare(
    "TPL.WrongShape",
    Severity.ERROR,
    "A template value has the wrong form",
    "Compare the value with a freshly exported template: names and free text are quoted strings, numbers are "
    "bare, and groups are written in braces.",
)
DUPLICATE_FIELD = declare(
    "TPL.DuplicateField",
    Severity.ERROR,
    "A field is given twice in the same group",
    "Keep one of the two values; NCBI's tools refuse a template that repeats a field.",
)

TEMPLATE_LIMITS = AsnLimits(max_depth=64, max_chars=8 * (1 << 20), max_nodes=1_000_000, max_errors=50)


# -- the part of the NCBI schema a Submit-block uses (submit.asn, biblio.asn, general.asn) ----------------
# Leaves are "string", "int", "bool", "enum" (a bare name or a number) and "any" (not checked).


@dataclass(frozen=True, slots=True)
class _Struct:
    fields: dict[str, _Schema]


@dataclass(frozen=True, slots=True)
class _Choice:
    alternatives: dict[str, _Schema]


@dataclass(frozen=True, slots=True)
class _ListOf:
    item: _Schema


_Schema = _Struct | _Choice | _ListOf | str

_NAME_STD = _Struct(
    dict.fromkeys(("last", "first", "middle", "full", "initials", "suffix", "title"), "string")
)
_AFFIL = _Choice(
    {
        "str": "string",
        "std": _Struct(
            dict.fromkeys(
                ("affil", "div", "city", "sub", "country", "street", "email", "fax", "phone", "postal-code"),
                "string",
            )
        ),
    }
)
_DATE = _Choice(
    {
        "str": "string",
        "std": _Struct(
            {
                "year": "int",
                "month": "int",
                "day": "int",
                "season": "string",
                "hour": "int",
                "minute": "int",
                "second": "int",
            }
        ),
    }
)
_PERSON_ID = _Choice(
    {"dbtag": "any", "name": _NAME_STD, "ml": "string", "str": "string", "consortium": "string"}
)
_AUTHOR = _Struct({"name": _PERSON_ID, "level": "enum", "role": "enum", "affil": _AFFIL, "is-corr": "bool"})
_AUTH_LIST = _Struct(
    {
        "names": _Choice({"std": _ListOf(_AUTHOR), "ml": _ListOf("string"), "str": _ListOf("string")}),
        "affil": _AFFIL,
    }
)
_CONTACT_INFO = _Struct(
    {
        "name": "string",
        "address": _ListOf("string"),
        "phone": "string",
        "fax": "string",
        "email": "string",
        "telex": "string",
        "owner-id": "any",
        "password": "any",
        "last-name": "string",
        "first-name": "string",
        "middle-initial": "string",
        "contact": _AUTHOR,
    }
)
_CIT_SUB = _Struct({"authors": _AUTH_LIST, "imp": "any", "medium": "enum", "date": _DATE, "descr": "string"})
SUBMIT_BLOCK_SCHEMA = _Struct(
    {
        "contact": _CONTACT_INFO,
        "cit": _CIT_SUB,
        "hup": "bool",
        "reldate": _DATE,
        "subtype": "enum",
        "tool": "string",
        "user-tag": "string",
        "comment": "string",
    }
)

_LEAF_KINDS = {
    "string": ("string",),
    "int": ("int",),
    "bool": ("bool",),
    "enum": ("ident", "int"),
}
_LEAF_WORDS = {
    "string": "a quoted string",
    "int": "a number",
    "bool": "TRUE or FALSE",
    "enum": "a bare name such as 'new'",
}
_KIND_WORDS = {
    "string": "a quoted string",
    "int": "a number",
    "real": "a number",
    "bool": "TRUE or FALSE",
    "null": "NULL",
    "ident": "a bare name",
    "bits": "a '...'H string",
    "struct": "a group in braces",
    "list": "a group in braces",
    "choice": "a named choice",
}


def check_shape(node: AsnNode, schema: _Schema, report: Report, where: str) -> None:
    """Report values whose names or forms the schema does not allow. Iterative: templates can be hostile."""
    pending: list[tuple[AsnNode, _Schema, str]] = [(node, schema, where)]
    while pending:
        node, schema, where = pending.pop()
        if isinstance(schema, str):
            if schema != "any" and node.kind not in _LEAF_KINDS[schema]:
                _wrong(node, report, where, _LEAF_WORDS[schema])
        elif isinstance(schema, _Choice):
            spec = schema.alternatives
            if node.kind != "choice" or not node.children:
                options = "', '".join(spec)
                _wrong(node, report, where, f"one of '{options}' followed by its value")
                continue
            chosen = str(node.value)
            if chosen not in spec:
                _unknown(node.children[0], chosen, spec, report, where)
                continue
            pending.append((node.children[0], spec[chosen], f"{where}.{chosen}"))
        elif isinstance(schema, _ListOf):
            if node.kind not in ("list", "struct"):
                _wrong(node, report, where, "a group in braces")
                continue
            for child in node.children:
                if child.name is not None:
                    _wrong(child, report, where, "an item of the list, without a field name")
                    continue
                pending.append((child, schema.item, where))
        else:
            fields = schema.fields
            if node.kind == "list" and node.children:
                _wrong(node.children[0], report, where, "a named field such as 'last \"Smith\"'")
                continue
            if node.kind not in ("struct", "list"):
                _wrong(node, report, where, "a group in braces")
                continue
            seen: dict[str, AsnNode] = {}
            for child in node.children:
                name = str(child.name)
                if name not in fields:
                    _unknown(child, name, fields, report, where)
                    continue
                if name in seen:
                    report.add(
                        DUPLICATE_FIELD(
                            child.pos,
                            f"'{name}' appears twice in {where} (first at line {seen[name].pos.line}).",
                        )
                    )
                    continue
                seen[name] = child
                pending.append((child, fields[name], f"{where}.{name}"))


def _wrong(node: AsnNode, report: Report, where: str, expected: str) -> None:
    label = f"'{node.name}' in {where}" if node.name else f"The value in {where}"
    report.add(
        WRONG_SHAPE(
            node.pos,
            f"{label} should be {expected}, but it is {_KIND_WORDS.get(node.kind, node.kind)}.",
        )
    )


def _unknown(node: AsnNode, name: str, allowed: dict[str, _Schema], report: Report, where: str) -> None:
    guess = difflib.get_close_matches(name.lower().replace("_", "-"), list(allowed), n=1, cutoff=0.5)
    hint = f" Did you mean '{guess[0]}'?" if guess else ""
    listing = ", ".join(sorted(allowed))
    report.add(UNKNOWN_FIELD(node.pos, f"'{name}' is not a field of {where}.{hint} Allowed here: {listing}."))


# -- mapping -------------------------------------------------------------------------------------------------


def _text(node: AsnNode | None, *path: str) -> str:
    return string_of(descend(node, *path)) or ""


def _person(person_id: AsnNode | None) -> Author | None:
    """An Author from a Person-id CHOICE (``name {...}``, ``ml "Smith JA"``, ``str``, ``consortium``)."""
    chosen = alternative(person_id)
    if chosen is None:
        return None
    kind, value = chosen
    if kind == "name":
        return Author(
            last=_text(value, "last"),
            first=_text(value, "first"),
            initials=_text(value, "initials"),
            suffix=_text(value, "suffix"),
        )
    text = string_of(value) or ""
    if kind == "ml":
        # MEDLINE form: family name, a space, initials without periods ("Darwin CR").
        last, _, initials = text.rpartition(" ")
        return Author(last=last or initials, initials=initials if last else "")
    if kind in ("str", "consortium"):
        return Author(last=text)
    return None


def _affiliation(affil: AsnNode | None) -> Affiliation | None:
    chosen = alternative(affil)
    if chosen is None:
        return None
    kind, value = chosen
    if kind == "str":
        return Affiliation(affil=string_of(value) or "")
    if kind != "std":
        return None
    return Affiliation(
        affil=_text(value, "affil"),
        div=_text(value, "div"),
        city=_text(value, "city"),
        sub=_text(value, "sub"),
        country=_text(value, "country"),
        street=_text(value, "street"),
        email=_text(value, "email"),
        postal_code=_text(value, "postal-code"),
    )


def _date(date: AsnNode | None) -> tuple[int, int, int] | None:
    chosen = alternative(date)
    if chosen is None or chosen[0] != "std":
        return None
    parts = []
    for key in ("year", "month", "day"):
        node = chosen[1].child(key)
        parts.append(node.value if node is not None and isinstance(node.value, int) else 0)
    if not parts[0]:
        return None
    return (int(parts[0]), int(parts[1]), int(parts[2]))


def submit_block_from_asn(node: AsnNode, report: Report, *, check: bool = True) -> SubmitBlock:
    """Map a Submit-block tree into the model; with ``check``, report names and forms the schema forbids."""
    if check:
        check_shape(node, SUBMIT_BLOCK_SCHEMA, report, "Submit-block")
    info = node.child("contact")
    contact = _person(descend(info, "contact", "name"))
    if contact is None and info is not None and (info.child("last-name") or info.child("first-name")):
        contact = Author(last=_text(info, "last-name"), first=_text(info, "first-name"))
    email = _text(info, "contact", "affil", "std", "email") or _text(info, "email")

    authors: list[Author] = []
    names = alternative(descend(node, "cit", "authors", "names"))
    if names is not None:
        style, items = names
        for item in items.children:
            if style == "std":
                author = _person(item.child("name"))
            else:  # 'ml' and 'str' lists hold plain strings; wrap each as the Person-id of that name
                author = _person(AsnNode("choice", item.pos, style, children=[item]))
            if author is not None:
                authors.append(author)
    affiliation = _affiliation(descend(node, "cit", "authors", "affil"))
    if affiliation is None:
        affiliation = _affiliation(descend(info, "contact", "affil"))
    return SubmitBlock(
        pos=node.pos,
        contact=contact,
        contact_email=email,
        authors=authors,
        affiliation=affiliation,
        hold_until=_date(node.child("reldate")),
        raw=node,
    )


def _user_value(data: AsnNode | None) -> str:
    """A User-field's data as text: ``str``, numbers, booleans, and the ``strs``/``ints`` lists joined."""
    chosen = alternative(data)
    if chosen is None:
        return ""
    kind, value = chosen
    if value.kind == "string":
        return str(value.value)
    if value.kind == "bool":
        return "TRUE" if value.value else "FALSE"
    if value.kind in ("int", "real"):
        return str(value.value)
    if kind in ("strs", "ints", "reals"):
        return ", ".join(str(item.value) for item in value.children if item.kind in ("string", "int", "real"))
    return ""


def user_fields(user: AsnNode | None) -> list[tuple[str, str]]:
    """(label, value) pairs of a User-object's ``data``; a label may be ``str "..."`` or ``id 5``."""
    pairs: list[tuple[str, str]] = []
    data = user.child("data") if user is not None else None
    if data is None:
        return pairs
    for entry in data.children:
        chosen = alternative(entry.child("label"))
        if chosen is None:
            continue
        label = chosen[1].value
        pairs.append((str(label) if label is not None else "", _user_value(entry.child("data"))))
    return pairs


def _pub_title(pubdesc: AsnNode) -> str:
    """The title of the first citation in a Pubdesc that has one (Cit-gen ``title``, article ``title``)."""
    equiv = pubdesc.child("pub")
    for pub in equiv.children if equiv is not None else []:
        title = pub.child("title")
        if title is None:
            continue
        if title.kind == "string":
            return str(title.value)
        for entry in title.children:  # Title ::= SET OF CHOICE { name, tsub, ... }
            text = string_of(entry)
            if text:
                return text
    return ""


def descriptor_from_asn(node: AsnNode, report: Report) -> Descriptor | None:
    """A Descriptor from a Seqdesc CHOICE tree (``pub {...}``, ``comment "..."``, ``user {...}``, ...)."""
    chosen = alternative(node)
    if chosen is None:
        _wrong(node, report, "Seqdesc", "a descriptor kind such as 'pub', 'comment' or 'user' and its value")
        return None
    kind, value = chosen
    descriptor = Descriptor(kind=kind, pos=node.pos, raw=node)
    if kind == "user":
        type_choice = alternative(value.child("type"))
        if type_choice is not None and type_choice[1].value is not None:
            descriptor.text = str(type_choice[1].value)
        descriptor.fields = user_fields(value)
    elif kind == "pub":
        descriptor.text = _pub_title(value)
    elif value.kind == "string":
        descriptor.text = str(value.value)
    return descriptor


# -- reading -------------------------------------------------------------------------------------------------

# Lenient on purpose: a wrongly cased 'submit-block ::=' is ASN.1 with a mistake, which the parser explains
# better than "not ASN.1" would.
_HEADER_START = re.compile(r"\s*(?:[A-Za-z][A-Za-z0-9_]*(?:-[A-Za-z0-9_]+)*\s*(?:::=|$)|\{)")


def _what_is(first: str) -> str:
    """A guess at what a non-ASN.1 upload is, for the message."""
    text = first.lstrip()
    if text.startswith(">Feature"):
        return "a feature table (.tbl)"
    if text.startswith(">"):
        return "a FASTA file"
    if text.startswith("LOCUS"):
        return "a GenBank flatfile"
    if text.startswith("##"):
        return "a GFF3 file"
    if text.startswith("ID   "):
        return "an EMBL flatfile"
    if text.startswith("<"):
        return "an XML or HTML file"
    if "\t" in text:
        return "a tab-delimited table"
    return "plain text, not ASN.1"


def read_template(
    path: str | Path, report: Report, *, name: str | None = None, limits: AsnLimits = TEMPLATE_LIMITS
) -> Template:
    """Read a submission template: the first Submit-block and every Seqdesc, in file order."""
    source = TextSource(path, report, name=name)
    lines = source.lines()
    head: list[Line] = []
    first: Line | None = None
    for line in lines:
        head.append(line)
        stripped = line.text.strip()
        if stripped and not stripped.startswith("--"):
            first = line
            break
    template = Template()
    if first is None:
        if head:
            report.add(NO_SUBMIT_BLOCK(SourcePos(source.name, 1), f"{source.name} holds no text."))
        return template
    if _HEADER_START.match(first.text) is None:
        report.add(
            NOT_ASN1(
                SourcePos(source.name, first.number, 1),
                f"{source.name} looks like {_what_is(first.text)}; a template starts with "
                f"'Submit-block ::= {{' (line {first.number} reads '{first.text.strip()[:40]}').",
            )
        )
        return template
    everything: Iterator[Line] = itertools.chain(head, lines)
    values = parse_asn1_lines(everything, report, name=source.name, limits=limits)
    for value in values:
        _take(value, template, report)
    if template.submit_block is None:
        report.add(
            NO_SUBMIT_BLOCK(
                SourcePos(source.name, first.number),
                f"{source.name} has no 'Submit-block ::= {{...}}'"
                + (f"; it holds {', '.join(sorted({str(v.name) for v in values}))}." if values else "."),
            )
        )
    if template.submit_block is not None and not template.submit_block.title:
        for descriptor in template.descriptors:
            if descriptor.kind == "pub" and descriptor.text:
                template.submit_block.title = descriptor.text
                break
    return template


def _take(value: AsnNode, template: Template, report: Report) -> None:
    kind = value.name
    if kind == "Submit-block":
        if template.submit_block is not None:
            report.add(
                EXTRA_SUBMIT_BLOCK(
                    value.pos,
                    f"A second Submit-block starts at line {value.pos.line}; the one at line "
                    f"{template.submit_block.pos.line} is used.",
                )
            )
            return
        template.submit_block = submit_block_from_asn(value, report)
    elif kind == "Seqdesc":
        descriptor = descriptor_from_asn(value, report)
        if descriptor is not None:
            template.descriptors.append(descriptor)
    elif kind == "Seq-descr":  # SET OF Seqdesc: each element is written as 'kind value'
        for element in value.children:
            if element.name is None:
                _wrong(element, report, "Seq-descr", "a descriptor kind and its value")
                continue
            wrapped = AsnNode("choice", element.pos, element.name, name="Seqdesc", children=[element])
            descriptor = descriptor_from_asn(wrapped, report)
            if descriptor is not None:
                template.descriptors.append(descriptor)
    elif kind == "Seq-submit":
        sub = value.child("sub")
        report.add(
            SEQ_SUBMIT_AS_TEMPLATE(
                value.pos,
                "The template is a complete Seq-submit"
                + ("; its Submit-block was used." if sub is not None else " without a Submit-block ('sub')."),
            )
        )
        if sub is not None and template.submit_block is None:
            template.submit_block = submit_block_from_asn(sub, report)
    elif kind and kind.lower() in ("submit-block", "seqdesc", "seq-descr", "seq-submit"):
        return  # wrongly capitalised; the ASN.1 reader has said so, and NCBI would not read it either
    else:
        label = f"'{kind} ::='" if kind else "A value without a type name"
        report.add(UNEXPECTED_TYPE(value.pos, f"{label} at line {value.pos.line} is not part of a template."))
