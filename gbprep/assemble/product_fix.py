"""tbl2asn's suspect product-name autofix (``-M n``): protein names rewritten by NCBI's product rules.

With ``-M n`` tbl2asn 25.3 runs every rule of ``product_rules.prt`` that carries a replacement (but those that
remove an organism's name or a description) over each coding region's protein name, in the file's order, each on the name the rules before it left, and logs each change
to ``<file>.fixedproducts``. A rule replaces the whole name, or the text it found (``probable transporter`` ->
``putative transporter``), or turns ``haem`` into ``heme``/``hem``; some also move the original name to the
coding region's note (``similar to actin`` -> ``hypothetical protein``, note ``similar to actin``). The CDS's
mRNA takes the new name too, whatever it was called. A pseudo CDS, an mRNA's own name and a mature peptide's
are left alone. Each case run through tbl2asn 25.3 (with the rule file NCBI's data package installs).

The rules are matched with the discrepancy report's reader and matcher (``gbprep.discrepancy.product_rules``);
without a rule file nothing is fixed, as the report then checks nothing.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from gbprep.assemble.cleanup import clean_text, without_organism
from gbprep.discrepancy.product_rules import (
    StringConstraint,
    SuspectRule,
    is_all_caps,
    parse_rules,
    search,
    skip_weasel,
    string_matches,
)
from gbprep.discrepancy.products import NCBI_DATA_RULES
from gbprep.discrepancy.rule_file import read_rule_file
from gbprep.model.records import AsnNode, Feature, Qualifier, Strand

# Categories whose replacements tbl2asn 25.3 does not apply ('Drosophila kinase', 'kinase and related enzymes'
# keep their names; checked by running it).
NOT_FIXED = frozenset({"remove-organism-name", "description"})


@dataclass(frozen=True, slots=True)
class WordSubstitution:
    """A word of a rule's text that a name may write as one of ``synonyms`` (``gene`` as ``partial``...)."""

    word: str
    synonyms: tuple[str, ...]
    case_sensitive: bool = False
    whole_word: bool = False


@dataclass(frozen=True, slots=True)
class ProductFix:
    """A rule with a replacement: ``text`` for the whole name or for what ``rule`` found, or ``haem``.

    ``words`` are the find's word substitutions (its ``ignore-words``), which the discrepancy matcher does not
    read; with them the find is matched as NCBI's AdvancedStringMatch does (``_matches``).
    """

    rule: SuspectRule
    text: str = ""
    whole_string: bool = False
    weasel_to_putative: bool = False
    haem: bool = False
    move_to_note: bool = False
    words: tuple[WordSubstitution, ...] = ()
    needle: str | None = None  # lower-case text a name must contain for the rule to match, if known


def rules_path() -> str | None:
    """The rule file tbl2asn reads: ``$PORTAL_PRODUCT_RULES``, else NCBI's data package's copy."""
    given = os.environ.get("PORTAL_PRODUCT_RULES")
    return given or (str(NCBI_DATA_RULES) if NCBI_DATA_RULES.is_file() else None)


@lru_cache(maxsize=4)
def load_fixes(path: str) -> tuple[ProductFix, ...]:
    """The rules of a rule file that carry a replacement, in the file's order."""
    nodes = read_rule_file(path)
    # parse_rules keeps every rule with a non-empty find, in order: pair each with its own node.
    raw = [r for top in nodes for r in top.children if (f := r.child("find")) is not None and f.children]
    fixes: list[ProductFix] = []
    for rule, node in zip(parse_rules(nodes), raw, strict=True):
        fix = _fix(rule, node.child("replace"))
        if fix is not None and rule.rule_type not in NOT_FIXED:
            words = _words(node.child("find"))
            fixes.append(replace(fix, words=words, needle=None if words else _needle(rule)))
    return tuple(fixes)


def _needle(rule: SuspectRule) -> str | None:
    """Lower-case text a name must hold for the rule's find to match (None: no such text to say)."""
    c = rule.find.constraint
    if c is None or not c.text or c.not_present or c.ignore_space or c.ignore_punct or c.all_caps:
        return None
    return (skip_weasel(c.text) if c.ignore_weasel else c.text).lower() or None


def _words(find: AsnNode | None) -> tuple[WordSubstitution, ...]:
    if find is None or find.value != "string-constraint" or not find.children:
        return ()
    listed = find.children[0].child("ignore-words")
    words: list[WordSubstitution] = []
    for item in listed.children if listed is not None else []:
        fields = {c.name: c for c in item.children}
        word = fields.get("word")
        synonyms = fields.get("synonyms")
        if word is None or not word.value:
            continue  # NCBI's compare never matches an empty word: such an entry changes nothing
        words.append(
            WordSubstitution(
                str(word.value),
                tuple(str(c.value) for c in synonyms.children) if synonyms is not None else (),
                case_sensitive=_flag(fields.get("case-sensitive")),
                whole_word=_flag(fields.get("whole-word")),
            )
        )
    return tuple(words)


def _flag(node: AsnNode | None) -> bool:
    return node is not None and node.value is True


def _fix(rule: SuspectRule, node: AsnNode | None) -> ProductFix | None:
    func = node.child("replace-func") if node is not None else None
    if node is None or func is None or not func.children:
        return None
    moves = node.child("move-to-note")
    move = bool(moves is not None and moves.value is True)
    kind, value = str(func.value), func.children[0]
    if kind == "haem-replace":
        return ProductFix(rule, haem=True, move_to_note=move)
    if kind != "simple-replace":
        return None
    fields = {c.name: c.value for c in value.children}
    return ProductFix(
        rule,
        text=str(fields.get("replace", "")),
        whole_string=fields.get("whole-string") is True,
        weasel_to_putative=fields.get("weasel-to-putative") is True,
        move_to_note=move,
    )


@lru_cache(maxsize=65536)
def fixed_name(path: str, name: str) -> tuple[str, bool]:
    """``fix_name`` with the rule file's fixes, once per name (a genome repeats its names a lot)."""
    return fix_name(name, load_fixes(path))


def fix_name(name: str, fixes: Sequence[ProductFix]) -> tuple[str, bool]:
    """The name after every fix that applies, and whether one moves the original to the note."""
    moved = False
    lower = name.lower()
    for fix in fixes:
        needle = fix.needle
        if needle is not None and needle not in lower:
            continue  # a cheap first test: the text the rule must find is not there
        if not _matches(fix, name):
            continue
        fixed = _apply(fix, name)
        if fixed != name:
            moved = moved or fix.move_to_note
            name, lower = fixed, fixed.lower()
    return name, moved


def _matches(fix: ProductFix, name: str) -> bool:
    rule, found = fix.rule, fix.rule.find.constraint
    if not fix.words or found is None:
        return rule.matches(name)
    if rule.needs_source or (
        found.all_caps and not is_all_caps(skip_weasel(name) if found.ignore_weasel else name)
    ):
        return False
    if advanced_match(name, found, fix.words) == found.not_present:
        return False
    if rule.except_ is not None and search(rule.except_, name):
        return False
    return all(string_matches(c, name) != c.not_present for c in rule.also)


def advanced_match(name: str, found: StringConstraint, words: Sequence[WordSubstitution]) -> bool:
    """NCBI's AdvancedStringMatch: the find's text against the whole name (weasel words not skipped), a
    substituted word matching any of its synonyms; 'contains' and 'ends' try each later start in turn."""
    text = found.text
    if _compare(name, text, found, words, True):
        return True
    if found.location in ("starts", "equals"):
        return False
    pos = 1
    while pos < len(name):
        if found.whole_word:
            while pos < len(name) and name[pos - 1].isalpha():
                pos += 1
        if pos < len(name):
            if _compare(name[pos:], text, found, words, True):
                return True
            pos += 1
    return False


def _same(a: str, b: str, n: int, case_sensitive: bool) -> bool:
    """NCBI's CaseNCompareEqual: the first ``n`` characters of both (never true for ``n`` 0)."""
    if n == 0:
        return False
    a, b = a[:n], b[:n]
    return a == b if case_sensitive else a.lower() == b.lower()


def _punct(ch: str) -> bool:
    return ch in string.punctuation


def _compare(
    name: str, text: str, found: StringConstraint, words: Sequence[WordSubstitution], at_start: bool
) -> bool:
    """NCBI's AdvancedStringCompare: ``text`` against the start of ``name``, character by character (blanks and
    punctuation skipped where the rule says), trying each word substitution where its word starts."""
    pm = ps = 0
    while pm < len(text) and ps < len(name):
        rest_m, rest_s = text[pm:], name[ps:]
        for w in words:
            n1 = len(w.word)
            if not _same(w.word, rest_m, n1, w.case_sensitive):
                continue
            start_m = (pm == 0 and at_start) or (pm > 0 and not text[pm - 1].isalpha())
            after_m = rest_m[n1] if len(rest_m) > n1 else " "
            if w.whole_word and (after_m.isalpha() or not start_m):
                continue
            if not w.synonyms:
                if _compare(rest_s, rest_m[n1:], found, words, start_m):
                    return True
                continue
            for synonym in w.synonyms:
                n2 = len(synonym)
                if not _same(synonym, rest_s, n2, w.case_sensitive):
                    continue
                start_s = (ps == 0 and at_start) or (ps > 0 and not name[ps - 1].isalpha())
                after_s = rest_s[n2] if len(rest_s) > n2 else " "
                if w.whole_word and (after_s.isalpha() or not start_s):
                    continue
                if _compare(rest_s[n2:], rest_m[n1:], found, words, start_m and start_s):
                    return True
        m, c = rest_m[0], rest_s[0]
        if _same(m, c, 1, found.case_sensitive):
            pm, ps = pm + 1, ps + 1
        elif found.ignore_space and (m.isspace() or c.isspace()):
            pm, ps = pm + m.isspace(), ps + c.isspace()
        elif found.ignore_punct and (_punct(m) or _punct(c)):
            pm, ps = pm + _punct(m), ps + _punct(c)
        else:
            return False
    while ps < len(name) and (
        (found.ignore_space and name[ps].isspace()) or (found.ignore_punct and _punct(name[ps]))
    ):
        ps += 1
    while pm < len(text) and (
        (found.ignore_space and text[pm].isspace()) or (found.ignore_punct and _punct(text[pm]))
    ):
        pm += 1
    if pm < len(text):
        return False
    if found.location in ("ends", "equals") and ps < len(name):
        return False
    return not (found.whole_word and (not at_start or (ps < len(name) and name[ps].isalpha())))


_HAEM = re.compile(r"haem([a-z]?)", re.IGNORECASE)


def _apply(fix: ProductFix, name: str) -> str:
    if fix.haem:  # 'haem oxygenase' -> 'heme oxygenase', 'Haemoglobin' -> 'hemoglobin'
        return _HAEM.sub(lambda m: "hem" + m.group(1) if m.group(1) else "heme", name)
    if fix.whole_string:
        return fix.text
    found = fix.rule.find.constraint
    if found is None or not found.text:
        return name
    # A rule that skips leading weasel words ('predicted protein' equals 'protein') drops them, or puts one
    # 'putative' in their place; any other rule replaces the text where it stands ('probable transporter').
    body = skip_weasel(name) if found.ignore_weasel else name
    target = re.escape(skip_weasel(found.text) if found.ignore_weasel else found.text)
    if found.whole_word:
        target = rf"(?<![A-Za-z0-9_-]){target}(?![A-Za-z0-9_-])"
    flags = 0 if found.case_sensitive else re.IGNORECASE
    fixed = re.sub(target, lambda _: fix.text, body, flags=flags)
    if fix.weasel_to_putative and body != name:
        fixed = f"putative {fixed}"
    return clean_text(fixed)


def autofix_products(features: Sequence[Feature], taxname: str, path: str) -> list[Feature]:
    """The features with each coding region's protein name fixed by the rule file at ``path``, its mRNA's
    name with it."""
    out = list(features)
    mrnas = [i for i, f in enumerate(out) if f.key == "mRNA" and f.intervals]
    for i, cds in enumerate(features):
        product = cds.get("product") if cds.key == "CDS" and cds.intervals else None
        if not product or cds.has("pseudo"):
            continue
        cleaned = clean_text(product)
        name = without_organism(cleaned, taxname) or cleaned
        fixed, moved = fixed_name(path, name)
        if fixed == name:
            continue
        out[i] = _renamed(cds, fixed, name if moved else None)
        which = _mrna_of(cds, [out[m] for m in mrnas])
        if which is not None:
            m = mrnas[which]
            out[m] = _renamed(out[m], fixed, None)
    return out


def _renamed(feature: Feature, product: str, note: str | None) -> Feature:
    quals: list[Qualifier] = []
    named = False
    for q in feature.qualifiers:
        if q.key == "product" and not named:
            quals.append(Qualifier("product", product, q.pos))
            named = True
        elif q.key != "product":
            quals.append(q)
    if not named:
        quals.append(Qualifier("product", product, feature.pos))
    if note is not None:
        last = max((k for k, q in enumerate(quals) if q.key == "note" and q.value), default=None)
        if last is None:
            quals.append(Qualifier("note", note, feature.pos))
        else:
            quals[last] = Qualifier("note", f"{quals[last].value}; {note}", quals[last].pos)
    return replace(feature, qualifiers=quals)


def _mrna_of(cds: Feature, mrnas: Sequence[Feature]) -> int | None:
    """The mRNA sharing the CDS's transcript_id, else its protein_id, else the smallest one around it."""
    for key in ("transcript_id", "protein_id"):
        value = cds.get(key)
        if value:
            for k, mrna in enumerate(mrnas):
                if value in mrna.values(key):
                    return k
    strand: Strand = cds.strand
    around = [
        (mrna.high - mrna.low, k)
        for k, mrna in enumerate(mrnas)
        if mrna.strand is strand and mrna.low <= cds.low and cds.high <= mrna.high
    ]
    return min(around)[1] if around else None
