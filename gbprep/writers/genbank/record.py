"""One flatfile record: the header fields, FEATURES and ORIGIN of one nucleotide Bioseq.

LOCUS columns follow the GenBank release notes: name and length share columns 13-40 (the length ends in column
40 unless a long name pushes it right), then ``bp``, strandedness, molecule type, topology, division and date.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gbprep.model.asntree import alternative, descend
from gbprep.model.modifiers import SYNTHETIC_ORIGINS
from gbprep.model.records import AsnNode
from gbprep.writers.genbank.features import feature_items
from gbprep.writers.genbank.refs import (
    format_date,
    reference_from_equiv,
    reference_lines,
    submit_block_reference,
)
from gbprep.writers.genbank.source import Organism, generated_definition, organism_of, source_line
from gbprep.writers.genbank.tree import Bioseq, Entry, ident_of, residues, seq_id, text_of
from gbprep.writers.genbank.wrap import HEADER_INDENT, header, wrap

# The LOCUS molecule asn2gb shows for a MolInfo biomol; others show the Seq-inst mol (DNA or RNA). A
# genomic-mRNA sequence shows DNA even when its Seq-inst says RNA, a "peptide" nucleotide shows AA.
_LOCUS_MOL = {
    "mRNA": "mRNA",
    "rRNA": "rRNA",
    "tRNA": "tRNA",
    "cRNA": "cRNA",
    "tmRNA": "tmRNA",
    "genomic-mRNA": "DNA",
    "peptide": " AA",
}


def _locus_name(bioseq: Bioseq) -> tuple[str, str, str]:
    """(LOCUS name, accession, accession.version with GI) from the Bioseq's ids."""
    name = accession = version = gi = ""
    local = ""
    for node in bioseq.ids:
        sid = seq_id(node)
        if sid.kind in ("local", "general") and not local:
            local = sid.tag
        elif sid.kind == "gi":
            gi = sid.tag
        elif sid.accession and not accession:
            accession = sid.accession
            name = sid.name or sid.accession
            version = sid.accession_version if sid.version else ""
    if gi and version:
        version = f"{version}  GI:{gi}"
    return (name or local or accession), accession, version


def locus_line(bioseq: Bioseq, name: str, division: str, date: str) -> str:
    biomol = ident_of(descend(bioseq.first_desc("molinfo"), "biomol")) or ""
    inst = bioseq.node.child("inst")
    mol = ident_of(inst.child("mol")) if inst is not None else None
    mol_text = _LOCUS_MOL.get(biomol) or ("RNA" if mol == "rna" else "DNA")
    topology = ident_of(inst.child("topology")) if inst is not None else None
    topo = "circular" if topology == "circular" else "linear"
    length = str(bioseq.length)
    gap = max(28 - len(name) - len(length), 1)
    strand = "   "
    return f"LOCUS       {name}{' ' * gap}{length} bp {strand}{mol_text:<6}  {topo:<8} {division:<3} {date}"


# Sequencing techniques whose records go to a division of their own, whatever the organism.
_TECH_DIVISIONS = {
    "est": "EST",
    "sts": "STS",
    "survey": "GSS",
    "htgs-0": "HTG",
    "htgs-1": "HTG",
    "htgs-2": "HTG",
    "htc": "HTC",
    "tsa": "TSA",
}


def _division(bioseq: Bioseq, org: Organism) -> str:
    # A mutant, artificial or synthetic origin outranks the technique and the sample (asn2gb, run on each).
    if org.origin in SYNTHETIC_ORIGINS:
        return "SYN"
    tech = ident_of(descend(bioseq.first_desc("molinfo"), "tech")) or ""
    if tech in _TECH_DIVISIONS:
        return _TECH_DIVISIONS[tech]
    if _environmental(org) and tech != "targeted":
        return "ENV"
    return org.division


def _environmental(org: Organism) -> bool:
    return any(k == "environmental-sample" for k, _ in org.subsources)


def _record_date(bioseq: Bioseq, entry: Entry) -> str:
    for kind in ("update-date", "create-date"):
        date = bioseq.first_desc(kind)
        if date is not None:
            return format_date(date)
    cit_date = descend(entry.submit_block, "cit", "date")
    return format_date(cit_date) if cit_date is not None else "01-JAN-1900"


def _definition(bioseq: Bioseq) -> str:
    title = bioseq.first_desc("title")
    if title is None:
        return generated_definition(organism_of(bioseq), bioseq).rstrip(". ") + "."
    text = text_of(title).strip().rstrip(". ")
    # asn2gb ends a WGS record's own title as it ends a generated one.
    wgs = ident_of(descend(bioseq.first_desc("molinfo"), "tech")) == "wgs"
    if wgs and text and "whole genome shotgun sequence" not in text:
        text += ", whole genome shotgun sequence"
    return text + "."


def _dblink(bioseq: Bioseq) -> list[str]:
    lines: list[str] = []
    for user in bioseq.descs("user"):
        if text_of(user.child("type")) != "DBLink":
            continue
        data = user.child("data")
        for fld in data.children if data is not None else []:
            label = text_of(fld.child("label"))
            alt = alternative(fld.child("data"))
            if alt is None:
                continue
            values = [str(v.value) for v in alt[1].children] if alt[1].children else [str(alt[1].value)]
            text = f"{label}: {', '.join(values)}"
            lines += header("DBLINK" if not lines else "", text)
    return lines


# The keywords asn2gb gives a technique, and the techniques after which an environmental sample gets no ENV
# (each run through it: 'EST; ENV', but 'WGS' alone).
_TECH_KEYWORDS = {
    "est": ["EST"],
    "sts": ["STS"],
    "survey": ["GSS"],
    "htgs-0": ["HTG", "HTGS_PHASE0"],
    "htgs-1": ["HTG", "HTGS_PHASE1"],
    "htgs-2": ["HTG", "HTGS_PHASE2"],
    "htgs-3": ["HTG"],
    "fli-cdna": ["FLI_CDNA"],
    "wgs": ["WGS"],
    "tsa": ["TSA", "Transcriptome Shotgun Assembly"],
    "targeted": ["TLS", "Targeted Locus Study"],
}
_NO_ENV_KEYWORD = frozenset({"wgs", "tsa", "targeted", "htgs-0", "htgs-1", "htgs-2", "htgs-3"})


def _keywords(bioseq: Bioseq, org: Organism) -> str:
    tech = ident_of(descend(bioseq.first_desc("molinfo"), "tech")) or ""
    words = list(_TECH_KEYWORDS.get(tech, []))
    if _environmental(org) and tech not in _NO_ENV_KEYWORD:
        words.append("ENV")
    genbank = bioseq.first_desc("genbank")
    keywords = genbank.child("keywords") if genbank is not None else None
    for k in keywords.children if keywords is not None else []:
        if str(k.value) not in words:
            words.append(str(k.value))
    return "; ".join(words) + "."


def _structured_comment(user: AsnNode) -> str:
    data = user.child("data")
    pairs: list[tuple[str, str]] = []
    for fld in data.children if data is not None else []:
        alt = alternative(fld.child("data"))
        pairs.append((text_of(fld.child("label")), str(alt[1].value) if alt is not None else ""))
    prefix = next((v for k, v in pairs if k == "StructuredCommentPrefix"), "")
    suffix = next((v for k, v in pairs if k == "StructuredCommentSuffix"), "")
    body = [(k, v) for k, v in pairs if k not in ("StructuredCommentPrefix", "StructuredCommentSuffix")]
    width = max((len(k) for k, _ in body), default=0)
    lines = [prefix] if prefix else []
    lines += [f"{k.ljust(width)} :: {v}" for k, v in body]
    if suffix:
        lines.append(suffix)
    return "\n".join(lines)


def _comments(bioseq: Bioseq) -> list[str]:
    """Free-text comments one after another, then each structured comment after a blank line."""
    blocks: list[str] = []
    plain: list[str] = []
    for desc in bioseq.descriptors:
        if desc.name == "comment":
            text = text_of(desc).replace("~", "\n").strip()
            if text and not text.endswith("."):
                text += "."
            if text:
                plain.append(text)
    if plain:
        blocks.append("\n".join(plain))
    for desc in bioseq.descriptors:
        if desc.name == "user" and text_of(desc.child("type")) == "StructuredComment":
            blocks.append(_structured_comment(desc))
    lines: list[str] = []
    for n, text in enumerate(blocks):
        if n:
            lines.append(HEADER_INDENT)
        lines += wrap("COMMENT     " if n == 0 else HEADER_INDENT, text, HEADER_INDENT)
    return lines


def origin_lines(bioseq: Bioseq) -> Iterator[str]:
    """The ORIGIN block; its full lines come in pieces of many lines (the caller joins lines with newlines)."""
    yield "ORIGIN      "
    seq = residues(bioseq).lower()
    whole = len(seq) - len(seq) % 60
    if len(seq) < 10**9:  # position numbers fit their nine columns
        for first in range(0, whole, 60 * _ORIGIN_PIECE):
            yield _origin_piece(seq, first, min(whole, first + 60 * _ORIGIN_PIECE))
    else:
        for s in range(0, whole, 60):
            yield f"{s + 1:>9} " + " ".join(seq[b : b + 10] for b in range(s, s + 60, 10))
    if whole < len(seq):
        chunk = seq[whole:]
        blocks = " ".join(chunk[i : i + 10] for i in range(0, len(chunk), 10))
        yield f"{whole + 1:>9} {blocks}"


_ORIGIN_PIECE = 4096  # lines
_ORIGIN_LINE = 76  # "{position:>9} " + six blocks of ten with a space between + newline


def _origin_piece(seq: str, start: int, end: int) -> str:
    """Full ORIGIN lines for ``seq[start:end]`` (a multiple of 60), joined by newlines.

    A 120 Mb genome has two million of these lines: formatting each one in Python took 5% of the job. Here a
    piece of lines is laid out column by column, each column one strided copy.
    """
    lines = (end - start) // 60
    bases = seq[start:end].encode("ascii")
    out = bytearray(b" " * (_ORIGIN_LINE * lines))
    numbers = (("%9d " * lines) % tuple(range(start + 1, end, 60))).encode("ascii")
    for col in range(10):
        out[col::_ORIGIN_LINE] = numbers[col::10]
    for block in range(6):
        for col in range(10):
            out[10 + block * 11 + col :: _ORIGIN_LINE] = bases[block * 10 + col :: 60]
    out[_ORIGIN_LINE - 1 :: _ORIGIN_LINE] = b"\n" * lines
    return out[:-1].decode("ascii")


_WGS_CONTIG = re.compile(r"^([A-Z]{4}\d{2})\d{6}$|^([A-Z]{6}\d{2})\d{7}$")


def _wgs_project(bioseq: Bioseq, accession: str) -> str:
    """asn2gb names a WGS contig's project (its accession with the serial zeroed) after the accession."""
    match = _WGS_CONTIG.match(accession)
    if match is None or ident_of(descend(bioseq.first_desc("molinfo"), "tech")) != "wgs":
        return ""
    head = match.group(1) or match.group(2)
    return f" {head}{'0' * (len(accession) - len(head))}"


def _held(entry: Entry) -> bool:
    hup = entry.submit_block.child("hup") if entry.submit_block is not None else None
    return hup is not None and hup.value in (True, "TRUE")


def _is_accession(bioseq: Bioseq, accession: str) -> bool:
    """Whether the ACCESSION shown is a real GenBank accession (not a local id standing in for one)."""
    return any(
        node.name == "genbank" and (acc := node.child("accession")) is not None and acc.value == accession
        for node in bioseq.ids
    )


def record_lines(entry: Entry, bioseq: Bioseq) -> Iterator[str]:
    org = organism_of(bioseq)
    name, accession, version = _locus_name(bioseq)
    yield locus_line(bioseq, name, _division(bioseq, org), _record_date(bioseq, entry))
    yield from header("DEFINITION", _definition(bioseq))
    # asn2gb hides the accession of a record held until its release date (Submit-block hup TRUE) as ';'.
    shown = ";" if _held(entry) and _is_accession(bioseq, accession) else accession
    yield f"ACCESSION   {shown}{_wgs_project(bioseq, accession)}"
    yield f"VERSION     {version}" if version else "VERSION"
    yield from _dblink(bioseq)
    yield from header("KEYWORDS", _keywords(bioseq, org))
    yield from header("SOURCE", source_line(org))
    yield from header("  ORGANISM", org.taxname or "Unknown.")
    lineage = org.lineage.strip()
    if lineage and not lineage.endswith("."):
        lineage += "."
    yield from wrap(HEADER_INDENT, lineage or "Unclassified.", HEADER_INDENT)
    refs = []
    for pub in bioseq.descs("pub"):
        ref = reference_from_equiv(pub.child("pub") or pub)
        if ref is not None:
            refs.append(ref)
    submitted = submit_block_reference(entry.submit_block)
    if submitted is not None:
        refs.append(submitted)
    for n, ref in enumerate(refs, start=1):
        yield from reference_lines(n, ref, bioseq.length)
    yield from _comments(bioseq)
    yield "FEATURES             Location/Qualifiers"
    yield from feature_items(entry, bioseq, org)
    yield from origin_lines(bioseq)
    yield "//"
