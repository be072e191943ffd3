"""Genes in their own orientation: UTRs, exons, introns with consensus, rare or non-consensus splice sites,
and a CDS whose partial ends are right or wrong about its codons.

A gene is built on transcript coordinates 1..L and placed on a record by ``Placed.to_record``; the feature
spans are then written 5' to 3' of the transcript, as a five-column table wants them on either strand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from devtools.diffgen import vocab
from devtools.synth.bases import GENETIC_CODE_1, SENSE_CODONS, STOP_CODONS, _revcomp

# How a CDS end relates to its partial label: complete and labelled so, truncated and labelled partial,
# complete but labelled partial (wrong), truncated but labelled complete (wrong).
END_MODES = (("ok", 0.68), ("true", 0.14), ("wrong_label", 0.1), ("unlabeled", 0.08))
DONORS = (("GT", 0.82), ("GC", 0.08), ("AT", 0.04), ("CA", 0.06))
ACCEPTORS = (("AG", 0.88), ("AC", 0.04), ("TG", 0.08))


def weighted(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, p in table:
        roll -= p
        if roll < 0:
            return value
    return table[-1][0]


def translate(cds: str) -> str:
    return "".join(GENETIC_CODE_1.get(cds[i : i + 3], "X") for i in range(0, len(cds) - 2, 3))


@dataclass
class LocalFeature:
    key: str
    spans: list[tuple[int, int]]  # transcript-orientation coordinates, ascending, 1-based
    partial5: bool = False
    partial3: bool = False
    quals: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Gene:
    seq: str  # transcript orientation
    features: list[LocalFeature]
    minus: bool
    flush5: bool  # truncated at 5': should sit at the record's end, as real partial genes do
    flush3: bool
    protein: str = ""
    protein_id: str = ""
    notes: list[str] = field(default_factory=list)


def _random_dna(rng: random.Random, n: int, gc: float = 0.42) -> str:
    return "".join(rng.choice("GC") if rng.random() < gc else rng.choice("AT") for _ in range(n))


def _coding(rng: random.Random, codons: int) -> str:
    return "".join(rng.choice(SENSE_CODONS) for _ in range(codons))


def _intron(rng: random.Random, notes: list[str]) -> str:
    donor = weighted(rng, DONORS)
    acceptor = weighted(rng, ACCEPTORS)
    if donor != "GT" or acceptor != "AG":
        notes.append(f"splice {donor}..{acceptor}")
    body = _random_dna(rng, rng.randint(40, 160), 0.35)
    return donor + body + "TTTCTTTTCT"[: rng.randint(4, 10)] + acceptor


def build_gene(rng: random.Random, index: int, prefix: str, prokaryote: bool, db: str) -> Gene:
    notes: list[str] = []
    end5 = weighted(rng, END_MODES)
    end3 = weighted(rng, END_MODES)
    truncated5 = end5 in ("true", "unlabeled")
    truncated3 = end3 in ("true", "unlabeled")
    label5 = end5 in ("true", "wrong_label")
    label3 = end3 in ("true", "wrong_label")
    notes.append(f"5' {end5}, 3' {end3}")
    codons = rng.randint(25, 140)
    body = _coding(rng, codons)
    if rng.random() < 0.04:
        cut = rng.randrange(3, len(body) - 3, 3)
        body = body[:cut] + rng.choice(STOP_CODONS) + body[cut + 3 :]
        notes.append("internal stop")
    start = "ATG" if not truncated5 else rng.choice([c for c in SENSE_CODONS if c != "ATG"])
    if prokaryote and not truncated5 and rng.random() < 0.15:
        start = rng.choice(("GTG", "TTG"))
    stop = rng.choice(STOP_CODONS) if not truncated3 else rng.choice(SENSE_CODONS)
    phase = rng.choice((0, 0, 1, 2)) if truncated5 else 0
    cds = _random_dna(rng, phase) + start + body + stop
    utr5 = "" if truncated5 or rng.random() < 0.35 else _random_dna(rng, rng.randint(10, 60))
    utr3 = "" if truncated3 or rng.random() < 0.35 else _random_dna(rng, rng.randint(10, 60))
    mrna = utr5 + cds + utr3
    n_exons = 1 if prokaryote else rng.choice((1, 1, 2, 2, 3, 4))
    cuts = sorted(rng.sample(range(15, len(mrna) - 15), n_exons - 1)) if n_exons > 1 else []
    cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] > 12]
    pieces = [mrna[a:b] for a, b in zip([0, *cuts], [*cuts, len(mrna)], strict=True)]
    seq = ""
    exons: list[tuple[int, int]] = []  # genomic-local spans of the exons
    for i, piece in enumerate(pieces):
        if i:
            seq += _intron(rng, notes)
        exons.append((len(seq) + 1, len(seq) + len(piece)))
        seq += piece
    # CDS spans: the mRNA interval [len(utr5)+1, len(utr5)+len(cds)] mapped through the exons.
    cds_lo, cds_hi = len(utr5) + 1, len(utr5) + len(cds)
    cds_spans: list[tuple[int, int]] = []
    offset = 0
    for a, b in exons:
        length = b - a + 1
        lo, hi = max(cds_lo, offset + 1), min(cds_hi, offset + length)
        if lo <= hi:
            cds_spans.append((a + lo - offset - 1, a + hi - offset - 1))
        offset += length
    tag = f"{prefix}_{index * 10:05d}"
    pseudo = rng.random() < 0.06
    symbol = rng.choice(("", "", f"abc{chr(65 + index % 26)}", f"Gene{index}", f"act{index}"))
    gene_quals: list[tuple[str, str]] = []
    if rng.random() < 0.93:
        gene_quals.append(("locus_tag", tag if rng.random() < 0.95 else f"{prefix.lower()}_{index}"))
    if symbol:
        gene_quals.append(("gene", symbol))
        if rng.random() < 0.15:
            gene_quals.append(("gene_synonym", symbol.upper() + "1"))
    if pseudo:
        gene_quals.append(("pseudo", ""))
        notes.append("pseudo")
    product = vocab.pick(rng, vocab.PRODUCTS, vocab.DIRTY_PRODUCTS, 0.25)
    protein_id = f"gnl|{db}|{tag}" if rng.random() < 0.8 else ""
    transcript_id = f"gnl|{db}|mrna.{tag}" if rng.random() < 0.8 else ""
    cds_quals: list[tuple[str, str]] = [("product", product)] if rng.random() < 0.96 else []
    if protein_id:
        cds_quals.append(("protein_id", protein_id))
    if transcript_id and not prokaryote:
        cds_quals.append(("transcript_id", transcript_id))
    if phase or (truncated5 and rng.random() < 0.5):
        cds_quals.append(("codon_start", str(phase + 1)))
    for key, values, p in (
        ("inference", vocab.INFERENCES, 0.35),
        ("EC_number", vocab.EC_NUMBERS, 0.12),
        ("db_xref", vocab.DB_XREFS, 0.15),
        ("note", vocab.NOTES, 0.15),
        ("go_process", vocab.GO_TERMS, 0.06),
        ("function", ("kinase activity",), 0.04),
        ("experiment", ("EXISTENCE:RNA-seq",), 0.04),
        ("exception", vocab.EXCEPTIONS, 0.02),
        ("transl_table", ("11", "1", "4"), 0.05 if not prokaryote else 0.5),
    ):
        if rng.random() < p:
            cds_quals.append((key, rng.choice(values)))
    if pseudo and rng.random() < 0.5:
        cds_quals.append(("pseudo", ""))
    features = [
        LocalFeature("gene", [(1, len(seq))], label5 and not utr5, label3 and not utr3, gene_quals),
    ]
    if not prokaryote:
        mrna_quals = [("product", product)] if cds_quals and cds_quals[0][0] == "product" else []
        if transcript_id:
            mrna_quals.append(("transcript_id", transcript_id))
        if protein_id:
            mrna_quals.append(("protein_id", protein_id))
        features.append(LocalFeature("mRNA", exons, label5 and not utr5, label3 and not utr3, mrna_quals))
    if not (pseudo and rng.random() < 0.4):
        features.append(LocalFeature("CDS", cds_spans, label5, label3, cds_quals))
    protein = translate(cds[phase:]).rstrip("*")
    _misplace(random.Random(f"misplaced-{tag}-{len(seq)}"), features, product, notes)
    if not prokaryote and not pseudo and len(features) == 3:
        # Drawn from a stream of its own, so that a seed's other features stay what they were before
        # isoforms were made.
        iso = random.Random(f"isoform-{tag}-{len(seq)}-{seq[:24]}")
        if iso.random() < ISOFORM_RATE:
            features += _isoform(iso, features[1], features[2], len(utr5), len(utr3), notes)
    return Gene(
        seq,
        features,
        rng.random() < 0.5,
        truncated5 and rng.random() < 0.6,
        truncated3 and rng.random() < 0.6,
        protein,
        protein_id,
        notes,
    )


MISPLACED_RATE = 0.05  # of the genes: one qualifier on a feature that does not take it, a common slip


def _misplace(rng: random.Random, features: list[LocalFeature], product: str, notes: list[str]) -> None:
    """Put a qualifier where submitters often put it by mistake (its own random stream: see ``_isoform``)."""
    if rng.random() >= MISPLACED_RATE:
        return
    by_key = {f.key: f for f in features}
    choices = [
        ("gene", "product", product),
        ("gene", "EC_number", "1.1.1.1"),
        ("gene", "transl_table", "1"),
        ("gene", "codon_start", "1"),
        ("mRNA", "EC_number", "2.7.11.1"),
        ("mRNA", "codon_start", "1"),
        ("CDS", "ncRNA_class", "snRNA"),
    ]
    key, name, value = rng.choice([c for c in choices if c[0] in by_key and c[2]] or [("", "", "")])
    if key:
        by_key[key].quals.append((name, value))
        notes.append(f"misplaced /{name} on the {key}")


ISOFORM_RATE = 0.15  # of the eukaryotic genes with an mRNA and a CDS: a second transcript


def _isoform(
    rng: random.Random,
    mrna: LocalFeature,
    cds: LocalFeature,
    utr5: int,
    utr3: int,
    notes: list[str],
) -> list[LocalFeature]:
    """A second mRNA and CDS of the gene, as annotation pipelines (MAKER, BRAKER, funannotate) write them.

    Skipping an exon inside the coding region whose length is a whole number of codons keeps the frame; an
    mRNA starting later in its 5' UTR or ending earlier in its 3' UTR keeps the CDS. Ids get ``-T2``.
    """
    skippable = [
        (i, span)
        for i, span in enumerate(mrna.spans)
        if 0 < i < len(mrna.spans) - 1 and span in cds.spans[1:-1] and (span[1] - span[0] + 1) % 3 == 0
    ]
    mrna_spans, cds_spans = list(mrna.spans), list(cds.spans)
    if skippable and rng.random() < 0.6:
        i, span = rng.choice(skippable)
        del mrna_spans[i]
        cds_spans.remove(span)
        notes.append(f"isoform skipping exon {i + 1}")
    elif utr5 > 6 and rng.random() < 0.5:
        cut = rng.randint(1, utr5 - 3)
        mrna_spans[0] = (mrna_spans[0][0] + cut, mrna_spans[0][1])
        notes.append("isoform with a shorter 5' UTR")
    elif utr3 > 6:
        cut = rng.randint(1, utr3 - 3)
        mrna_spans[-1] = (mrna_spans[-1][0], mrna_spans[-1][1] - cut)
        notes.append("isoform with a shorter 3' UTR")
    else:
        return []
    if any(b < a for a, b in mrna_spans) or mrna_spans[0][0] > cds_spans[0][0]:
        return []
    if mrna_spans[-1][1] < cds_spans[-1][1]:
        return []

    def renamed(quals: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [(k, f"{v}-T2" if k in ("protein_id", "transcript_id") else v) for k, v in quals]

    return [
        LocalFeature("mRNA", mrna_spans, mrna.partial5, mrna.partial3, renamed(mrna.quals)),
        LocalFeature("CDS", cds_spans, cds.partial5, cds.partial3, renamed(cds.quals)),
    ]


def placed_spans(
    spans: list[tuple[int, int]], offset: int, length: int, minus: bool
) -> list[tuple[int, int]]:
    """Transcript-local spans on the record: ``offset`` is the record position of the gene's lowest base."""
    if not minus:
        return [(offset + a - 1, offset + b - 1) for a, b in spans]
    return [(offset + length - a, offset + length - b) for a, b in spans]


def oriented(seq: str, minus: bool) -> str:
    return _revcomp(seq) if minus else seq


def rna_feature(rng: random.Random, index: int, prefix: str) -> tuple[str, LocalFeature, list[str]]:
    """A tRNA, rRNA, ncRNA, misc_RNA, misc_feature, repeat_region or regulatory feature with its sequence."""
    key = rng.choice(("tRNA", "rRNA", "ncRNA", "misc_RNA", "misc_feature", "repeat_region", "regulatory"))
    length = {"tRNA": 73, "rRNA": rng.randint(150, 400)}.get(key, rng.randint(40, 200))
    seq = _random_dna(rng, length)
    quals: list[tuple[str, str]] = []
    if key == "tRNA":
        quals.append(("product", rng.choice(vocab.TRNA_PRODUCTS)))
    elif key == "rRNA":
        quals.append(("product", rng.choice(vocab.RRNA_PRODUCTS)))
    elif key == "ncRNA":
        quals.append(("ncRNA_class", rng.choice(vocab.NCRNA_CLASSES)))
        if rng.random() < 0.5:
            quals.append(("product", "small nucleolar RNA"))
    elif key == "misc_RNA":
        quals.append(("product", "internal transcribed spacer 1"))
    elif key == "misc_feature":
        quals.append(("note", rng.choice(vocab.NOTES)))
    elif key == "repeat_region":
        quals.append(("rpt_family", "LINE") if rng.random() < 0.5 else ("note", "tandem repeat"))
    else:
        quals.append(("regulatory_class", rng.choice(vocab.REGULATORY_CLASSES)))
    if key in ("tRNA", "rRNA", "ncRNA", "misc_RNA") and rng.random() < 0.7:
        quals.insert(0, ("locus_tag", f"{prefix}_{index * 10:05d}"))
    return seq, LocalFeature(key, [(1, length)], quals=quals), [key]
