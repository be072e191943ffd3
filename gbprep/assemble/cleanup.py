"""The string and key cleanup NCBI's tools apply to features before tbl2asn writes them (as its .sqn shows).

* Free text (comments, qualifier values, product names) has its blanks compressed: runs of blanks become one,
  no blank after ``(`` or before ``)``, a blank before ``,``/``;`` moves after it, doubled separators
  collapse, and leading/trailing blanks, commas and semicolons go (a ``;`` closing an ``&entity;`` stays).
* Old regulatory keys (``TATA_signal``, ``-10_signal``, ...) become ``regulatory`` with a
  ``/regulatory_class``.
* Cross-reference database names take their current spelling (``SWISS-PROT`` -> ``UniProtKB/Swiss-Prot``).
* tRNA products name their amino acid by three-letter code, full name, ``fMet``/``iMet``, or a code with a
  number (``Ile2``); the name is kept as a comment unless it was exactly ``tRNA-Xxx``.
* A protein name ending in the organism's name in brackets loses it (``without_organism``).
"""

from __future__ import annotations

import re

from gbprep.model import insdc

_BLANKS = re.compile(r"[ \t\r\n]+")
_AFTER_OPEN = re.compile(r"\( +")
_BEFORE_CLOSE = re.compile(r" +\)")
_COMMAS = re.compile(r" *,[ ,]*")
_SEMICOLONS = re.compile(r" *;[ ;]*")
_LEADING = re.compile(r"^[\x00- ;,]+")
_TRAILING = re.compile(r"[\x00- ;,]+$")
_ENTITY_END = re.compile(r"&[A-Za-z0-9#]+$")
# What the compression rewrites; most text has none of it and is only trimmed.
_NEEDS_WORK = re.compile(r"[ \t\r\n][ \t\r\n,;)]|[\t\r\n]|\( |,,|;;")


def _comma(match: re.Match[str]) -> str:
    return "," if match.group(0) == "," else ", "


def _semicolon(match: re.Match[str]) -> str:
    text = match.group(0)
    return "; " if " " in text else ";"


def _trim(text: str) -> str:
    text = _LEADING.sub("", text)
    match = _TRAILING.search(text)
    if match is None:
        return text
    head, tail = text[: match.start()], match.group(0)
    if tail.startswith(";") and _ENTITY_END.search(head):
        return head + ";"
    return head


def clean_text(text: str) -> str:
    """Free text as NCBI's cleanup leaves it (see the module docstring)."""
    if not text:
        return text
    if _NEEDS_WORK.search(text) is None:
        return _trim(text) if text[0] in " ;," or text[-1] in " ;," else text
    text = _trim(text)
    text = _BLANKS.sub(" ", text)
    text = _AFTER_OPEN.sub("(", text)
    text = _BEFORE_CLOSE.sub(")", text)
    text = _COMMAS.sub(_comma, text)
    text = _SEMICOLONS.sub(_semicolon, text)
    return _trim(text)


# Old signal keys INSDC folded into 'regulatory' (feature table 11.0), with the class each becomes.
REGULATORY_CLASSES = {
    "TATA_signal": "TATA_box",
    "polyA_signal": "polyA_signal_sequence",
    "enhancer": "enhancer",
    "promoter": "promoter",
    "RBS": "ribosome_binding_site",
    "terminator": "terminator",
    "attenuator": "attenuator",
    "CAAT_signal": "CAAT_signal",
    "GC_signal": "GC_signal",
    "-10_signal": "minus_10_signal",
    "-35_signal": "minus_35_signal",
    "misc_signal": "other",
}

# Database names written the old way, and the name the cleanup gives them.
_DB_NAMES = {
    "swiss-prot": "UniProtKB/Swiss-Prot",
    "swissprot": "UniProtKB/Swiss-Prot",
    "sprot": "UniProtKB/Swiss-Prot",
    "uniprot/swiss-prot": "UniProtKB/Swiss-Prot",
    "trembl": "UniProtKB/TrEMBL",
    "sptrembl": "UniProtKB/TrEMBL",
    "uniprot/trembl": "UniProtKB/TrEMBL",
}


def db_name(db: str) -> str:
    return _DB_NAMES.get(db.lower(), db)


_TRNA_EXTRA = {"imet": "M", "fmet": "M", "sec": "U", "other": "X"}
_TRNA_SEPARATORS = re.compile(r"[-,;:()='_~\s]")
_CODE_AND_NUMBER = re.compile(r"^([A-Za-z]{3})\d+$")
_FOLDED = {k.casefold(): v for k, v in insdc.AMINO_ACIDS.items()}


def trna_amino_acid(product: str) -> tuple[str | None, bool]:
    """(amino-acid letter, whether the product was nothing but ``tRNA-<name>``) for a tRNA product."""
    text = product.strip()
    rest = text[5:] if text.startswith("tRNA-") else text
    token = _TRNA_SEPARATORS.split(rest, maxsplit=1)[0]
    letter = _TRNA_EXTRA.get(token.casefold()) or _FOLDED.get(token.casefold())
    just_name = letter is not None and text.startswith("tRNA-") and token == rest
    if letter is None:
        number = _CODE_AND_NUMBER.match(token)
        if number is not None:
            letter = _FOLDED.get(number.group(1).casefold())
    if letter is None:
        letter = insdc.trna_amino_acid(product)
    return letter, just_name


_RRNA_SIZE = re.compile(r"^(\d+(?:\.\d+)?)s\b")


def rrna_name(name: str) -> str:
    """An rRNA product as NCBI's cleanup writes it (tbl2asn's .sqn, asn2gb's flatfile): a name ending in
    ``rRNA`` ends in ``ribosomal RNA`` (``18S rRNA``, ``5.8S ribosomal rRNA`` -> ``... ribosomal RNA``), a
    lower-case Svedberg unit is capitalised (``18s`` -> ``18S``); ``rRNA`` alone and other names are kept."""
    name = clean_text(name)
    if name.endswith(" rRNA"):
        stem = name[: -len(" rRNA")]
        if stem.endswith(" ribosomal"):
            stem = stem[: -len(" ribosomal")]
        name = _RRNA_SIZE.sub(lambda m: m.group(1) + "S", stem) + " ribosomal RNA"
    return name


def without_organism(name: str, taxname: str) -> str:
    """A protein name without a closing ``[<taxname>]``, as tbl2asn's cleanup leaves a protein's Prot-ref and
    asn2gb shows a CDS's ``/product`` (NCBI's ``RemoveOrgFromEndOfProtein``).

    The bracket must close the name and hold exactly the taxname, in any letter case (``ribosomal protein L7
    [Saccharomyces cerevisiae]`` -> ``ribosomal protein L7``, the blank before the bracket optional); a bracket
    starting ``NAD``, another organism, a strain after the name or text after the bracket keep the name whole.
    Checked with tbl2asn 25.3 and asn2gb. The result can be empty (the name was only the organism).
    """
    if len(name) < 5 or not name.endswith("]") or not taxname:
        return name
    cut = name.rfind("[")
    suffix = name[cut + 1 :]
    if cut < 0 or suffix.startswith("NAD") or len(suffix) != len(taxname) + 1:
        return name
    if not suffix.lower().startswith(taxname.lower()):
        return name
    return clean_text(name[:cut])
