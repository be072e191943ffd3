"""The '>' definition lines of a FASTA file: SeqIDs as NCBI parses and limits them, the title, and the
source modifiers taken out of it.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from gbprep.model.diagnostics import Severity
from gbprep.model.records import SourceModifier
from gbprep.model.seqids import id_key as _id_key
from gbprep.model.seqids import split_seq_id as _split_seq_id
from gbprep.readers.fasta.base import _PROTEIN, _Building, _ReaderBase, _short
from gbprep.readers.fasta.codes import (
    BAD_SEQID_FORMAT,
    DATABASE_SEQID,
    DUPLICATE_SEQID,
    MAX_GENERAL_DB,
    MAX_GENERAL_TAG,
    MAX_LOCAL_ID,
    MISSING_SEQID,
    MODIFIER_VALUE,
    NON_ASCII_DEFLINE,
    REPEATED_MODIFIER,
    SEQID_CASE_CONFLICT,
    SEQID_INVALID_CHAR,
    SEQID_LIKE_ACCESSION,
    SEQID_TOO_LONG,
    SEQID_UNUSUAL_CHAR,
    SEQUENCE_IN_DEFLINE,
    SPACE_BEFORE_SEQID,
    UNBALANCED_BRACKET,
    UNKNOWN_MODIFIER,
)
from gbprep.readers.fasta.modifiers import (
    _ALIASES,
    _MODIFIER_NAMES,
    _SINGLE_VALUED,
    _SUGGESTIONS,
    _norm_name,
    _norm_value,
    _value_problem,
)

_REFUSED_ID_CHARS = re.compile(r'[\[\]>|"\x00-\x20\x7f-\U0010ffff]')
_ADVISED_ID = re.compile(r"[A-Za-z0-9_.:*#-]*")
_NUC_ACCESSION = re.compile(
    r"(?:[A-Z]\d{5}|[A-Z]{2}\d{6}|[A-Z]{2}\d{8}|[A-Z]{4}\d{8,10}|[A-Z]{6}\d{9,11}|[ANX][CGTWZMR]_\d{6,9})"
    r"(?:\.\d+)?"
)
_PROT_ACCESSION = re.compile(r"(?:[A-Z]{3}\d{5}|[A-Z]{3}\d{7}|[ANXYW]P_\d{6,9})(?:\.\d+)?")
# NCBI warns when a definition line ends in 20 or more of these: the sequence was probably put there.
_BASE_LETTERS = "ACGTNacgtn"

_BRACKET_PAIR = re.compile(r"\[([^\[\]]*)\]")


class _DeflineReader(_ReaderBase):
    """Definition lines: the SeqID and its checks, non-ASCII text, ``[name=value]`` source modifiers."""

    def _header(self, text: str, line: int) -> _Building:
        body = text[1:]
        lead = len(body) - len(body.lstrip())
        word = re.match(r"\S*", body[lead:])
        token = word.group() if word else ""
        rest_at = 1 + lead + len(token)  # 0-based index of the text after the SeqID
        if "[" in token:
            cut = token.index("[")
            if cut:  # '> [organism=x]' has no SeqID at all, which MISSING_SEQID below says
                self.add(
                    SEQID_INVALID_CHAR(
                        self.at(line, 2 + lead + cut),
                        f"No space between the SeqID and '[' at line {line}: '{_short(token)}'.",
                        fix="Put a space between the SeqID and the first [modifier]: '>contig_1 [organism=...]'.",
                    )
                )
            token, rest_at = token[:cut], 1 + lead + cut
        if not token:
            self.add(MISSING_SEQID(self.at(line, 2), f"The '>' line at line {line} has no SeqID."))
        elif lead:
            self.add(
                SPACE_BEFORE_SEQID(
                    self.at(line, 2), f"Space between '>' and SeqID '{_short(token)}' at line {line}."
                )
            )
        if token:
            self._check_seq_id(token, line, 2 + lead)
        pos = self.at(line, 1)
        rest = text[rest_at:]
        if not rest.isascii():
            self._non_ascii(rest, rest_at, line, token)
        title, modifiers = self._modifiers(rest, rest_at, line, token)
        stripped = text.rstrip()
        run = len(stripped) - len(stripped.rstrip(_BASE_LETTERS))
        if run >= 20:
            start = len(stripped) - run
            in_id = start < rest_at and run > 25
            self.add(
                SEQUENCE_IN_DEFLINE(
                    self.at(line, start + 1),
                    f"The definition line at line {line} ends with {run:,} nucleotide letters.",
                    seq_id=token,
                    severity=Severity.ERROR if in_id else None,
                )
            )
        return _Building(seq_id=token, title=title, pos=pos, modifiers=modifiers)

    def _non_ascii(self, rest: str, offset: int, line: int, seq_id: str) -> None:
        """One finding per definition line, at its first non-ASCII character, shown as a code point: a
        right-to-left override (U+202E) or a zero-width space is invisible when printed."""
        odd = [(i, c) for i, c in enumerate(rest) if not c.isascii()]
        hidden = [(i, c) for i, c in odd if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
        index, char = (hidden or odd)[0]  # an invisible one matters most: point at it
        column = offset + index + 1
        invisible = bool(hidden)
        count = len(odd)
        more = f" ({count} non-ASCII characters in all)" if count > 1 else ""
        name = unicodedata.name(char, "unnamed character")
        self.add(
            NON_ASCII_DEFLINE(
                self.at(line, column),
                f"The definition line at line {line} has U+{ord(char):04X} ({name}) at column {column}{more}"
                + (
                    "; it is invisible and can make the text display differently from what it is."
                    if invisible
                    else "."
                ),
                seq_id=seq_id or None,
                severity=Severity.ERROR if invisible else None,
            )
        )

    def _check_seq_id(self, token: str, line: int, column: int) -> None:
        ids, shown = _split_seq_id(token), _short(token)
        if ids is None:
            self.add(
                BAD_SEQID_FORMAT(
                    self.at(line, column + token.index("|")),
                    f"SeqID '{shown}' at line {line} contains '|' but is not an NCBI id: a '|' form must "
                    "start with an id type such as lcl| or gnl|.",
                    seq_id=token,
                )
            )
            keys: tuple[str, ...] = (f"lcl|{token}",)
        else:
            keys = tuple(_id_key(kind, values) for kind, values in ids)
            database_reported = False
            for kind, values in ids:
                if kind == "lcl":
                    self._check_name(values[0], "local id", MAX_LOCAL_ID, token, line, column, accession=True)
                elif kind == "gnl":
                    self._check_name(values[0], "database name", MAX_GENERAL_DB, token, line, column)
                    self._check_name(values[1], "general id", MAX_GENERAL_TAG, token, line, column)
                elif not database_reported:
                    database_reported = True
                    self.add(
                        DATABASE_SEQID(
                            self.at(line, column),
                            f"SeqID '{shown}' at line {line} uses the public-database id type '{kind}|'.",
                            seq_id=token,
                        )
                    )
        for key in keys:
            if key in self.seen:
                self.add(
                    DUPLICATE_SEQID(
                        self.at(line, column),
                        f"SeqID '{shown}' at line {line} was already used at line {self.seen[key]}.",
                        seq_id=token,
                    )
                )
                break
            folded = self.seen_folded.get(key.lower())
            if folded is not None:
                self.add(
                    SEQID_CASE_CONFLICT(
                        self.at(line, column),
                        f"SeqID '{shown}' at line {line} differs only in case from "
                        f"'{folded[0].split('|', 1)[1]}' at line {folded[1]}.",
                        seq_id=token,
                    )
                )
                break
        for key in keys:
            self.seen.setdefault(key, line)
            self.seen_folded.setdefault(key.lower(), (key, line))

    def _check_name(
        self,
        value: str,
        what: str,
        limit: int,
        token: str,
        line: int,
        column: int,
        *,
        accession: bool = False,
    ) -> None:
        shown, shown_value = _short(token), _short(value)
        if not value:
            self.add(
                BAD_SEQID_FORMAT(
                    self.at(line, column), f"SeqID '{shown}' at line {line} has an empty {what}."
                )
            )
            return
        if len(value) > limit:
            self.add(
                SEQID_TOO_LONG(
                    self.at(line, column),
                    f"The {what} '{shown_value}' in SeqID at line {line} is {len(value)} characters long; "
                    f"NCBI allows {limit}.",
                    seq_id=token,
                    fix=None if what == "local id" else f"Shorten the {what} to {limit} characters or fewer.",
                )
            )
        refused = _REFUSED_ID_CHARS.search(value)
        advised = _ADVISED_ID.match(value)
        if refused is not None:
            bad = refused.group()
            self.add(
                SEQID_INVALID_CHAR(
                    self.at(line, column + token.find(bad)),
                    f"SeqID '{shown}' at line {line} contains {bad!r}, which NCBI does not allow.",
                    seq_id=token,
                )
            )
        elif advised is not None and advised.end() < len(value):
            bad = value[advised.end()]
            self.add(
                SEQID_UNUSUAL_CHAR(
                    self.at(line, column + token.find(bad)),
                    f"SeqID '{shown}' at line {line} contains {bad!r}; NCBI asks for letters, digits "
                    "and - _ . : * # only.",
                    seq_id=token,
                )
            )
        pattern = _PROT_ACCESSION if self.alphabet is _PROTEIN else _NUC_ACCESSION
        if accession and pattern.fullmatch(value):
            self.add(
                SEQID_LIKE_ACCESSION(
                    self.at(line, column),
                    f"SeqID '{shown_value}' at line {line} has the form of an INSDC accession; it is kept as "
                    "your own name for the sequence.",
                    seq_id=token,
                )
            )

    def _modifiers(self, rest: str, offset: int, line: int, seq_id: str) -> tuple[str, list[SourceModifier]]:
        """Split the text after the SeqID into title and modifiers, in one linear pass.

        Only unnested ``[...]`` pairs are candidates (a regex finds them without backtracking across the
        line, which matters for a megabyte-long definition line). A pair is taken out of the title when it
        is a modifier tbl2asn knows; .pep/.rna titles keep every pair.
        """
        title: list[str] = []
        modifiers: list[SourceModifier] = []
        first_seen: dict[str, tuple[str, int]] = {}
        pos = 0
        unbalanced = False
        for match in _BRACKET_PAIR.finditer(rest):
            between = rest[pos : match.start()]
            if not unbalanced and ("[" in between or "]" in between):
                unbalanced = self._unbalanced(between, offset + pos, line, seq_id)
            title.append(between)
            pos = match.end()
            if not self.modifiers or self._pair(match, offset, line, seq_id, first_seen, modifiers):
                title.append(match.group())
        tail = rest[pos:]
        if not unbalanced and ("[" in tail or "]" in tail):
            self._unbalanced(tail, offset + pos, line, seq_id)
        title.append(tail)
        return " ".join("".join(title).split()), modifiers

    def _pair(
        self,
        match: re.Match[str],
        offset: int,
        line: int,
        seq_id: str,
        first_seen: dict[str, tuple[str, int]],
        modifiers: list[SourceModifier],
    ) -> bool:
        """Read one ``[name=value]``; True when it stays in the title (plain text or an unknown name)."""
        inner = match.group(1)
        if "=" not in inner:  # plain bracketed text, e.g. "hypothetical protein [Homo sapiens]"
            return True
        column = offset + match.start() + 1
        raw_name, _, raw_value = inner.partition("=")
        shown = _short(raw_name.strip())
        name = _norm_name(raw_name)
        name = _ALIASES.get(name, name)
        value = " ".join(raw_value.split())
        if name not in _MODIFIER_NAMES:
            self._unknown_modifier(raw_name.strip(), name, column, line, seq_id)
            return True
        problem = _value_problem(name, value)
        if problem is not None:
            self.add(
                MODIFIER_VALUE(
                    self.at(line, column),
                    f"[{shown}={_short(value)}] at line {line}: the value {problem[1]}.",
                    seq_id=seq_id,
                    severity=problem[0],
                )
            )
            if not value:
                return False
        if name in _SINGLE_VALUED and name in first_seen:
            earlier, earlier_col = first_seen[name]
            same = _norm_value(earlier) == _norm_value(value)
            self.add(
                REPEATED_MODIFIER(
                    self.at(line, column),
                    f"[{shown}=...] appears twice at line {line} (columns {earlier_col} and "
                    f"{column}) "
                    + ("with the same value." if same else f"as '{_short(earlier)}' and '{_short(value)}'."),
                    seq_id=seq_id,
                    severity=Severity.WARNING if same else None,
                )
            )
        first_seen.setdefault(name, (value, column))
        modifiers.append(SourceModifier(name=name, value=value, pos=self.at(line, column)))
        return False

    def _unbalanced(self, text: str, offset: int, line: int, seq_id: str) -> bool:
        """Report the first bracket in ``text`` (which holds no complete pair); once per line is enough."""
        opening, closing = text.find("["), text.find("]")
        if opening >= 0 and (closing < 0 or opening < closing):
            after = re.split(r"[\[\]]", text[opening + 1 :], maxsplit=1)[0]
            intended = "=" in after
            self.add(
                UNBALANCED_BRACKET(
                    self.at(line, offset + opening + 1),
                    f"'[' at line {line}, column {offset + opening + 1} is never closed: "
                    f"'[{after[:40]}'" + ("; that modifier was not read." if intended else "."),
                    seq_id=seq_id,
                    severity=None if intended else Severity.WARNING,
                )
            )
        else:
            self.add(
                UNBALANCED_BRACKET(
                    self.at(line, offset + closing + 1),
                    f"']' at line {line}, column {offset + closing + 1} has no matching '['.",
                    seq_id=seq_id,
                    severity=Severity.WARNING,
                )
            )
        return True

    def _unknown_modifier(self, raw: str, name: str, column: int, line: int, seq_id: str) -> None:
        shown = _short(raw)
        suggestion = _SUGGESTIONS.get(name)
        if suggestion is None:
            close = difflib.get_close_matches(name, _MODIFIER_NAMES, n=1, cutoff=0.8)
            suggestion = close[0].replace("_", "-") if close else None
        hint = f" Did you mean [{suggestion}=...]?" if suggestion else ""
        self.add(
            UNKNOWN_MODIFIER(
                self.at(line, column),
                f"[{shown}=...] at line {line} is not a source modifier tbl2asn knows; it was left in the "
                f"title.{hint}",
                seq_id=seq_id,
            )
        )
