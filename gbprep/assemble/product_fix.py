"""tbl2asn's suspect product-name autofix (``-M n``): protein names rewritten by NCBI's product rules.

With ``-M n`` tbl2asn 25.3 runs every rule of ``product_rules.prt`` that carries a replacement (but those that
remove an organism's name or a description) over each coding region's protein name, in the file's order, each
on the name the rules before it left, and logs each change to ``<file>.fixedproducts``. A rule replaces the
whole name, or the text it found (``probable transporter`` -> ``putative transporter``), or turns ``haem`` into
``heme``/``hem``; some also move the original name to the coding region's note (``similar to actin`` ->
``hypothetical protein``, note ``similar to actin``). The CDS's mRNA takes the new name too, whatever it was
called. A pseudo CDS, an mRNA's own name and a mature peptide's are left alone. Each case run through tbl2asn
25.3 (with the rule file NCBI's data package installs); 2,524 names from the corpus and the generator agree.

The rules are matched with the discrepancy report's reader and matcher (``gbprep.discrepancy.product_rules``,
ignore-words included); without a rule file nothing is fixed, as the report then checks nothing.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from gbprep.assemble.cleanup import clean_text, without_organism
from gbprep.discrepancy.product_rules import (
    SuspectRule,
    parse_rules,
    skip_weasel,
)
from gbprep.discrepancy.products import NCBI_DATA_RULES
from gbprep.discrepancy.rule_file import read_rule_file
from gbprep.model.records import AsnNode, Feature, Qualifier, Strand

# Categories whose replacements tbl2asn 25.3 does not apply ('Drosophila kinase', 'kinase and related enzymes'
# keep their names; checked by running it).
NOT_FIXED = frozenset({"remove-organism-name", "description"})


@dataclass(frozen=True, slots=True)
class ProductFix:
    """A rule with a replacement: ``text`` for the whole name or for what ``rule`` found, or ``haem``."""

    rule: SuspectRule
    text: str = ""
    whole_string: bool = False
    weasel_to_putative: bool = False
    haem: bool = False
    move_to_note: bool = False
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
            fixes.append(replace(fix, needle=_needle(rule)))
    return tuple(fixes)


def _needle(rule: SuspectRule) -> str | None:
    """Lower-case text a name must hold for the rule's find to match (None: no such text to say)."""
    c = rule.find.constraint
    if c is None or not c.text or c.not_present or c.ignore_space or c.ignore_punct or c.all_caps:
        return None
    if any(w.word for w in c.ignore_words):
        return None  # a word of the text may stand for another in the name
    return (skip_weasel(c.text) if c.ignore_weasel else c.text).lower() or None


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


def fixed_protein_name(path: str, name: str) -> str:
    """The name a protein is validated under after the fix (``RuleOptions.protein_name_fix``)."""
    return fixed_name(path, name)[0]


def fix_name(name: str, fixes: Sequence[ProductFix]) -> tuple[str, bool]:
    """The name after every fix that applies, and whether one moves the original to the note."""
    moved = False
    lower = name.lower()
    for fix in fixes:
        needle = fix.needle
        if needle is not None and needle not in lower:
            continue  # a cheap first test: the text the rule must find is not there
        if not fix.rule.matches(name):
            continue
        fixed = _apply(fix, name)
        if fixed != name:
            moved = moved or fix.move_to_note
            name, lower = fixed, fixed.lower()
    return name, moved


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
