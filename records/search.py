"""Entrez-like search: ``kinase[product] AND Saccharomyces[organism]``, AND/OR/NOT, quoted phrases, brackets.

Grammar (Entrez's): ``expr := term ((AND | OR | NOT) term)*``, evaluated left to right as Entrez does, where
a term is a word or a "quoted phrase", optionally tagged ``[field]``, or a bracketed expression; adjacent
terms without an operator are ANDed; ``A NOT B`` is A and not B. Untagged terms search every field (full
text on PostgreSQL, a GIN index over ``to_tsvector('simple', search_text)``; LIKE on SQLite); tagged terms
search one column (trigram GIN indexes on PostgreSQL make ``icontains`` an index scan).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Q, QuerySet
from django.db.models.expressions import RawSQL

from portal.errors import ApplicationError
from records.models import Node, PublicRecord, RecordKind, RecordType
from records.selectors import public_records

FIELDS = {
    "accession": "accession",
    "acc": "accession",
    "accn": "accession",
    "organism": "organism",
    "orgn": "organism",
    "gene": "gene",
    "gene name": "gene",
    "product": "product",
    "protein name": "product",
    "locus_tag": "locus_tag",
    "locus tag": "locus_tag",
    "bioproject": "bioproject",
    "node": "node",
    "division": "node",
    "molecule": "molecule",
    "mol": "molecule",
    "type": "type",
    "record type": "type",
    "all": "all",
    "all fields": "all",
    "text": "all",
}
FACET_FIELDS = ("organism", "node", "kind", "record_type")
MAX_QUERY = 1000
MAX_TERMS = 30

_TOKEN = re.compile(
    r'\s*(?:(?P<lp>\()|(?P<rp>\))|"(?P<phrase>[^"]*)"|(?P<word>[^\s()"\[]+))(?:\[(?P<tag>[^\]]*)\])?'
)


@dataclass
class Token:
    kind: str  # "(", ")", "op", "term"
    value: str = ""
    field: str = "all"
    phrase: bool = False


def tokenize(query: str) -> list[Token]:
    if len(query) > MAX_QUERY:
        raise ApplicationError(f"A query has at most {MAX_QUERY} characters.", field="q")
    tokens: list[Token] = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if match is None or match.end() == pos:
            raise ApplicationError(
                f"Cannot read the query at character {pos + 1}.", code="bad_query", field="q"
            )
        pos = match.end()
        tag = (match.group("tag") or "").strip().lower()
        if tag and tag not in FIELDS:
            raise ApplicationError(
                f"Unknown field [{tag}]; use one of: {', '.join(sorted(set(FIELDS.values())))}.",
                code="bad_query",
                field="q",
            )
        if match.group("lp"):
            tokens.append(Token("("))
        elif match.group("rp"):
            tokens.append(Token(")"))
        elif match.group("phrase") is not None:
            tokens.append(Token("term", match.group("phrase").strip(), FIELDS.get(tag, "all"), phrase=True))
        else:
            word = match.group("word")
            if word in ("AND", "OR", "NOT") and not tag:
                tokens.append(Token("op", word))
            else:
                tokens.append(Token("term", word, FIELDS.get(tag, "all")))
        while pos < len(query) and query[pos].isspace():
            pos += 1
    if sum(1 for t in tokens if t.kind == "term") > MAX_TERMS:
        raise ApplicationError(f"A query has at most {MAX_TERMS} terms.", code="bad_query", field="q")
    return tokens


class _Parser:
    def __init__(self, tokens: list[Token], term: Callable[[Token], Q]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.term = term

    def fail(self, what: str) -> ApplicationError:
        return ApplicationError(what, code="bad_query", field="q")

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def expr(self) -> Q:
        left = self.unit()
        while (tok := self.peek()) is not None and tok.kind != ")":
            if tok.kind == "op":
                self.pos += 1
                op = tok.value
            else:
                op = "AND"  # adjacent terms
            right = self.unit()
            left = left | right if op == "OR" else left & ~right if op == "NOT" else left & right
        return left

    def unit(self) -> Q:
        tok = self.peek()
        if tok is None:
            raise self.fail("The query ends where a term was expected.")
        self.pos += 1
        if tok.kind == "op" and tok.value == "NOT":
            return ~self.unit()
        if tok.kind == "(":
            inner = self.expr()
            closing = self.peek()
            if closing is None or closing.kind != ")":
                raise self.fail("A bracket is not closed.")
            self.pos += 1
            return inner
        if tok.kind == "term" and tok.value:
            return self.term(tok)
        raise self.fail(f"A term was expected, not {tok.value or tok.kind!r}.")


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _fulltext(value: str, phrase: bool) -> Q:
    if _postgres():
        function = "phraseto_tsquery" if phrase else "plainto_tsquery"
        sql = (
            'to_tsvector(\'simple\'::regconfig, "records_publicrecord"."search_text") '
            f"@@ {function}('simple'::regconfig, %s)"
        )
        return Q(RawSQL(sql, [value], output_field=BooleanField()))
    return Q(search_text__icontains=value)


def _term(tok: Token) -> Q:
    value, field = tok.value, tok.field
    if field == "accession":
        if value.endswith("*"):
            return Q(accession__istartswith=value[:-1])
        return Q(accession__iexact=value) | Q(accession_version__iexact=value)
    if field == "organism":
        return Q(organism__icontains=value) | Q(lineage__icontains=value)
    if field == "gene":
        return Q(gene__icontains=value)
    if field == "product":
        return Q(product__icontains=value)
    if field == "locus_tag":
        return Q(locus_tag__iexact=value) | _fulltext(value, True)
    if field == "bioproject":
        return Q(bioproject__iexact=value)
    if field == "node":
        return Q(
            node=value.lower()
        )  # stored lower case: an exact match uses the (is_current, kind, node) index
    if field == "molecule":
        if value.lower() in RecordKind.values:
            return Q(kind=value.lower())
        return Q(molecule__iexact=value)
    if field == "type":
        value = {"refseq": "reference", "genbank": "submitted", "wp": "nonredundant"}.get(
            value.lower(), value
        )
        return Q(record_type=value.lower())
    return Q(accession__iexact=value) | Q(accession_version__iexact=value) | _fulltext(value, tok.phrase)


def parse_query(query: str) -> Q:
    tokens = tokenize(query)
    if not tokens:
        return Q()
    parser = _Parser(tokens, _term)
    q = parser.expr()
    if parser.peek() is not None:
        raise ApplicationError("A closing bracket has no opening one.", code="bad_query", field="q")
    return q


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    pages: int
    page_size: int
    records: list[PublicRecord]
    facets: dict[str, list[tuple[str, int]]]
    filters: dict[str, str]


FILTERS = {"organism": "organism", "node": "node", "kind": "kind", "type": "record_type"}


def records_search(
    *,
    query: str,
    filters: dict[str, str] | None = None,
    page: int = 1,
    page_size: int = 20,
    facets: bool = True,
) -> SearchResult:
    """Search the current public records (nothing on hold: ``public_records`` is the base of every count)."""
    filters = {k: v for k, v in (filters or {}).items() if k in FILTERS and v}
    base: QuerySet[PublicRecord] = public_records()
    matched = base.filter(parse_query(query)) if query.strip() else base
    for name, value in filters.items():
        matched = matched.filter(**{FILTERS[name]: value})
    facet_counts: dict[str, list[tuple[str, int]]] = _facets(matched) if facets else {}
    # The kind facet partitions the matched set, so its counts add up to the total (one scan, not two).
    total = sum(n for _, n in facet_counts["kind"]) if facets else matched.count()
    page_size = max(1, min(page_size, 200))
    pages = max(1, (total + page_size - 1) // page_size)
    page = max(1, min(page, pages))
    rows = list(
        matched.order_by("accession").only(
            "accession",
            "version",
            "accession_version",
            "kind",
            "record_type",
            "node",
            "organism",
            "definition",
            "gene",
            "product",
            "locus_tag",
            "length",
            "molecule",
            "bioproject",
        )[(page - 1) * page_size : page * page_size]
    )
    if total == 0:
        facet_counts = {}
    return SearchResult(query, total, page, pages, page_size, rows, facet_counts, filters)


def _facets(matched: QuerySet[PublicRecord]) -> dict[str, list[tuple[str, int]]]:
    """Counts per organism, node, kind and record type. On PostgreSQL one GROUPING SETS query scans the
    matched rows once for all four; elsewhere one GROUP BY per facet."""
    counts: dict[str, list[tuple[str, int]]] = {name: [] for name in FACET_FIELDS}
    if _postgres():
        inner, params = matched.order_by().values(*FACET_FIELDS).query.sql_with_params()
        cols = ", ".join(FACET_FIELDS)
        sets = ", ".join(f"({c})" for c in FACET_FIELDS)
        sql = f"SELECT {cols}, COUNT(*) FROM ({inner}) AS m GROUP BY GROUPING SETS ({sets})"
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for row in cursor.fetchall():
                for i, name in enumerate(FACET_FIELDS):
                    if row[i] is not None:
                        counts[name].append((str(row[i]), int(row[-1])))
                        break
    else:
        for name in FACET_FIELDS:
            counted = matched.order_by().values(name).annotate(n=Count("pk"))
            counts[name] = [(str(row[name]), int(row["n"])) for row in counted]
    ranked = {name: sorted(rows, key=lambda r: (-r[1], r[0])) for name, rows in counts.items()}
    ranked["organism"] = ranked["organism"][:12]  # the others are small closed sets
    return ranked


def facet_label(name: str, value: str) -> str:
    choices: dict[str, Any] = {"node": Node, "kind": RecordKind, "record_type": RecordType}
    enum = choices.get(name)
    if enum is None:
        return value
    try:
        return str(enum(value).label)
    except ValueError:
        return value
