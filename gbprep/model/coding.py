"""Translate coding regions the way NCBI's tbl2asn does, once per CDS, for the translation rules to share.

NCBI semantics reproduced here (C toolkit ``CdTransCheck`` / C++ ``ValidateCdTrans``):

* the location is read in biological order (minus-strand rows reverse-complemented), ``/codon_start`` drops
  1-2 bases, ``/transl_except`` replaces the amino acid at its codon;
* a complete 5' end (no ``<``) read from its first base (``/codon_start`` 1) is translated with the *start*
  table: a legal start codon gives ``M``, any other gives ``-`` (the "gap symbol" tbl2asn leaves at the
  protein's start); with ``/codon_start`` 2 or 3 the first codon is an ordinary one;
* ambiguous codons give the amino acid all their expansions agree on, else ``X``; a trailing incomplete codon
  counts only if it is still unambiguous once padded with ``N``;
* the product tbl2asn makes is the translation without its terminal stop, unless a ``.pep`` supplies it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

from Bio.Data import CodonTable

from gbprep.model import insdc
from gbprep.model.codons import amino_table, translate_acgt
from gbprep.model.frozen import fast_init
from gbprep.model.modifiers import lookup_organism, normalize_modifier_name
from gbprep.model.records import Feature, Interval, ProteinRecord, SequenceRecord, SourceModifier, Strand
from gbprep.model.seqids import seq_id_keys
from gbprep.model.taxonomy import lookup

# /exception values that make NCBI skip the translation comparison (sc_BypassCdsTransCheckText).
BYPASS_EXCEPTIONS = (
    "rna editing",
    "artificial frameshift",
    "mismatches in translation",
    "reasons given in citation",
    "translated product replaced",
    "unclassified translation discrepancy",
)
# Past this many internal stops NCBI reports them and stops checking the CDS (no NoStop, TransLen, MisMatchAA).
MAX_STOPS_CHECKED = 5

_IUPAC = {
    "A": "A",
    "C": "C",
    "G": "G",
    "T": "T",
    "U": "T",
    "R": "AG",
    "Y": "CT",
    "S": "CG",
    "W": "AT",
    "K": "GT",
    "M": "AC",
    "B": "CGT",
    "D": "AGT",
    "H": "ACT",
    "V": "ACG",
    "N": "ACGT",
}
_COMPLEMENT = str.maketrans("ACGTUMRWSYKVHDBNacgtumrwsykvhdbn", "TGCAAKYWSRMBDHVNtgcaakywsrmbdhvn")
_CODON = re.compile(r"...", re.DOTALL)
_TRANSL_EXCEPT = re.compile(
    r"pos:\s*(?P<comp>complement\()?\s*<?(?P<a>\d+)(?:\s*\.\.\s*>?(?P<b>\d+))?\)?\s*,\s*aa:\s*(?P<aa>[^)]+)\)",
    re.IGNORECASE,
)


@lru_cache(maxsize=64)
def _table(code: int) -> tuple[dict[str, str], frozenset[str]]:
    table = CodonTable.unambiguous_dna_by_id.get(code) or CodonTable.unambiguous_dna_by_id[1]
    forward = dict(table.forward_table)
    forward.update(dict.fromkeys(table.stop_codons, "*"))
    return forward, frozenset(table.start_codons)


def known_code(code: int) -> bool:
    return code in CodonTable.unambiguous_dna_by_id


@lru_cache(maxsize=64)
def _plain_codons(code: int) -> dict[str, str]:
    """The 64 A/C/G/T codons of a code, read as ``translate_codon`` reads them.

    A CDS is translated by the validator, the discrepancy report and the assembler; a plain dict lookup per
    codon (ambiguous or lower-case codons fall back to ``translate_codon``) keeps that cheap on a whole genome.
    """
    bases = "ACGT"
    return {a + b + c: translate_codon(a + b + c, code) for a in bases for b in bases for c in bases}


@lru_cache(maxsize=64)
def _amino_table(code: int) -> bytes:
    return amino_table(_plain_codons(code))


@lru_cache(maxsize=1 << 16)
def translate_codon(codon: str, code: int = 1, *, start: bool = False) -> str:
    """One codon to one letter: ``X`` when ambiguous, ``-`` for a non-start codon read as a start."""
    forward, starts = _table(code)
    choices = [_IUPAC.get(base) for base in codon.upper()]
    if len(choices) != 3 or any(c is None for c in choices):
        return "-" if start else "X"
    expansions = ["".join(p) for p in itertools.product(*(c or "" for c in choices))]
    if start:
        return "M" if all(e in starts for e in expansions) else "-"
    amino = {forward.get(e, "X") for e in expansions}
    return amino.pop() if len(amino) == 1 else "X"


def reverse_complement(text: str) -> str:
    return text.translate(_COMPLEMENT)[::-1]


def spliced(record: SequenceRecord, intervals: list[Interval]) -> str | None:
    """The location's bases in biological order, or None if a row runs off the sequence."""
    parts = []
    for iv, strand in row_strands(intervals):
        if iv.between:
            continue
        if iv.low < 1 or iv.high > len(record.residues):
            return None
        chunk = record.residues[iv.low - 1 : iv.high]
        parts.append(reverse_complement(chunk) if strand is Strand.MINUS else chunk)
    return "".join(parts)


def row_strands(intervals: list[Interval]) -> Iterator[tuple[Interval, Strand]]:
    """Each row with its strand; a one-base row (start == stop) has none of its own and takes the location's.

    Without this a one-base exon on the minus strand would be read on the plus strand, as tbl2asn does not.
    """
    multi = {iv.strand for iv in intervals if iv.start != iv.stop}
    whole = Strand.MINUS if multi == {Strand.MINUS} else Strand.PLUS
    for iv in intervals:
        yield iv, (whole if iv.start == iv.stop else iv.strand)


def location_offset(intervals: list[Interval], position: int) -> int | None:
    """0-based offset in the spliced location of a 1-based sequence position, or None if outside."""
    done = 0
    for iv, strand in row_strands(intervals):
        if iv.between:
            continue
        if iv.low <= position <= iv.high:
            return done + (position - iv.low if strand is Strand.PLUS else iv.high - position)
        done += len(iv)
    return None


def sequence_position(intervals: list[Interval], offset: int) -> int | None:
    """1-based sequence position of a 0-based offset in the spliced location (inverse of the above)."""
    for iv, strand in row_strands(intervals):
        if iv.between:
            continue
        if offset < len(iv):
            return iv.low + offset if strand is Strand.PLUS else iv.high - offset
        offset -= len(iv)
    return None


def codon_start(feature: Feature) -> int:
    value = (feature.get("codon_start") or "1").strip()
    return int(value) if value in ("1", "2", "3") else 1


def is_bypassed(feature: Feature) -> bool:
    text = " ".join(feature.values("exception")).lower()
    return any(b in text for b in BYPASS_EXCEPTIONS)


@fast_init
@dataclass(frozen=True, slots=True)
class CdsTranslation:
    """A CDS and what NCBI would make of it."""

    feature: Feature
    ordinal: int  # 1-based among the record's CDSs: tbl2asn names unnamed proteins SeqID_<ordinal>
    code: int
    frame: int
    translation: str  # terminal stop kept, '-' for an illegal start
    ragged: int  # bases after the last whole codon when the 3' end is complete
    bypassed: bool
    given: ProteinRecord | None  # the .pep record, when one is supplied

    @property
    def partial5(self) -> bool:
        return self.feature.partial5

    @property
    def partial3(self) -> bool:
        return self.feature.partial3

    @property
    def got_stop(self) -> bool:
        return self.translation.endswith("*")

    @property
    def got_dash(self) -> bool:
        return self.translation.startswith("-")

    @property
    def internal_stops(self) -> int:
        return self.translation.count("*") - (1 if self.got_stop else 0)

    @property
    def fully_checked(self) -> bool:
        """False once NCBI would give up on this CDS (too many internal stops)."""
        return self.internal_stops <= MAX_STOPS_CHECKED

    @property
    def protein(self) -> str:
        """The product: the .pep sequence, or the translation without its terminal stop."""
        if self.given is not None:
            return self.given.residues
        return self.translation[:-1] if self.got_stop else self.translation

    def codon_span(self, index: int) -> tuple[int, int] | None:
        """Sequence positions (first, last base in biological order) of amino acid ``index``."""
        first = sequence_position(self.feature.intervals, self.frame - 1 + index * 3)
        last = sequence_position(self.feature.intervals, self.frame - 1 + index * 3 + 2)
        return (first, last) if first is not None and last is not None else None


# The validator rules, the discrepancy report and the assembler each translate every CDS of a record; inside
# ``one_translation_each()`` they share one translation per CDS (a fifth of a whole job's CPU was spent
# translating the same CDSs three times). The feature is kept beside its translation so that its id, the key,
# cannot be reused by another object while the memo lives, and its location is part of the key: a CDS moved in
# place onto its stop codon (``stop_extension``) is translated again.
_MemoKey = tuple[int, int, tuple[Interval, ...], int, int]
_MEMO: ContextVar[dict[_MemoKey, tuple[object, CdsTranslation | None]] | None] = ContextVar(
    "translations", default=None
)


@contextmanager
def one_translation_each() -> Iterator[None]:
    """Within the block, ``translate_cds`` translates each (record, CDS location, code, .pep) once."""
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def translate_cds(
    record: SequenceRecord,
    feature: Feature,
    code: int,
    ordinal: int | None = 1,
    given: ProteinRecord | None = None,
) -> CdsTranslation | None:
    """Translate one CDS; None when its location cannot be read on this record.

    ``ordinal`` only labels the result (the rules name an unnamed protein by it), so it is not part of the
    memo's key; None means any label will do, and a shared translation comes back without a relabelled copy.
    """
    memo = _MEMO.get()
    if memo is None:
        return _translate_cds(record, feature, code, ordinal or 1, given)
    key = (id(record), id(feature), tuple(feature.intervals), code, id(given))
    hit = memo.get(key)
    if hit is None:
        hit = memo[key] = (
            (record, feature, given),
            _translate_cds(record, feature, code, ordinal or 1, given),
        )
    done = hit[1]
    if done is None or ordinal is None or done.ordinal == ordinal:
        return done
    return replace(done, ordinal=ordinal)


def _translate_cds(
    record: SequenceRecord, feature: Feature, code: int, ordinal: int, given: ProteinRecord | None
) -> CdsTranslation | None:
    bases = spliced(record, feature.intervals)
    if bases is None:
        return None
    # The record's code, not the CDS's /transl_table: tbl2asn translates with the BioSource's code.
    frame = codon_start(feature)
    coding = bases[frame - 1 :]
    whole = len(coding) // 3
    protein = translate_acgt(coding[: whole * 3], _amino_table(code))
    if protein is None:  # a codon with an ambiguous or lower-case base: codon by codon
        plain = _plain_codons(code)
        codons = _CODON.findall(coding, 0, whole * 3)
        protein = "".join([plain.get(c) or translate_codon(c, code) for c in codons])
    if protein and not feature.partial5 and frame == 1:  # from the 2nd or 3rd base: no start codon to read
        protein = translate_codon(coding[:3], code, start=True) + protein[1:]
    rest = len(coding) - whole * 3
    if rest:
        tail = translate_codon(coding[whole * 3 :] + "N" * (3 - rest), code)
        if tail != "X":
            protein += tail
    if feature.has("transl_except"):
        amino = list(protein)
        _apply_transl_except(feature, amino, frame)
        protein = "".join(amino)
    return CdsTranslation(
        feature=feature,
        ordinal=ordinal,
        code=code,
        frame=frame,
        translation=protein,
        ragged=0 if feature.partial3 else rest,
        bypassed=is_bypassed(feature),
        given=given,
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _apply_transl_except(feature: Feature, amino: list[str], frame: int) -> None:
    for value in feature.values("transl_except"):
        match = _TRANSL_EXCEPT.search(value)
        letter = insdc.amino_acid(match.group("aa").strip()) if match else None
        if match is None or letter is None:
            continue
        a = int(match.group("a"))
        b = int(match.group("b") or a)
        first = max(a, b) if match.group("comp") else min(a, b)
        offset = location_offset(feature.intervals, first)
        if offset is None or (offset - (frame - 1)) % 3:
            continue
        index = (offset - (frame - 1)) // 3
        if index < len(amino):
            amino[index] = letter
        elif index == len(amino):
            amino.append(letter)  # a stop completed by the poly(A) tail


def protein_index(proteins: list[ProteinRecord]) -> dict[str, ProteinRecord]:
    index: dict[str, ProteinRecord] = {}
    for protein in proteins:
        for key in seq_id_keys(protein.seq_id):
            index.setdefault(key, protein)
    return index


# The CDS qualifiers tbl2asn reads into the CDS's Prot-ref (its protein's name, description, EC numbers and
# activities). It makes a protein only for a CDS with one of them, or one whose protein a .pep file gives.
PROT_REF_QUALIFIERS = frozenset({"product", "prot_desc", "EC_number", "function"})


def has_prot_ref(feature: Feature) -> bool:
    """Whether tbl2asn gives the CDS a Prot-ref: any of ``PROT_REF_QUALIFIERS`` with a value (it ignores an
    empty one)."""
    return any(q.key in PROT_REF_QUALIFIERS and q.value and q.value.strip() for q in feature.qualifiers)


def given_protein(feature: Feature, index: dict[str, ProteinRecord]) -> ProteinRecord | None:
    for value in feature.values("protein_id"):
        for key in seq_id_keys(value):
            if key in index:
                return index[key]
    return None


# -- which genetic code a record's CDSs use --

MITO_LOCATIONS = frozenset({"mitochondrion", "kinetoplast", "hydrogenosome"})
PLASTID_LOCATIONS = frozenset(
    {
        "chloroplast",
        "chromoplast",
        "plastid",
        "cyanelle",
        "apicoplast",
        "leucoplast",
        "proplastid",
        "chromatophore",
    }
)
PLASTID_DEFAULT_CODE = 11  # NCBI's default for plastids (Bacterial, Archaeal and Plant Plastid Code)


def genetic_code_for(modifiers: Iterable[SourceModifier]) -> int:
    """The genetic code NCBI would use for a record's nuclear-encoded or organelle CDSs.

    ``[gcode=]`` for nuclear genes; ``[mgcode=]`` when ``[location=]`` is mitochondrial; ``[pgcode=]`` (else 11)
    for plastids. Unset or unreadable codes fall back to 1, the standard code, as tbl2asn does without a
    taxonomy lookup.
    """
    modifiers = list(modifiers)
    values: dict[str, str] = {}
    for m in modifiers:
        values.setdefault(normalize_modifier_name(m.name), m.value)
    location = (values.get("location") or values.get("organelle") or "").strip().lower()
    location = location.rsplit(":", 1)[-1]  # "plastid:chloroplast"
    # Without a code of its own, the organism's from tbl2asn's offline taxonomy (matched case-blind): a
    # bacterium named only by -j or [organism=] translates with code 11, as tbl2asn writes it; a .src
    # organism is not looked up (see ``lookup_organism``).
    organism = lookup_organism(modifiers)
    taxon = lookup(organism, fold_case=True) if organism else None
    if location in MITO_LOCATIONS:
        return _int(values.get("mgcode")) or (taxon.mgcode if taxon is not None and taxon.mgcode else 1)
    if location in PLASTID_LOCATIONS:
        return _int(values.get("pgcode")) or PLASTID_DEFAULT_CODE
    given = _int(values.get("gcode") or values.get("genetic-code"))
    return given or (taxon.gcode if taxon is not None and taxon.gcode else 1)
