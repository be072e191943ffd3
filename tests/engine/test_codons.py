"""The byte-string translator gives what the codon-by-codon reading gives, for every genetic code."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gbprep.model.coding import _amino_table, _plain_codons, known_code, translate_codon
from gbprep.model.codons import amino_table, translate_acgt

CODES = [code for code in range(1, 40) if known_code(code)]


def _codon_by_codon(bases: str, code: int) -> str:
    return "".join(translate_codon(c, code) for c in re.findall("...", bases))


@given(st.text(alphabet="ACGT", max_size=900), st.sampled_from(CODES))
@settings(max_examples=400, deadline=None)
def test_plain_bases_translate_as_codon_by_codon(bases: str, code: int) -> None:
    bases = bases[: len(bases) - len(bases) % 3]
    assert translate_acgt(bases, _amino_table(code)) == _codon_by_codon(bases, code)


@given(st.text(alphabet="ACGTNRYacgt-", min_size=1, max_size=300))
def test_any_other_letter_is_left_to_the_caller(bases: str) -> None:
    bases = bases[: len(bases) - len(bases) % 3]
    result = translate_acgt(bases, _amino_table(1))
    assert result is None if set(bases) - set("ACGT") else result == _codon_by_codon(bases, 1)


def test_every_codon_of_every_code() -> None:
    for code in CODES:
        table = amino_table(_plain_codons(code))
        for codon, amino in _plain_codons(code).items():
            assert translate_acgt(codon, table) == amino, (code, codon)
    assert translate_acgt("", _amino_table(1)) == ""
    assert translate_acgt("ATGTAA", _amino_table(1)) == "M*"
    assert translate_acgt("TGA", _amino_table(4)) == "W"  # mold mitochondrial: TGA is tryptophan
