"""A random but realistic submission from a seed: 1-3 records, genes on both strands with UTRs and introns,
partial ends right and wrong about the codons, pseudo genes, RNAs and other features, gaps of each kind,
defline modifiers, side files and a template with or without a publication; tbl2asn's flags to run it with.

``generate(seed)`` gives the same submission for the same seed.
"""

from __future__ import annotations

import random

from devtools.diffgen import vocab
from devtools.diffgen.genes import (
    LocalFeature,
    _random_dna,
    build_gene,
    oriented,
    placed_spans,
    rna_feature,
)
from devtools.diffgen.model import Feature, Gap, Record, Submission


def _place(record: Record, local: list[LocalFeature], seq: str, minus: bool, group: int) -> None:
    offset = len(record.seq) + 1
    record.seq += oriented(seq, minus)
    for f in local:
        spans = placed_spans(f.spans, offset, len(seq), minus)
        record.features.append(Feature(f.key, spans, f.partial5, f.partial3, list(f.quals), group))


def _gap(rng: random.Random, record: Record, style: str) -> None:
    length = 100 if style == "unknown" or rng.random() < 0.5 else rng.randint(20, 300)
    record.gaps.append(Gap(len(record.seq) + 1, length, style))
    record.seq += "N" * length
    if rng.random() < 0.2 and style == "inline":
        quals = [
            ("gap_type", rng.choice(("within scaffold", "unknown", "bogus"))),
            ("estimated_length", str(length)),
        ]
        if rng.random() < 0.6:
            quals.append(("linkage_evidence", rng.choice(("paired-ends", "map", "unspecified"))))
        record.features.append(
            Feature("assembly_gap", [(len(record.seq) - length + 1, len(record.seq))], quals=quals)
        )


def _record(
    rng: random.Random, sub: Submission, n: int, prefix: str, prokaryote: bool, counter: list[int]
) -> Record:
    seqid = rng.choice(("contig", "scaffold_", "chr", "Seq")) + str(n + 1)
    record = Record(seqid, "")
    gap_style = rng.choice(("inline", "known", "unknown", "none", "none"))
    items = rng.randint(1, 6)
    for i in range(items):
        counter[0] += 1
        group = counter[0]
        if rng.random() < 0.22:
            seq, feature, _ = rna_feature(rng, counter[0], prefix)
            minus = rng.random() < 0.5
            record.seq += _random_dna(rng, rng.randint(30, 200))
            local = [feature]
            tag = [q for q in feature.quals if q[0] == "locus_tag"]
            if tag and feature.key in ("tRNA", "rRNA", "ncRNA", "misc_RNA"):
                feature.quals.remove(tag[0])
                local.insert(0, LocalFeature("gene", list(feature.spans), quals=tag))
            _place(record, local, seq, minus, group)
            continue
        gene = build_gene(rng, counter[0], prefix, prokaryote, "DIFFGEN")
        sub.notes.extend(f"{seqid} gene {counter[0]}: {note}" for note in gene.notes)
        first_side = gene.flush3 if gene.minus else gene.flush5
        last_side = gene.flush5 if gene.minus else gene.flush3
        if not (i == 0 and first_side):
            record.seq += _random_dna(rng, rng.randint(30, 250))
        _place(record, gene.features, gene.seq, gene.minus, group)
        if gene.protein_id and rng.random() < 0.15:
            protein = gene.protein
            if rng.random() < 0.3 and len(protein) > 5:
                k = rng.randrange(1, len(protein))
                protein = protein[:k] + ("A" if protein[k] != "A" else "L") + protein[k + 1 :]
            sub.pep.append((gene.protein_id.split("|")[-1], protein))
        if i == items - 1 and last_side:
            break
        if gap_style != "none" and i < items - 1 and rng.random() < 0.3:
            _gap(rng, record, gap_style)
    else:
        record.seq += _random_dna(rng, rng.randint(30, 250))
    return record


GAP_FLAG_RATE = 0.3  # of the seeds without '>?' gap lines: NCBI's genome command line, runs of Ns made gaps


def _gap_flags(seed: int, needs_set: bool) -> list[str]:
    """``-a r<N>k|u`` (runs of N or more Ns become assembly gaps; 100 Ns of unknown length with ``u``), often
    with ``-l`` linkage evidence, as NCBI's instructions for eukaryotic genomes have it.

    Drawn from a stream of its own, so that a seed's sequences and features stay what they were before.
    tbl2asn 25.3 reads '>?' gap lines, and any record after the first, only with ``-a s`` (we read them
    whatever the flags: a README difference), so those seeds keep it.
    """
    pick = random.Random(f"gap-flags-{seed}")
    if needs_set or pick.random() >= GAP_FLAG_RATE:
        return []
    flags = ["-a", pick.choice(("r10k", "r10u", "r20k", "r20u"))]
    if pick.random() < 0.6:
        flags += ["-l", pick.choice(("paired-ends", "map", "align-genus", "within-clone", "clone-contig"))]
    return flags


def generate(seed: int) -> Submission:
    rng = random.Random(f"diffgen-{seed}")
    organism = vocab.organism(rng)
    prokaryote = organism.lower() in vocab.PROKARYOTES or (
        organism.lower().startswith("uncultured") and rng.random() < 0.5
    )
    prefix = rng.choice(("DIFF", "ABC", "XYZ12"))
    n_records = rng.choice((1, 1, 2, 3))
    sub = Submission(seed, f"s{seed}", [], organism=organism)
    counter = [0]
    for n in range(n_records):
        sub.records.append(_record(rng, sub, n, prefix, prokaryote, counter))
    where = rng.choice(("defline", "defline", "flag", "src", "none" if rng.random() < 0.1 else "defline"))
    if where == "defline":
        for record in sub.records:
            record.mods.append(("organism", organism))
    elif where == "flag":
        sub.flags += ["-j", f"[organism={organism}]"]
    elif where == "src":
        sub.src = [["Sequence_ID", "organism"], *[[r.seqid, organism] for r in sub.records]]
    for record in sub.records:
        for key, values in vocab.DEFLINE_MODS:
            if rng.random() < 0.06:
                record.mods.append((key, rng.choice(values)))
        if rng.random() < 0.15:
            record.title = rng.choice(("scaffold from a draft assembly", "chromosome 1, complete sequence"))
    if rng.random() < 0.25:
        quals = rng.sample(vocab.SRC_QUALS, rng.randint(1, 3))
        if not sub.src:
            sub.src = [["Sequence_ID"], *[[r.seqid] for r in sub.records]]
        for key, values in quals:
            sub.src[0].append(key)
            for row in sub.src[1:]:
                row.append(rng.choice(values))
    if rng.random() < 0.2:
        sub.cmt = list(vocab.CMT_ROWS[: rng.randint(2, len(vocab.CMT_ROWS))])
    sub.template = rng.choice(("pub", "pub", "nopub", "sparse"))
    # tbl2asn reads past the first record or a >? gap line only with -a s (we always do: a README difference)
    gap_lines = any(g.style != "inline" for r in sub.records for g in r.gaps)
    if len(sub.records) > 1 or gap_lines or rng.random() < 0.3:
        sub.flags = ["-a", "s", *sub.flags]
    gap_mode = _gap_flags(seed, gap_lines or len(sub.records) > 1)
    if gap_mode:
        sub.flags = [*gap_mode, *(f for f in sub.flags if f not in ("-a", "s"))]
    if rng.random() < 0.15:
        sub.flags += ["-M", "n"] if "-j" in sub.flags or where != "none" else []
    if rng.random() < 0.15:
        sub.flags += ["-y", "Annotated with diffgen"]
    if rng.random() < 0.2:
        sub.flags += ["-X", "E"]
    return sub
