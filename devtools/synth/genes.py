"""Genes for the synthetic genome: exon-intron structure, UTRs, coding sequence drawn codon by codon,
and the sequence-level errors ``--inject`` plants in them (internal stops, bad splice sites, ...).
"""

from __future__ import annotations

import math
import random
from typing import Any

from devtools.synth.bases import (
    _BASE_TABLES,
    _CUM_CODON_WEIGHTS,
    _PYRIMIDINE_TABLE,
    SENSE_CODONS,
    STOP_CODONS,
)
from devtools.synth.config import ERROR_KINDS, GAP_LEN, HYPOTHETICAL, PRODUCTS, SynthConfig
from devtools.synth.shapes import _Layout, _Pending


class _GeneBuilder:
    """Builds genes in their own orientation, and plants the sequence-level errors ``--inject`` asks for.

    ``_Generator`` places the genes on contigs and writes them; all draws come from ``rng`` (the clean
    genome) or ``irng`` (planted errors), in the same order as ever, so a seed keeps giving the same files.
    """

    def __init__(self, config: SynthConfig) -> None:
        self.cfg = config
        self.rng = random.Random(config.seed)
        # Planting errors draws only from this stream, so it never shifts the clean genome's draws.
        self.irng = random.Random(f"synth-inject-{config.seed}")
        self.pending: list[_Pending] = []
        if config.inject:
            kinds = list(ERROR_KINDS)
            span = config.genes / config.inject
            # Spread over the first 90 % of the genes, so an error deferred for want of a suitable gene
            # still finds one before the genome ends.
            self.pending = [
                _Pending(
                    kinds[i % len(kinds)], int(i * span * 0.9) + self.irng.randrange(max(1, int(span / 3)))
                )
                for i in range(config.inject)
            ]

    # ---- sequence --------------------------------------------------------------------------------

    def _random_seq(self, n: int, gc: float) -> str:
        if n <= 0:
            return ""
        table = _BASE_TABLES[min(60, max(20, round(gc * 100)))]
        return self.rng.randbytes(n).translate(table).decode("ascii")

    def _intergenic(self, n: int) -> str:
        # Isochore-like: each stretch gets its own GC around the genome mean.
        s = self._random_seq(n, min(0.6, max(0.2, self.rng.gauss(self.cfg.gc, 0.03))))
        if n >= 300 and self.rng.random() < 0.15:
            unit = self._random_seq(self.rng.choice((1, 2, 2, 3, 4)), 0.3)
            ssr = (unit * self.rng.randint(8, 25))[: n // 3]
            at = self.rng.randrange(50, n - len(ssr) - 49)
            s = s[:at] + ssr + s[at + len(ssr) :]
        return s

    def _intron(self, n: int) -> str:
        # GTRAGT donor, AT-rich body, TACTAAC branch point, pyrimidine tract, YAG acceptor.
        donor = "GT" + self.rng.choice("AG") + "AGT"
        tract = self.rng.randbytes(self.rng.randint(8, 14)).translate(_PYRIMIDINE_TABLE).decode("ascii")
        acceptor = self.rng.choice("CT") + "AG"
        tail = "TACTAAC" + self._random_seq(self.rng.randint(5, 15), 0.3) + tract + acceptor
        body = n - len(donor) - len(tail)
        if body < 0:
            return donor + self._random_seq(n - len(donor) - len(acceptor), 0.3) + acceptor
        return donor + self._random_seq(body, 0.32) + tail

    def _codons(self, n: int) -> str:
        return "".join(self.rng.choices(SENSE_CODONS, cum_weights=_CUM_CODON_WEIGHTS, k=n))

    # ---- genes -----------------------------------------------------------------------------------

    def _gene_plan(self, budget: int, partial5: bool, partial3: bool) -> tuple[list[int], int, int, int]:
        """Intron lengths, UTR lengths and CDS length (nt) of a gene that fits in ``budget`` bases."""
        rng = self.rng
        k = rng.choices(range(1, 11), weights=(20, 20, 17, 13, 10, 7, 5, 4, 2, 2))[0]
        # Introns are longer where genes are sparser, as in real genomes.
        median = min(1500.0, max(70.0, 0.05 * self.cfg.size / max(1, self.cfg.genes)))
        introns = [
            int(min(20 * median, max(50.0, rng.lognormvariate(math.log(median), 0.6)))) for _ in range(k - 1)
        ]
        u5 = 0 if partial5 else int(min(300, max(20, rng.lognormvariate(math.log(80), 0.6))))
        u3 = 0 if partial3 else int(min(600, max(30, rng.lognormvariate(math.log(150), 0.6))))
        cds = 3 * int(min(3000, max(60, rng.lognormvariate(math.log(420), 0.55))))
        # Coding sequence may shrink to about a third of the budget; beyond that introns get shorter, then
        # fewer, as in compact genomes where most genes have one or two exons.
        cap = budget - u5 - u3 - 3 * max(60, int(0.35 * budget) // 3)
        if sum(introns) > cap:
            introns = [max(50, int(n * max(cap, 0) / sum(introns))) for n in introns]
            while introns and sum(introns) > cap:
                introns.pop()
        room = budget - u5 - u3 - sum(introns)
        if room < 3 * 40:
            u5, u3 = min(u5, 20), min(u3, 30)
            room = budget - u5 - u3 - sum(introns)
        return introns, u5, u3, max(3 * 40, min(cds, room - room % 3))

    def _build_gene(
        self, ordinal: int, budget: int, partial5: bool, partial3: bool, context: dict[str, Any]
    ) -> _Layout:
        rng = self.rng
        introns, u5, u3, cds_len = self._gene_plan(budget, partial5, partial3)
        # A 5'-partial CDS starts 0-2 bases before its first complete codon (codon_start 1-3); a 3'-partial
        # one ends 0-2 bases after its last.
        lead = rng.randrange(3) if partial5 else 0
        trail = rng.randrange(3) if partial3 else 0
        n_codons = cds_len // 3 - (0 if partial5 else 1) - (0 if partial3 else 1)
        cds = (
            self._random_seq(lead, 0.45)
            + ("" if partial5 else "ATG")
            + self._codons(n_codons)
            + ("" if partial3 else rng.choice(STOP_CODONS))
            + self._random_seq(trail, 0.45)
        )
        cds_len = len(cds)
        transcript = self._random_seq(u5, 0.38) + cds + self._random_seq(u3, 0.33)
        # Exon boundaries fall inside the CDS in any phase, 30 nt apart at least and 6 nt clear of its ends.
        cuts: list[int] = []
        if introns:
            lo = u5 + 6
            slots = (cds_len - 12) // 30
            if slots >= len(introns):
                cuts = [
                    lo + 30 * p + rng.randrange(30) for p in sorted(rng.sample(range(slots), len(introns)))
                ]
                cuts = [c for i, c in enumerate(cuts) if i == 0 or c - cuts[i - 1] >= 30]
        intron_seqs = [self._intron(n) for n in introns[: len(cuts)]]
        product = HYPOTHETICAL if rng.random() < 0.4 else rng.choice(PRODUCTS)
        layout = _Layout(ordinal, product, partial5, partial3, lead + 1, u5, cds_len, [], [], 0, [])
        spans = self._coding_spans(cuts, len(transcript), u5, cds_len)
        shape = {
            **context,
            "complete": not partial5 and not partial3,
            "introns": len(cuts),
            "longest_coding_exon": max(b - a for a, b in spans),
            "cds_len": cds_len,
        }
        gap_at = None
        layout.injection = self._take_injection(ordinal, shape) if self.pending else None
        if layout.injection is not None:
            transcript, intron_seqs, gap_at = self._mutate(layout, transcript, intron_seqs, spans)
        layout.bounds = [0, *cuts, len(transcript)]
        offset = 0
        for i in range(len(cuts) + 1):
            exon = transcript[layout.bounds[i] : layout.bounds[i + 1]]
            layout.exons.append((offset, offset + len(exon)))
            layout.pieces.append(exon)
            offset += len(exon)
            if i < len(intron_seqs):
                layout.pieces.append(intron_seqs[i])
                offset += len(intron_seqs[i])
        layout.length = offset
        if gap_at is not None:
            flat = "".join(p for p in layout.pieces if isinstance(p, str))
            layout.pieces = [flat[:gap_at], GAP_LEN, flat[gap_at + GAP_LEN :]]
        return layout

    @staticmethod
    def _coding_spans(cuts: list[int], length: int, u5: int, cds_len: int) -> list[tuple[int, int]]:
        """Transcript [start, end) of the coding part of each exon (empty for an exon that is all UTR)."""
        bounds = [0, *cuts, length]
        return [
            (max(bounds[j], u5), max(bounds[j], min(bounds[j + 1], u5 + cds_len)))
            for j in range(len(cuts) + 1)
        ]

    def _mutate(
        self, layout: _Layout, transcript: str, intron_seqs: list[str], spans: list[tuple[int, int]]
    ) -> tuple[str, list[str], int | None]:
        """Plant a sequence-level error; returns the new transcript, introns and where a gap goes, if any."""
        assert layout.injection is not None
        kind, irng, u5, cds_len = layout.injection.kind, self.irng, layout.u5, layout.cds_len

        def codon_at(at: int, codon: str) -> str:
            layout.detail.update({"was": transcript[at : at + 3], "now": codon, "transcript_offset": at})
            return transcript[:at] + codon + transcript[at + 3 :]

        if kind == "internal_stop":
            n = cds_len // 3
            codon = irng.randrange(max(1, n // 4), max(2, n - 1 - n // 4))
            layout.detail["codon"] = codon + 1
            return codon_at(u5 + 3 * codon, irng.choice(STOP_CODONS)), intron_seqs, None
        if kind == "bad_start_codon":
            # AAG: neither a stop nor one of code 1's alternative starts (TTG, CTG).
            return codon_at(u5, "AAG"), intron_seqs, None
        if kind == "missing_stop":
            return codon_at(u5 + cds_len - 3, "TGG"), intron_seqs, None
        if kind in ("bad_splice_donor", "bad_splice_acceptor"):
            i = irng.randrange(len(intron_seqs))
            s = intron_seqs[i]
            donor = kind == "bad_splice_donor"
            new = "CA" + s[2:] if donor else s[:-2] + "TC"
            layout.detail.update(
                {"intron": i + 1, "was": s[:2] if donor else s[-2:], "now": new[:2] if donor else new[-2:]}
            )
            return transcript, [*intron_seqs[:i], new, *intron_seqs[i + 1 :]], None
        if kind == "feature_crosses_gap":
            # The middle of the longest coding exon: replacing bases keeps every coordinate valid.
            j = max(range(len(spans)), key=lambda x: spans[x][1] - spans[x][0])
            lo, hi = spans[j]
            at = lo + (hi - lo - GAP_LEN) // 2
            layout.detail["exon"] = j + 1
            return transcript, intron_seqs, at + sum(len(s) for s in intron_seqs[:j])
        return transcript, intron_seqs, None

    @staticmethod
    def _eligible(kind: str, shape: dict[str, Any]) -> bool:
        # Only complete genes, and never next to another planted error, so each error is alone in its locus.
        if not shape["complete"]:
            return False
        if kind in ("bad_splice_donor", "bad_splice_acceptor"):
            return bool(shape["introns"])
        if kind == "feature_crosses_gap":
            # Gap off the exon ends, and a translation mostly free of X (tbl2asn errors at more than 50 % X).
            return bool(shape["longest_coding_exon"] >= GAP_LEN + 40 and shape["cds_len"] >= 6 * GAP_LEN)
        if kind == "duplicate_locus_tag":
            return bool(shape["previous_clean"])
        if kind == "non_iupac":
            return bool(shape["lead_space"] >= 40)
        if kind == "bad_coordinate":
            return bool(shape["last_on_contig"])
        return True

    def _take_injection(self, ordinal: int, shape: dict[str, Any]) -> _Pending | None:
        for i, pending in enumerate(self.pending):
            if pending.after > ordinal:
                break
            if self._eligible(pending.kind, shape):
                return self.pending.pop(i)
        return None
