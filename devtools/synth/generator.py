"""The synthetic genome generator proper: contigs, genes placed on them, gaps, the feature table, and
``generate``, which writes a genome and its manifest to a directory.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, TextIO

from devtools.synth.bases import _revcomp
from devtools.synth.config import ERROR_KINDS, GAP_LEN, NON_IUPAC, SynthConfig, SynthError
from devtools.synth.fasta_writer import _FastaWriter
from devtools.synth.genes import _GeneBuilder
from devtools.synth.shapes import Interval, Locus, Stats, _Layout


class _Generator(_GeneBuilder):
    """Lays contigs out, places genes and gaps on them, and writes the FASTA and the feature table."""

    def __init__(self, config: SynthConfig) -> None:
        super().__init__(config)
        self.stats = Stats()
        self.digits = max(6, len(str(config.genes * 10)))
        self.fsa_name = f"{config.basename}.fsa"
        self.tbl_name = f"{config.basename}.tbl"
        self.errors: list[dict[str, Any]] = []
        self.gap_prob = 0.0
        self.gaps_owed = 0
        self.tbl_line = 0

    # ---- layout ----------------------------------------------------------------------------------

    def _contig_lengths(self) -> list[int]:
        cfg = self.cfg
        raw = [self.rng.lognormvariate(0.0, cfg.contig_sigma) for _ in range(cfg.contigs)]
        floor_len = max(1000, int(0.2 * cfg.size / cfg.contigs))
        spare = cfg.size - floor_len * cfg.contigs
        lengths = [floor_len + int(spare * r / sum(raw)) for r in raw]
        lengths[-1] += cfg.size - sum(lengths)
        return lengths

    @staticmethod
    def _apportion(total: int, weights: Sequence[float]) -> list[int]:
        """Split ``total`` in proportion to ``weights`` by largest remainder, so the parts add up exactly."""
        quotas = [total * w / sum(weights) for w in weights]
        parts = [int(q) for q in quotas]
        order = sorted(range(len(weights)), key=lambda i: (quotas[i] - parts[i], -i), reverse=True)
        for i in order[: total - sum(parts)]:
            parts[i] += 1
        return parts

    # ---- contigs ---------------------------------------------------------------------------------

    def run(self, fsa: TextIO, tbl: TextIO) -> None:
        cfg = self.cfg
        lengths = self._contig_lengths()
        genes_per = self._apportion(cfg.genes, lengths) if cfg.genes else [0] * cfg.contigs
        stretches = sum(g + 1 for g in genes_per)
        self.gap_prob = min(0.9, cfg.size / cfg.gap_every / stretches) if cfg.gap_every > 0 else 0.0
        width = max(4, len(str(cfg.contigs)))
        writer = _FastaWriter(fsa, cfg.line_width)
        ordinal = 0
        for c, (length, n_genes) in enumerate(zip(lengths, genes_per, strict=True)):
            ordinal = self._contig(writer, tbl, f"scaffold_{c + 1:0{width}d}", length, n_genes, ordinal)
        self.stats.fsa_lines = writer.line
        self.stats.tbl_lines = self.tbl_line
        if self.pending:
            raise SynthError(
                f"found no place for {len(self.pending)} of the errors to inject; use more genes"
            )

    def _contig(
        self, writer: _FastaWriter, tbl: TextIO, seqid: str, length: int, n_genes: int, ordinal: int
    ) -> int:
        cfg, rng = self.cfg, self.rng
        writer.header(f">{seqid} [organism={cfg.organism}] [strain={cfg.strain}] [moltype=genomic]")
        self.stats.contigs += 1
        # The table is written gene by gene, so only the previous locus (for duplicate tags) stays in memory.
        tbl.write(f">Feature {seqid}\n")
        self.tbl_line += 1
        previous: Locus | None = None
        contig_errors: list[dict[str, Any]] = []
        gaps: list[int] = []
        if n_genes == 0:
            self._emit_intergenic(writer, length, rng.random() < self.gap_prob, gaps)
        else:
            slots = self._apportion(length, [rng.randint(70, 130) for _ in range(n_genes)])
            first_partial = rng.random() < cfg.partial_prob
            # A lone gene is never partial at both ends: it would have to fill its contig exactly.
            last_partial = n_genes > 1 and rng.random() < cfg.partial_prob
            carry = 0  # intergenic bases owed from the previous slot's tail
            for i, slot in enumerate(slots):
                ordinal += 1
                strand = 1 if rng.random() < 0.5 else -1
                at_start = i == 0 and first_partial
                at_end = i == n_genes - 1 and last_partial
                # Running off the left end of the contig is 5' partial on the plus strand, 3' on the minus.
                partial5 = (at_start and strand == 1) or (at_end and strand == -1)
                partial3 = (at_start and strand == -1) or (at_end and strand == 1)
                budget = min(30_000, int(slot * rng.uniform(0.55, 0.85)))
                context = {
                    "previous_clean": previous is not None and previous.error is None,
                    "lead_space": carry,
                    "last_on_contig": i == n_genes - 1,
                }
                layout = self._build_gene(ordinal, budget, partial5, partial3, context)
                glen = layout.length
                assert glen <= slot - 2, "a gene overran its slot"
                if at_start:
                    offset = 0
                elif at_end:
                    offset = slot - glen
                else:
                    offset = rng.randint(min(20, (slot - glen) // 2), max(20, slot - glen - 20))
                lead = 0 if at_start else carry + offset
                planted = layout.injection is not None and layout.injection.kind == "non_iupac"
                gapped = rng.random() < self.gap_prob
                if lead:
                    stray = self._emit_intergenic(writer, lead, gapped, gaps, lead - 20 if planted else None)
                    if stray is not None:
                        layout.detail.update({"position": stray + 1, "line": writer.line_of(stray)})
                gene_start = writer.pos + 1
                pieces = layout.pieces
                if strand == -1:
                    pieces = [_revcomp(p) if isinstance(p, str) else p for p in reversed(pieces)]
                for p in pieces:
                    if isinstance(p, str):
                        self._emit(writer, p)
                        continue
                    gaps.append(writer.pos)
                    self._emit_gap(writer)
                    # The gap line itself, or the line where the run of N starts.
                    gap_line = writer.line if cfg.gap_lines else writer.line_of(gaps[-1])
                    layout.detail.update({"gap": [gaps[-1] + 1, gaps[-1] + GAP_LEN], "gap_line": gap_line})
                locus = self._locus(layout, strand, gene_start, seqid, previous)
                if locus.error is not None:
                    contig_errors.append(locus.error)
                    if "position" in locus.error:
                        locus.error.setdefault("sequence_line", writer.line_of(locus.error["position"] - 1))
                self._write_locus(tbl, locus, length)
                previous = locus
                carry = slot - offset - glen
            if carry:
                self._emit_intergenic(writer, carry, rng.random() < self.gap_prob, gaps)
        writer.end_record()
        self.stats.bases += writer.pos
        if gaps and cfg.gap_lines:
            # A contig with a gap line is a delta sequence to tbl2asn, which then says more about some errors.
            for err in contig_errors:
                if err["code"]:
                    err["codes"] += ERROR_KINDS[err["kind"]].delta_codes
        return ordinal

    def _emit_intergenic(
        self, writer: _FastaWriter, n: int, gapped: bool, gaps: list[int], stray_at: int | None = None
    ) -> int | None:
        """Write ``n`` intergenic bases, perhaps with a gap in the middle.

        With ``stray_at`` (an offset into the stretch), a non-IUPAC character goes in before that base, whose
        0-based contig position is returned.
        """
        start = writer.pos
        # A stretch too short to hold a gap with room on both sides passes its gap on to the next one.
        self.gaps_owed += gapped
        parts: list[str | int]
        if self.gaps_owed and n >= GAP_LEN + 300:
            self.gaps_owed -= 1
            left = (n - GAP_LEN) // 2 + self.rng.randint(-50, 50)
            parts = [self._intergenic(left), GAP_LEN, self._intergenic(n - GAP_LEN - left)]
        else:
            parts = [self._intergenic(n)]
        stray = None
        offset = 0
        for part in parts:
            if isinstance(part, int):
                gaps.append(writer.pos)
                self._emit_gap(writer)
                offset += part
                continue
            if stray_at is not None and offset <= stray_at < offset + len(part):
                stray = start + stray_at
                writer.insert(stray, NON_IUPAC)
            self._emit(writer, part)
            offset += len(part)
        return stray

    def _emit(self, writer: _FastaWriter, s: str) -> None:
        writer.seq(s)
        self.stats.gc_bases += s.count("G") + s.count("C")

    def _emit_gap(self, writer: _FastaWriter) -> None:
        self.stats.gaps += 1
        if self.cfg.gap_lines:
            writer.gap_line(GAP_LEN, unknown=self.cfg.gap_lines == "unknown")
        else:
            writer.seq("N" * GAP_LEN)

    # ---- loci and the feature table --------------------------------------------------------------

    def _locus(
        self, layout: _Layout, strand: int, gene_start: int, seqid: str, previous: Locus | None
    ) -> Locus:
        gene_end = gene_start + layout.length - 1

        def to_genome(lo: int, hi: int) -> Interval:
            # [lo, hi) in gene coordinates -> a feature-table interval, 5' end first.
            if strand == 1:
                return Interval(gene_start + lo, gene_start + hi - 1)
            return Interval(gene_end - lo, gene_end - hi + 1)

        bounds, u5, cds_end = layout.bounds, layout.u5, layout.u5 + layout.cds_len
        cds = []
        for (a, _), t0, t1 in zip(layout.exons, bounds, bounds[1:], strict=False):
            lo, hi = max(t0, u5), min(t1, cds_end)
            if lo < hi:
                cds.append(to_genome(a + lo - t0, a + hi - t0))
        tag = f"{self.cfg.prefix}_{layout.ordinal * 10:0{self.digits}d}"
        locus = Locus(
            ordinal=layout.ordinal,
            locus_tag=tag,
            product=layout.product,
            strand=strand,
            gene_start=gene_start,
            gene_end=gene_end,
            exons=[to_genome(a, b) for a, b in layout.exons],
            cds=cds,
            partial5=layout.partial5,
            partial3=layout.partial3,
            codon_start=layout.codon_start,
            tag_written=tag,
        )
        st = self.stats
        st.genes += 1
        st.exons += len(locus.exons)
        st.plus_strand += strand == 1
        st.partial_5 += locus.partial5
        st.partial_3 += locus.partial3
        if layout.injection is not None:
            self._record_error(layout, locus, seqid, previous)
        return locus

    def _record_error(self, layout: _Layout, locus: Locus, seqid: str, previous: Locus | None) -> None:
        assert layout.injection is not None
        kind = layout.injection.kind
        detail = dict(layout.detail)
        entry: dict[str, Any] = {
            "id": len(self.errors) + 1,
            "kind": kind,
            **ERROR_KINDS[kind].expected(self.cfg.gap_lines),
            "seqid": seqid,
            "locus_tag": locus.locus_tag,
            "protein_id": f"gnl|{self.cfg.db}|{locus.locus_tag}",
        }
        if kind == "locus_tag_space":
            locus.tag_written = f"{self.cfg.prefix} {locus.locus_tag[len(self.cfg.prefix) + 1 :]}"
            detail["written"] = locus.tag_written
        elif kind == "duplicate_locus_tag":
            assert previous is not None
            locus.tag_written = previous.tag_written
            detail.update({"written": locus.tag_written, "first_use": previous.locus_tag})
        elif kind == "cds_without_product":
            locus.cds_product = False
        elif kind == "non_iupac":
            entry.update({"file": self.fsa_name, "line": detail.pop("line"), "feature": None})
            entry["position"] = detail.pop("position")
        elif kind == "feature_crosses_gap":
            entry.update({"position": detail["gap"][0], "sequence_line": detail["gap_line"]})
        offset = detail.pop("transcript_offset", None)
        if offset is not None:
            # The first base of the changed codon, in the gene's orientation.
            entry["position"] = self._transcript_to_genome(locus, offset)
        entry["detail"] = detail
        locus.error = entry
        self.errors.append(entry)

    @staticmethod
    def _transcript_to_genome(locus: Locus, offset: int) -> int:
        for iv in locus.exons:
            n = abs(iv.last - iv.first) + 1
            if offset < n:
                return iv.first + offset if locus.strand == 1 else iv.first - offset
            offset -= n
        raise ValueError("offset beyond the transcript")

    def _write_locus(self, tbl: TextIO, loc: Locus, contig_len: int) -> None:
        out: list[str] = []
        base = self.tbl_line

        def feature(key: str, ivs: list[Interval]) -> int:
            line = base + len(out) + 1
            for n, iv in enumerate(ivs):
                first = f"<{iv.first}" if loc.partial5 and n == 0 else str(iv.first)
                last = f">{iv.last}" if loc.partial3 and n == len(ivs) - 1 else str(iv.last)
                out.append(f"{first}\t{last}\t{key}" if n == 0 else f"{first}\t{last}")
            return line

        def qual(key: str, value: str) -> int:
            out.append(f"\t\t\t{key}\t{value}")
            return base + len(out)

        gene = (
            Interval(loc.gene_start, loc.gene_end)
            if loc.strand == 1
            else Interval(loc.gene_end, loc.gene_start)
        )
        err = loc.error
        if err is not None and err["kind"] == "bad_coordinate":
            # Past the end of the contig, as in a table made for another version of the assembly.
            bad = contig_len + 1 + self.irng.randrange(5, 500)
            gene = Interval(gene.first, bad) if loc.strand == 1 else Interval(bad, gene.last)
            err["detail"].update({"written": bad, "contig_length": contig_len})
        protein_id = f"gnl|{self.cfg.db}|{loc.locus_tag}"
        transcript_id = f"gnl|{self.cfg.db}|mrna.{loc.locus_tag}"
        loc.lines["gene"] = feature("gene", [gene])
        loc.lines["locus_tag"] = qual("locus_tag", loc.tag_written)
        loc.lines["mRNA"] = feature("mRNA", loc.exons)
        qual("product", loc.product)
        qual("protein_id", protein_id)
        qual("transcript_id", transcript_id)
        loc.lines["CDS"] = feature("CDS", loc.cds)
        if loc.partial5:
            qual("codon_start", str(loc.codon_start))
        if loc.cds_product:
            qual("product", loc.product)
        qual("protein_id", protein_id)
        qual("transcript_id", transcript_id)
        if err is not None and err["kind"] != "non_iupac":
            where = ERROR_KINDS[err["kind"]].line
            err.update({"file": self.tbl_name, "line": loc.lines[where]})
            err["feature"] = "gene" if where == "locus_tag" else where
        tbl.write("\n".join(out) + "\n")
        self.tbl_line += len(out)


def generate(outdir: Path | str, config: SynthConfig) -> dict[str, Any]:
    """Write ``{basename}.fsa``, ``{basename}.tbl``, ``manifest.json`` (and ``{basename}.sbt`` when a template
    is given) to ``outdir``; returns the manifest."""
    config.check()
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    gen = _Generator(config)
    with (
        open(out / gen.fsa_name, "w", encoding="ascii", newline="\n", buffering=1 << 20) as fsa,
        open(out / gen.tbl_name, "w", encoding="ascii", newline="\n", buffering=1 << 20) as tbl,
    ):
        gen.run(fsa, tbl)
    if config.sbt is not None:
        shutil.copyfile(config.sbt, out / f"{config.basename}.sbt")
    stats = asdict(gen.stats)
    stats["gc_fraction"] = round(gen.stats.gc_bases / max(1, gen.stats.bases), 4)
    manifest = {
        "generator": "devtools.synth",
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(config).items()},
        "files": {"fasta": gen.fsa_name, "table": gen.tbl_name},
        "stats": stats,
        "codes_from": "tbl2asn 25.3 -a s -V v",
        "errors": gen.errors,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest
