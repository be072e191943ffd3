"""NCBI's suspect product-name rules (``product_rules.prt``, a ``Suspect-rule-set`` in ASN.1 text): reader and
matcher.

Each rule has a ``find`` (a string constraint, or one of the named checks: plural, all capitals, three or
more digits together, underscore, too long, unbalanced brackets...), an optional ``except``, a ``rule-type``
that names the report category, and sometimes a replacement. Matching follows the NCBI toolkit's semantics
as far as the report needs them (whole words, weasel words such as "putative" skipped, case).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gbprep.discrepancy.rule_file import read_rule_file
from gbprep.model.records import AsnNode

# Report headings by rule type, in the order tbl2asn lists them (NCBI's Fix-type enumeration).
CATEGORIES = {
    "typo": "Typo",
    "putative-typo": "Putative Typo",
    "quickfix": "Quick fix",
    "no-organelle-for-prokaryote": "Organelles not appropriate in prokaryote",
    "might-be-nonfunctional": "Suspicious phrase; should this be nonfunctional?",
    "database": "May contain database identifier more appropriate in note; remove from product name",
    "remove-organism-name": "Remove organism from product name",
    "inappropriate-symbol": "Possible parsing error or incorrect formatting; remove inappropriate symbols",
    "evolutionary-relationship": "Implies evolutionary relationship; change to -like protein",
    "use-protein": "Consider adding 'protein' to the end of the product name",
    "hypothetical": "Correct the name or use 'hypothetical protein'",
    "british": "Use American spelling",
    "description": "Use short product name instead of descriptive phrase",
    "gene": "use protein instead of gene as appropriate",
}
CATEGORY_RANK = {name: i for i, name in enumerate(CATEGORIES)}
# Categories that block a genome submission (FATAL with -M n).
FATAL_CATEGORIES = frozenset({"remove-organism-name", "inappropriate-symbol"})
# Words NCBI skips at the start of a name when a rule says ignore-weasel.
WEASELS = ("candidate", "hypothetical", "novel", "possible", "potential", "predicted", "probable", "putative",
           "uncharacterized", "unique")  # fmt: skip
# Digit runs after these are names, not identifiers (DUF1234, TIGR00001...).
OK_NUMBER_PREFIXES = ("DUF", "UPF", "IS", "TIGR", "UCP", "PUF", "CHP")
_LOCATION_WORDS = {"contains": "contains", "starts": "starts with", "ends": "ends with", "equals": "equals"}


@dataclass(frozen=True, slots=True)
class StringConstraint:
    text: str
    location: str = "contains"
    case_sensitive: bool = False
    whole_word: bool = False
    not_present: bool = False
    ignore_weasel: bool = False
    ignore_space: bool = False
    ignore_punct: bool = False
    all_caps: bool = False
    ignore_words: tuple[WordSubstitution, ...] = ()  # words of the text that may stand for others


@dataclass(frozen=True, slots=True)
class WordSubstitution:
    """``word`` in a rule's text matches any of ``synonyms`` in the name (or nothing, if it has none)."""

    word: str
    synonyms: tuple[str, ...] = ()
    case_sensitive: bool = False
    whole_word: bool = False


@dataclass(frozen=True, slots=True)
class SearchFunc:
    kind: str  # "string-constraint", "contains-plural", "three-numbers", ...
    constraint: StringConstraint | None = None
    number: int = 0
    text: str = ""


@dataclass(frozen=True, slots=True)
class SuspectRule:
    find: SearchFunc
    rule_type: str
    except_: SearchFunc | None = None
    replace: str | None = None
    # Further conditions on the product name (the rule file's feat-constraint); all must hold.
    also: tuple[StringConstraint, ...] = ()
    # A condition on the organism the portal cannot evaluate the way NCBI does: the rule is not applied.
    needs_source: bool = False
    fatal: bool = False
    summary_text: str = ""  # the rule file's description, which tbl2asn prints instead of the find

    @property
    def category(self) -> str:
        return CATEGORIES.get(self.rule_type, self.rule_type)

    @property
    def description(self) -> str:
        """What tbl2asn 25.3 says the rule found, after "N features": the rule file's own description if it
        has one, else its find (" but not " its except); then a typo's replacement, "(FATAL)" if fatal."""
        text = self.summary_text or _summarize(self.find)
        if not self.summary_text and self.except_ is not None:
            text += f" but not {_summarize(self.except_)}"
        if self.replace is not None and self.rule_type in ("typo", "quickfix"):
            text += f", Replace with '{self.replace}'"
        return text + ("(FATAL)" if self.fatal else "")

    @property
    def required_text(self) -> str | None:
        """Lower-case text any matching name must contain (a cheap first test), when the rule has one."""
        c = self.find.constraint
        if c is None or c.not_present or c.ignore_space or c.ignore_punct or c.all_caps or c.ignore_words:
            return None
        return (skip_weasel(c.text) if c.ignore_weasel else c.text).lower() or None

    @property
    def required_letters(self) -> str | None:
        """Lower-case letters and digits any matching name must hold together, once stripped to its own
        letters and digits, for a rule that skips spaces, punctuation or words (the longest stretch of its
        text that no ignored word covers)."""
        c = self.find.constraint
        if c is None or c.not_present or not (c.ignore_space or c.ignore_punct or c.ignore_words):
            return None
        text = (skip_weasel(c.text) if c.ignore_weasel and not c.ignore_words else c.text).lower()
        covered = [False] * len(text)
        for w in c.ignore_words:
            word = w.word.lower()
            at = text.find(word) if word else -1
            while at >= 0:
                covered[at : at + len(word)] = [True] * len(word)
                at = text.find(word, at + 1)
        stretches = "".join(" " if covered[i] else ch for i, ch in enumerate(text)).split(" ")
        best = max(("".join(ch for ch in part if ch.isalnum()) for part in stretches), key=len, default="")
        return best or None

    def matches(self, name: str) -> bool:
        if self.needs_source or not search(self.find, name):
            return False
        if self.except_ is not None and search(self.except_, name):
            return False
        return all(string_matches(c, name) != c.not_present for c in self.also)


def _summarize(f: SearchFunc) -> str:
    if f.kind == "string-constraint" and f.constraint is not None:
        return f"{_LOCATION_WORDS.get(f.constraint.location, 'contains')} '{f.constraint.text}'"
    return {
        "contains-plural": "May contain plural",
        "all-caps": "Is all capital letters",
        "three-numbers": "contains three or more numbers together that may be identifiers more appropriate in note",
        "underscore": "Contains underscore",
        "unbalanced-paren": "contains unbalanced brackets or parentheses",
        "too-long": f"Is longer than {f.number} characters. Remove descriptive phrases or synonyms from "
        "product names. Keep valid long product names, eg long enzyme names",
        "n-or-more-brackets-or-parentheses": f"contains {f.number} or more brackets or parentheses",
        "prefix-and-numbers": f"is '{f.text}' followed by numbers",
        "has-term": f"contains '{f.text}'",
    }.get(f.kind, f.kind)


# -- reading -----------------------------------------------------------------------------------------------


def _child_value(node: AsnNode, name: str, default: object = None) -> object:
    child = node.child(name)
    return child.value if child is not None else default


def _constraint(node: AsnNode) -> StringConstraint:
    return StringConstraint(
        text=str(_child_value(node, "match-text", "")),
        location=str(_child_value(node, "match-location", "contains")),
        case_sensitive=bool(_child_value(node, "case-sensitive", False)),
        whole_word=bool(_child_value(node, "whole-word", False)),
        not_present=bool(_child_value(node, "not-present", False)),
        ignore_weasel=bool(_child_value(node, "ignore-weasel", False)),
        ignore_space=bool(_child_value(node, "ignore-space", False)),
        ignore_punct=bool(_child_value(node, "ignore-punct", False)),
        all_caps=bool(_child_value(node, "is-all-caps", False)),
        ignore_words=_word_substitutions(node.child("ignore-words")),
    )


def _word_substitutions(node: AsnNode | None) -> tuple[WordSubstitution, ...]:
    if node is None:
        return ()
    out = []
    for w in node.children:
        synonyms = w.child("synonyms")
        out.append(
            WordSubstitution(
                word=str(_child_value(w, "word", "")),
                synonyms=tuple(str(x.value) for x in synonyms.children) if synonyms is not None else (),
                case_sensitive=bool(_child_value(w, "case-sensitive", False)),
                whole_word=bool(_child_value(w, "whole-word", False)),
            )
        )
    return tuple(out)


def _search_func(node: AsnNode | None) -> SearchFunc | None:
    if node is None or not node.children:
        return None
    kind = str(node.value)
    value = node.children[0]
    if kind == "string-constraint":
        return SearchFunc(kind, constraint=_constraint(value))
    if value.kind == "int":
        return SearchFunc(kind, number=int(str(value.value)))
    if value.kind == "string":
        return SearchFunc(kind, text=str(value.value))
    return SearchFunc(kind)


def _replacement(node: AsnNode | None) -> str | None:
    if node is None:
        return None
    for child in node.walk():
        if child.name == "replace" and child.kind == "string":
            return str(child.value)
    return None


def _feature_constraints(node: AsnNode | None) -> tuple[tuple[StringConstraint, ...], bool]:
    """The string conditions of a feat-constraint, and whether it also has a source condition."""
    if node is None:
        return (), False
    found: list[StringConstraint] = []
    needs_source = False
    for condition in node.children:  # "field { ... }", "string { ... }", "source { ... }"
        inner = condition.child("string-constraint")
        if condition.name == "string":
            found.append(_constraint(condition))
        elif condition.name == "field" and inner is not None:
            found.append(_constraint(inner))
        else:
            needs_source = True
    return tuple(found), needs_source


def parse_rules(nodes: list[AsnNode]) -> list[SuspectRule]:
    rules: list[SuspectRule] = []
    for top in nodes:
        for rule in top.children:
            find = _search_func(rule.child("find"))
            if find is None:
                continue
            also, needs_source = _feature_constraints(rule.child("feat-constraint"))
            rules.append(
                SuspectRule(
                    find=find,
                    rule_type=str(_child_value(rule, "rule-type", "none")),
                    except_=_search_func(rule.child("except")),
                    replace=_replacement(rule.child("replace")),
                    also=also,
                    needs_source=needs_source,
                    fatal=bool(_child_value(rule, "fatal", False)),
                    summary_text=" ".join(str(_child_value(rule, "description", "")).split()),
                )
            )
    return rules


@lru_cache(maxsize=4)
def load_rules(path: str) -> tuple[SuspectRule, ...]:
    """Read a ``.prt`` rule file once per process (it has ~800 rules; see ``rule_file`` for the reader)."""
    return tuple(parse_rules(read_rule_file(path)))


# -- matching ----------------------------------------------------------------------------------------------


def skip_weasel(text: str) -> str:
    """The name without leading weasel words ("putative", "probable"...)."""
    words = text.split(" ")
    while len(words) > 1 and words[0].lower() in WEASELS:
        words = words[1:]
    return " ".join(words)


def _disallowed(ch: str) -> bool:
    return ch.isalnum() or ch in "_-"


def _whole_word_at(text: str, found: int, length: int) -> bool:
    if found > 0 and _disallowed(text[found - 1]):
        return False
    after = found + length
    return not (after < len(text) and _disallowed(text[after]))


def _strip(text: str, space: bool, punct: bool) -> str:
    return "".join(
        c for c in text if not ((space and c.isspace()) or (punct and not c.isalnum() and not c.isspace()))
    )


def string_matches(c: StringConstraint, name: str) -> bool:
    text = skip_weasel(name) if c.ignore_weasel else name
    if c.all_caps and not is_all_caps(text):
        return False
    if c.ignore_words and c.text:
        return advanced_match(text, c)  # the rule's text as written, weasel words and all (NCBI)
    pattern = skip_weasel(c.text) if c.ignore_weasel else c.text
    if not pattern:
        return True
    if c.ignore_space or c.ignore_punct:
        text, pattern = (
            _strip(text, c.ignore_space, c.ignore_punct),
            _strip(pattern, c.ignore_space, c.ignore_punct),
        )
    hay, needle = (text, pattern) if c.case_sensitive else (text.lower(), pattern.lower())
    if c.location == "equals":
        return hay == needle
    if c.location == "starts":
        return hay.startswith(needle) and (not c.whole_word or _whole_word_at(hay, 0, len(needle)))
    if c.location == "ends":
        return hay.endswith(needle) and (
            not c.whole_word or _whole_word_at(hay, len(hay) - len(needle), len(needle))
        )
    start = hay.find(needle)
    while start >= 0:
        if not c.whole_word or _whole_word_at(hay, start, len(needle)):
            return True
        start = hay.find(needle, start + 1)
    return False


def _alpha(text: str, i: int) -> bool:
    """C's isalpha on the character at ``i`` (the end of the text is NUL: not a letter)."""
    return i < len(text) and text[i].isascii() and text[i].isalpha()


def _punct(ch: str) -> bool:
    return ch.isascii() and ch.isprintable() and not ch.isalnum() and not ch.isspace()


def _same(a: str, b: str, case_sensitive: bool) -> bool:
    return a == b if case_sensitive else a.lower() == b.lower()


def _word_start(text: str, i: int, is_start: bool) -> bool:
    return is_start if i == 0 else not _alpha(text, i - 1)


def _advanced_compare(s: str, m: str, c: StringConstraint, is_start: bool) -> bool:
    """NCBI's AdvancedStringCompare: does ``s`` begin with the rule text ``m``, where a word of
    ``c.ignore_words`` in ``m`` may stand for one of its synonyms in ``s`` (or for nothing)?"""
    si = mi = 0
    while mi < len(m):
        for w in c.ignore_words:
            n = len(w.word)
            if not _same(m[mi : mi + n], w.word, w.case_sensitive) or len(m) - mi < n:
                continue
            start_m = _word_start(m, mi, is_start)
            if w.whole_word and (_alpha(m, mi + n) or not start_m):
                continue
            if not w.synonyms:
                if _advanced_compare(s[si:], m[mi + n :], c, start_m):
                    return True
                continue
            for syn in w.synonyms:
                k = len(syn)
                if len(s) - si < k or not _same(s[si : si + k], syn, w.case_sensitive):
                    continue
                start_s = _word_start(s, si, is_start)
                if w.whole_word and (_alpha(s, si + k) or not start_s):
                    continue
                if _advanced_compare(s[si + k :], m[mi + n :], c, start_m and start_s):
                    return True
        if si < len(s) and _same(m[mi], s[si], c.case_sensitive):
            mi, si = mi + 1, si + 1
        elif c.ignore_space and (m[mi].isspace() or (si < len(s) and s[si].isspace())):
            mi += m[mi].isspace()
            si += si < len(s) and s[si].isspace()
        elif c.ignore_punct and (_punct(m[mi]) or (si < len(s) and _punct(s[si]))):
            mi += _punct(m[mi])
            si += si < len(s) and _punct(s[si])
        else:
            return False
    while si < len(s) and ((c.ignore_space and s[si].isspace()) or (c.ignore_punct and _punct(s[si]))):
        si += 1
    if c.location in ("ends", "equals") and si < len(s):
        return False
    return not (c.whole_word and (not is_start or _alpha(s, si)))


def advanced_match(text: str, c: StringConstraint) -> bool:
    """NCBI's AdvancedStringMatch, for a constraint with ignore-words: the text tried at its start, then
    (unless it must start or equal) at each later position (each word start, for whole words)."""
    if _advanced_compare(text, c.text, c, True):
        return True
    if c.location in ("starts", "equals"):
        return False
    i = 1
    while i < len(text):
        if c.whole_word:
            while i < len(text) and _alpha(text, i - 1):
                i += 1
        if i < len(text):
            if _advanced_compare(text[i:], c.text, c, True):
                return True
            i += 1
    return False


def is_all_caps(text: str) -> bool:
    return any(c.isalpha() for c in text) and not any(c.islower() for c in text)


def may_contain_plural(name: str) -> bool:
    """A word ending in 's' (not -ss, -is, -us, -trans) that ends the name or is followed by a comma."""
    for match in re.finditer(r"[^ ,]+", name):
        word = match.group()
        nxt = name[match.end()] if match.end() < len(name) else ","
        if (
            len(word) > 3
            and word.endswith("s")
            and not word.endswith("trans")
            and word[-2] not in "siu"
            and nxt == ","
        ):
            return True
    return False


def three_numbers(name: str) -> bool:
    """Three or more digits together, unless after DUF/UPF/TIGR..., after 'cytochrome'/'coenzyme', or before
    'family' (NCBI's test for database identifiers in a name)."""
    for run in re.finditer(r"\d+", name):
        before = name[: run.start()]
        if before.endswith(OK_NUMBER_PREFIXES) or _after_cytochrome(before):
            continue
        if len(run.group()) >= 3:
            rest = name[run.start() + 3 :]
            space = rest.find(" ")
            if space >= 0 and rest[space + 1 :].lower() == "family":
                continue
            return True
    return False


def _after_cytochrome(before: str) -> bool:
    head = before.rstrip()
    if " " not in before:
        return False
    head = before[: before.rfind(" ")].rstrip()
    return head.lower().endswith(("cytochrome", "coenzyme"))


def contains_underscore(name: str) -> bool:
    if "_" not in name:
        return False
    parts = name.split("_")
    for i in range(len(parts) - 1):
        after = parts[i + 1]
        space = after.find(" ")
        if space >= 0 and after[space + 1 :].lower() == "family":
            continue
        if len(parts[i]) < 3 or name[len(parts[i]) - 1] == " ":
            return True
        if parts[i][-3:] in ("MFS", "TPR", "AAA") and after[:1].isdigit() and not after[1:2].isdigit():
            continue
        return True
    return False


def unbalanced(name: str) -> bool:
    stack: list[str] = []
    for ch in name:
        if ch in "([":
            stack.append(ch)
        elif ch in ")]" and (not stack or stack.pop() != ("(" if ch == ")" else "[")):
            return True
    return bool(stack)


def brackets(name: str, n: int) -> bool:
    return len(re.findall(r"\([^()]{4,}\)|\[[^\[\]]{4,}\]", name)) >= n


def search(func: SearchFunc, name: str) -> bool:
    kind = func.kind
    if kind == "string-constraint" and func.constraint is not None:
        found = string_matches(func.constraint, name)
        return not found if func.constraint.not_present else found
    if kind == "contains-plural":
        return may_contain_plural(name)
    if kind == "all-caps":
        return is_all_caps(name)
    if kind == "three-numbers":
        return three_numbers(name)
    if kind == "underscore":
        return contains_underscore(name)
    if kind == "unbalanced-paren":
        return unbalanced(name)
    if kind == "too-long":
        lower = name.lower()
        return len(name) > func.number and "bifunctional" not in lower and "multifunctional" not in lower
    if kind == "n-or-more-brackets-or-parentheses":
        return brackets(name, func.number)
    if kind == "prefix-and-numbers":
        return name.startswith(func.text) and name[len(func.text) :].isdigit()
    if kind == "has-term":
        lower = name.lower()
        at = lower.find(func.text.lower())
        return "domain" not in lower and at >= 0 and (at == 0 or not name[at - 1].isalpha())
    return False
