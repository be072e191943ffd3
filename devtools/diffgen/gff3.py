"""Write a generated submission as GFF3 in each dialect the reader knows, read it back with ``gbprep.gff``
and compare the features with the generated table's.

Dialects written: NCBI (gene/mRNA/exon/CDS with UTR rows, gbkey, ``partial``/``start_range``/``end_range``),
MAKER, AUGUSTUS/BRAKER, funannotate, PASA, Liftoff, Apollo and Prokka (CDS rows only; the reader makes the
genes). Compared for every feature: key, location (rows and strand) and, where the dialect carries them,
product and locus_tag; CDS partial ends where the reader can know them: a labelled end in NCBI's dialect, or
an end without its start or stop codon (which the reader infers from the FASTA, as the job does).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from devtools.diffgen.model import Feature, Record, Submission
from devtools.synth.bases import _revcomp
from gbprep.gff import read_gff3_tables
from gbprep.model.bundle import GffOptions
from gbprep.model.coding import genetic_code_for, translate_codon
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.records import SourceModifier
from gbprep.readers.fasta import read_fasta

DIALECTS = ("ncbi", "maker", "augustus", "funannotate", "pasa", "liftoff", "apollo", "prokka")
_SOURCE = {
    "ncbi": "Gnomon",
    "maker": "maker",
    "augustus": "AUGUSTUS",
    "funannotate": "funannotate",
    "pasa": "PASA",
    "liftoff": "Liftoff",
    "apollo": "apollo",
    "prokka": "Prodigal:002006",
}
_READER_DIALECT = {"pasa": "funannotate"}
CARRIES_PRODUCT = {"ncbi", "maker", "funannotate", "pasa", "liftoff", "apollo", "prokka"}
_RNA_TYPES = {"tRNA": "tRNA", "rRNA": "rRNA", "ncRNA": "ncRNA", "misc_RNA": "transcript"}


def _esc(value: str) -> str:
    return (
        value.replace("%", "%25")
        .replace(";", "%3B")
        .replace("=", "%3D")
        .replace(",", "%2C")
        .replace("&", "%26")
    )


def _row(
    seqid: str,
    dialect: str,
    kind: str,
    a: int,
    b: int,
    phase: str,
    attrs: list[tuple[str, str]],
    minus: bool | None = None,
) -> str:
    lo, hi = min(a, b), max(a, b)
    # A row's strand is its feature's: a one-base exon of a minus-strand CDS gives a == b, and is still '-'.
    strand = "-" if (a > b if minus is None else minus) else "+"
    text = ";".join(f"{k}={_esc(v)}" for k, v in attrs if v)
    return f"{seqid}\t{_SOURCE[dialect]}\t{kind}\t{lo}\t{hi}\t.\t{strand}\t{phase}\t{text}"


def _groups(record: Record) -> Iterator[list[Feature]]:
    by: dict[int, list[Feature]] = {}
    for f in record.features:
        by.setdefault(f.group if f.group else -id(f), []).append(f)
    yield from by.values()


def _ids(dialect: str, n: int, tag: str) -> tuple[str, str, str]:
    return {
        "ncbi": (f"gene-{tag}", f"rna-{tag}", f"cds-{tag}"),
        "maker": (f"maker-{tag}-gene", f"maker-{tag}-mRNA-1", f"maker-{tag}-mRNA-1:cds"),
        "augustus": (f"g{n}", f"g{n}.t1", f"g{n}.t1.cds"),
        "funannotate": (tag, f"{tag}-T1", f"{tag}-T1.cds"),
        "pasa": (tag, f"{tag}-T1", f"{tag}-T1.cds"),
        "liftoff": (f"gene-{tag}", f"rna-{tag}", f"cds-{tag}"),
        "apollo": (f"apollo-{n}", f"apollo-{n}-t", f"apollo-{n}-c"),
        "prokka": (f"{tag}_gene", f"{tag}_mrna", tag),
    }[dialect]


def _q(f: Feature | None, key: str) -> str:
    return next((v for k, v in f.quals if k == key), "") if f else ""


def _cds_phase(cds: Feature, i: int, spans: list[tuple[int, int]]) -> str:
    frame = int(_q(cds, "codon_start") or "1") - 1
    done = sum(abs(b - a) + 1 for a, b in spans[:i]) - frame
    return str((-done) % 3) if i else str(frame)


def _gene_rows(record: Record, dialect: str, n: int, group: list[Feature]) -> list[str]:
    gene = next((f for f in group if f.key == "gene"), None)
    mrnas = [f for f in group if f.key == "mRNA"]
    cdss = [f for f in group if f.key == "CDS"]
    tag = _q(gene, "locus_tag") or f"DG_{n:05d}"
    gid, tid, cid = _ids(dialect, n, tag)
    rows: list[str] = []
    sid = record.seqid
    symbol = _q(gene, "gene")
    product = _q(cdss[0] if cdss else None, "product") or _q(mrnas[0] if mrnas else None, "product")
    pseudo = gene is not None and any(k == "pseudo" for k, _ in gene.quals)
    if gene is not None and dialect != "prokka":
        attrs = [("ID", gid), ("locus_tag", _q(gene, "locus_tag"))]
        attrs += (
            [("gene", symbol)] if dialect in ("ncbi", "liftoff", "maker", "augustus") else [("Name", symbol)]
        )
        if dialect == "ncbi":
            attrs.append(("gbkey", "Gene"))
        if dialect == "liftoff":
            attrs += [("extra_copy_number", "0"), ("coverage", "1.0")]
        if dialect == "apollo":
            attrs.append(("owner", "diffgen@example.org"))
        a, b = gene.spans[0][0], gene.spans[-1][1]
        rows.append(_row(sid, dialect, "pseudogene" if pseudo else "gene", a, b, ".", attrs))
    # Each transcript with its CDS (a gene's isoforms are written mRNA, CDS, mRNA, CDS, as in the table);
    # the second and later get ids of their own.
    count = max(len(mrnas), len(cdss))
    for k in range(count):
        mrna = mrnas[k] if k < len(mrnas) else None
        cds = cdss[k] if k < len(cdss) else None
        suffix = "" if k == 0 else f".{k + 1}"
        rows += _transcript_rows(
            sid,
            dialect,
            mrna,
            cds,
            (gid if gene is not None else "", tid + suffix, cid + suffix),
            (_q(gene, "locus_tag"), symbol, product),
        )
    return rows


def _transcript_rows(
    sid: str,
    dialect: str,
    mrna: Feature | None,
    cds: Feature | None,
    ids: tuple[str, str, str],
    names: tuple[str, str, str],
) -> list[str]:
    gid, tid, cid = ids
    locus_tag, symbol, product = names
    rows: list[str] = []
    if mrna is not None and dialect != "prokka":
        attrs = [("ID", tid), ("Parent", gid)]
        if dialect in CARRIES_PRODUCT:
            attrs.append(("product", product))
        if dialect == "ncbi":
            attrs.append(("gbkey", "mRNA"))
        a, b = mrna.spans[0][0], mrna.spans[-1][1]
        rows.append(_row(sid, dialect, "mRNA", a, b, ".", attrs))
        for a, b in mrna.spans:
            rows.append(_row(sid, dialect, "exon", a, b, ".", [("Parent", tid)], mrna.minus))
    if cds is None:
        return rows
    parent = "" if dialect == "prokka" else (tid if mrna is not None else gid)
    attrs = [("ID", cid), ("Parent", parent)]
    if dialect == "prokka":
        attrs += [("locus_tag", locus_tag), ("gene", symbol)]
    if dialect in CARRIES_PRODUCT:
        attrs.append(("product", product))
    attrs.append(("transl_table", _q(cds, "transl_table")))
    if dialect == "ncbi":
        attrs.append(("gbkey", "CDS"))
        if cds.partial5 or cds.partial3:
            attrs.append(("partial", "true"))
        lo_first = cds.spans[0][0] if not cds.minus else cds.spans[-1][1]
        hi_last = cds.spans[-1][1] if not cds.minus else cds.spans[0][0]
        five_low = not cds.minus
        if (cds.partial5 and five_low) or (cds.partial3 and not five_low):
            attrs.append(("start_range", f".,{lo_first}"))
        if (cds.partial3 and five_low) or (cds.partial5 and not five_low):
            attrs.append(("end_range", f"{hi_last},."))
    for i, (a, b) in enumerate(cds.spans):
        rows.append(_row(sid, dialect, "CDS", a, b, _cds_phase(cds, i, cds.spans), attrs, cds.minus))
    return rows


def _other_rows(record: Record, dialect: str, n: int, f: Feature) -> list[str]:
    kind = _RNA_TYPES.get(f.key, f.key)
    attrs = [("ID", f"feat{n}")]
    if f.key in ("tRNA", "rRNA"):
        attrs.append(("product", _q(f, "product")))
    if f.key == "ncRNA":
        attrs.append(("ncRNA_class", _q(f, "ncRNA_class")))
    a, b = f.spans[0][0], f.spans[-1][1]
    return [_row(record.seqid, dialect, kind, a, b, ".", attrs)]


def gff3_text(sub: Submission, dialect: str) -> str:
    lines = ["##gff-version 3"]
    n = 0
    for record in sub.records:
        lines.append(f"##sequence-region {record.seqid} 1 {len(record.seq)}")
        for group in _groups(record):
            n += 1
            keys = {f.key for f in group}
            if keys & {"gene", "mRNA", "CDS"} and keys <= {"gene", "mRNA", "CDS"}:
                if dialect == "prokka" and "CDS" not in keys:
                    continue
                lines += _gene_rows(record, dialect, n, group)
            elif dialect != "prokka":
                lines += [
                    row for f in group if f.key in _RNA_TYPES for row in _other_rows(record, dialect, n, f)
                ]
    return "\n".join(lines) + "\n"


def _codon_partials(record: Record, cds: Feature, code: int) -> tuple[bool, bool]:
    """Whether the CDS lacks its start codon (or reads from base 2/3) and its stop codon."""
    parts = [record.seq[min(a, b) - 1 : max(a, b)] for a, b in cds.spans]
    seq = "".join(_revcomp(p) if cds.minus else p for p in parts)
    frame = int(_q(cds, "codon_start") or "1") - 1
    body = seq[frame:]
    no_start = frame > 0 or len(body) < 3 or translate_codon(body[:3], code, start=True) != "M"
    tail = body[(len(body) // 3) * 3 - 3 : (len(body) // 3) * 3] if len(body) % 3 == 0 else ""
    no_stop = not tail or translate_codon(tail, code) != "*"
    return no_start, no_stop


_AT = SourcePos("generated.fsa", 1)


def _expected(sub: Submission, dialect: str, prokaryote_code: int) -> set[tuple[object, ...]]:
    del prokaryote_code  # each record's code comes from its own defline now
    out: set[tuple[object, ...]] = set()
    for record in sub.records:
        for group in _groups(record):
            keys = {f.key for f in group}
            genic = bool(keys & {"gene", "mRNA", "CDS"}) and keys <= {"gene", "mRNA", "CDS"}
            if dialect == "prokka" and (not genic or "CDS" not in keys):
                continue
            for f in group:
                if not genic and f.key not in _RNA_TYPES:
                    continue
                if f.key == "gene" and not genic:
                    continue
                if dialect == "prokka" and f.key == "mRNA":
                    continue
                spans = tuple(f.spans) if f.key in ("mRNA", "CDS") else ((f.spans[0][0], f.spans[-1][1]),)
                if dialect == "prokka" and f.key == "gene":  # the reader makes the gene from the CDS
                    cds = next(c for c in group if c.key == "CDS")
                    spans = ((cds.spans[0][0], cds.spans[-1][1]),)
                p5 = p3 = None
                if f.key == "CDS":
                    # The record's code as its FASTA defline gives it (what the reader sees; the taxonomy's
                    # for a named organism): tbl2asn replaces a CDS's own /transl_table with it.
                    code = genetic_code_for([SourceModifier(k, v, _AT) for k, v in record.mods])
                    no_start, no_stop = _codon_partials(record, f, code)
                    if dialect != "prokka" and any(k == "pseudo" for g in group for k, _ in g.quals):
                        # a pseudogene's codons say nothing about its ends; a phase of 1 or 2 still does
                        no_start, no_stop = _q(f, "codon_start") not in ("", "1"), False
                    p5 = no_start or (dialect == "ncbi" and f.partial5)
                    p3 = no_stop or (dialect == "ncbi" and f.partial3)
                out.add((record.seqid, f.key, spans, p5, p3))
    return out


def _read_back(path: Path, fasta: Path, dialect: str) -> set[tuple[object, ...]]:
    report = Report()
    options = GffOptions(dialect=_READER_DIALECT.get(dialect, dialect), keep_ids=True)
    tables = read_gff3_tables(path, report, options=options, sequences=read_fasta(fasta, Report()))
    out: set[tuple[object, ...]] = set()
    for seqid, table in tables.items():
        for f in table:
            spans = tuple((iv.start, iv.stop) for iv in f.intervals)
            if f.key == "gene" or f.key not in ("mRNA", "CDS"):
                spans = ((spans[0][0], spans[-1][1]),)
            p5 = p3 = None
            if f.key == "CDS":
                p5, p3 = f.intervals[0].partial_start, f.intervals[-1].partial_stop
            out.add((seqid.split("|")[-1], f.key, spans, p5, p3))
    return out


def round_trip(sub: Submission, folder: Path, fasta: Path, prokaryote_code: int = 1) -> dict[str, list[str]]:
    """Per dialect, the features that differ between the generated table and its GFF3 read back."""
    folder.mkdir(parents=True, exist_ok=True)
    result: dict[str, list[str]] = {}
    for dialect in DIALECTS:
        path = folder / f"{sub.base}.{dialect}.gff3"
        path.write_text(gff3_text(sub, dialect))
        want = _expected(sub, dialect, prokaryote_code)
        got = _read_back(path, fasta, dialect)
        result[dialect] = [f"missing {w}" for w in sorted(map(str, want - got))] + [
            f"extra {g}" for g in sorted(map(str, got - want))
        ]
    return result
