"""What a synthetic genome is made from: the parameters (``SynthConfig``), the product names, and the
errors ``--inject`` can plant with what NCBI's tbl2asn 25.3 reports for each (``ERROR_KINDS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

PRODUCTS = (
    "60S ribosomal protein L7",
    "40S ribosomal protein S3",
    "elongation factor 1-alpha",
    "glyceraldehyde-3-phosphate dehydrogenase",
    "heat shock protein 90",
    "histone H2A",
    "actin",
    "tubulin alpha chain",
    "serine/threonine-protein kinase",
    "ubiquitin-conjugating enzyme E2",
    "DNA-directed RNA polymerase II subunit RPB2",
    "ATP synthase subunit beta",
    "pyruvate kinase",
    "enolase",
    "phosphoglycerate kinase",
    "26S proteasome regulatory subunit 7",
    "eukaryotic translation initiation factor 4E",
    "WD repeat-containing protein 5",
    "acetyl-CoA carboxylase",
    "nuclear pore complex protein Nup98",
    "ATP-dependent RNA helicase",
    "cytochrome c oxidase subunit 4",
    "calmodulin",
    "casein kinase II subunit alpha",
)
HYPOTHETICAL = "hypothetical protein"
GAP_LEN = 100
# A stray character is inserted, not substituted: NCBI's reader drops it (with a message on stderr), so the
# table's coordinates stay right and the character is the only thing wrong.
NON_IUPAC = "J"
GAP_MODES = ("", "known", "unknown")


@dataclass(frozen=True)
class ErrorKind:
    """An error ``--inject`` can plant, and what NCBI's tbl2asn 25.3 (``-a s -V v``) reports for it.

    ``codes`` are all the .val codes one planted error produces, as observed; ``code`` is the one naming the
    problem. tbl2asn checks features against gaps only when a gap is a real gap (a gap line, making the contig
    a delta sequence), not a run of N in raw sequence, and "crosses a gap" only for gaps of unknown length:
    ``gap_modes`` and ``delta_codes`` record that.
    """

    name: str
    code: str | None
    severity: str | None
    codes: tuple[str, ...] = ()
    delta_codes: tuple[str, ...] = ()  # also reported when the contig is a delta sequence
    gap_modes: tuple[str, ...] = GAP_MODES  # the SynthConfig.gap_lines values under which codes are reported
    stderr: str | None = None  # what tbl2asn prints instead, for problems its reader silently repairs
    line: str = "CDS"  # the table line a finding belongs on: a feature key or "locus_tag"; "fasta" for FASTA

    def expected(self, gap_mode: str) -> dict[str, Any]:
        if gap_mode not in self.gap_modes:
            return {"code": None, "codes": [], "severity": None, "tbl2asn_stderr": None}
        return {
            "code": self.code,
            "codes": list(self.codes),
            "severity": self.severity,
            "tbl2asn_stderr": self.stderr,
        }


# In the order --inject cycles through them.
ERROR_KINDS: dict[str, ErrorKind] = {
    k.name: k
    for k in (
        ErrorKind(
            "internal_stop",
            "SEQ_FEAT.InternalStop",
            "ERROR",
            ("SEQ_FEAT.InternalStop", "SEQ_INST.StopInProtein"),
        ),
        # Splice findings come twice, on the mRNA and on the CDS.
        ErrorKind(
            "bad_splice_donor",
            "SEQ_FEAT.NotSpliceConsensusDonor",
            "WARNING",
            ("SEQ_FEAT.NotSpliceConsensusDonor",),
            line="mRNA",
        ),
        ErrorKind(
            "locus_tag_space",
            "SEQ_FEAT.LocusTagProblem",
            "WARNING",
            ("SEQ_FEAT.LocusTagProblem",),
            line="locus_tag",
        ),
        # Within one contig: tbl2asn's validator does not compare locus_tags across sequences.
        ErrorKind(
            "duplicate_locus_tag",
            "SEQ_FEAT.CollidingLocusTags",
            "ERROR",
            ("SEQ_FEAT.CollidingLocusTags", "SEQ_FEAT.CollidingGeneNames"),
            line="locus_tag",
        ),
        ErrorKind(
            "cds_without_product",
            "SEQ_FEAT.MissingCDSproduct",
            "ERROR",
            ("SEQ_FEAT.MissingCDSproduct", "SEQ_FEAT.NoProtein", "SEQ_FEAT.FeatureProductInconsistency"),
        ),
        ErrorKind(
            "feature_crosses_gap",
            "SEQ_FEAT.FeatureCrossesGap",
            "WARNING",
            ("SEQ_FEAT.FeatureCrossesGap",),
            gap_modes=("unknown",),
        ),
        ErrorKind("non_iupac", None, None, stderr="illegal character", line="fasta"),
        ErrorKind(
            "bad_splice_acceptor",
            "SEQ_FEAT.NotSpliceConsensusAcceptor",
            "WARNING",
            ("SEQ_FEAT.NotSpliceConsensusAcceptor",),
            line="mRNA",
        ),
        ErrorKind(
            "bad_coordinate",
            "SEQ_FEAT.Range",
            "REJECT",
            ("SEQ_FEAT.Range",),
            delta_codes=("SEQ_FEAT.FeatureInsideGap",),
            line="gene",
        ),
        ErrorKind(
            "bad_start_codon",
            "SEQ_FEAT.StartCodon",
            "ERROR",
            ("SEQ_FEAT.StartCodon", "SEQ_INST.BadProteinStart"),
        ),
        ErrorKind("missing_stop", "SEQ_FEAT.NoStop", "ERROR", ("SEQ_FEAT.NoStop",)),
    )
}


class SynthError(ValueError):
    """Parameters that cannot make a genome."""


@dataclass(frozen=True)
class SynthConfig:
    size: int = 1_000_000
    genes: int = 500
    contigs: int = 10
    seed: int = 1
    prefix: str = "SYN"
    organism: str = "Saccharomyces cerevisiae"
    strain: str = "SYN-1"
    db: str = "SYNTH"
    inject: int = 0
    gap_lines: str = ""  # "": 100 N inline; "known": ">?100" lines; "unknown": ">?unk100" lines
    line_width: int = 60
    gc: float = 0.40
    partial_prob: float = 0.3
    gap_every: int = 100_000
    contig_sigma: float = 0.5
    sbt: Path | None = None
    basename: str = "genome"

    def check(self) -> None:
        if self.contigs < 1 or self.genes < 0:
            raise SynthError("--contigs must be at least 1 and --genes at least 0")
        if self.size < 1000 * self.contigs:
            raise SynthError(
                f"--size {self.size} is too small for {self.contigs} contigs (1 kb each at least)"
            )
        if self.genes and self.size / self.genes < 600:
            raise SynthError(f"{self.genes} genes do not fit in {self.size} bp (600 bp per gene at least)")
        if self.gap_lines not in GAP_MODES:
            raise SynthError(f"gap_lines must be one of {GAP_MODES}")
        if self.line_width not in (60, 80):
            raise SynthError("--line-width must be 60 or 80")
        if not (3 <= len(self.prefix) <= 12 and self.prefix.isalnum() and self.prefix[0].isalpha()):
            raise SynthError(
                "--prefix: 3-12 letters and digits, starting with a letter (NCBI locus_tag rules)"
            )
        if self.inject < 0 or self.inject * 3 > self.genes:
            raise SynthError(f"--inject {self.inject} needs at least {self.inject * 3} genes")
        if not 0.2 <= self.gc <= 0.6:
            raise SynthError("--gc must be between 0.2 and 0.6")
        if not 0.0 <= self.partial_prob <= 1.0:
            raise SynthError("--partial-prob must be between 0 and 1")
