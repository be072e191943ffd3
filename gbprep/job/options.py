"""What a job is asked to do (``JobOptions``: tbl2asn's flags, then ours) and what it gives back (``JobResult``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from gbprep.assemble.accessions import AccessionMap
from gbprep.assemble.product_fix import fixed_protein_name, rules_path
from gbprep.model.diagnostics import Finding, Report
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits
from gbprep.rules import RuleOptions

Progress = Callable[[int, str], None]


@dataclass(frozen=True, slots=True)
class GapRule:
    """``-a r10u``: runs of at least ``min_run`` Ns become assembly gaps; with ``unknown_100`` a run of exactly
    100 Ns is a gap of unknown length, every other one of estimated length."""

    min_run: int
    unknown_100: bool


@dataclass(frozen=True, slots=True)
class JobOptions:
    """Every tbl2asn setting the job supports (flag in the comment), then our own."""

    # tbl2asn's settings
    fasta_set: bool = False  # -a s / -s: the FASTA is a set (we read every record either way)
    gaps: GapRule | None = None  # -a r<N><k|u>
    linkage_evidence: str | None = None  # -l
    source_qualifiers: str = ""  # -j "[organism=...] [strain=...]"
    organism: str | None = None  # -n
    comment: str | None = None  # -y
    comment_file: Path | None = None  # -Y
    structured_comment_file: Path | None = None  # -w
    comments_to_all: bool = False  # -X C: .cmt comments apply to every sequence
    eukaryote: bool = False  # -X E: the discrepancy report treats the organism as a eukaryote
    validate: bool = True  # -V v
    flatfile: bool = True  # -V b
    sqn: bool = True  # tbl2asn always writes the .sqn
    sqn_path: Path | None = None  # -o: the .sqn's name (one FASTA only)
    discrepancy_path: Path | None = None  # -Z
    genome: bool = False  # -M n
    cleanup: str = ""  # -c letters
    hold_until: date | None = None  # -H
    center_tag: str | None = None  # -C
    project_version: int = 0  # -N
    remove_gene_xrefs: bool = False  # -U
    taxonomy_lookup: bool = False  # -T: from the local taxonomy store (no network) ...
    taxonomy_store: Path | None = None  # ... made by `python -m validation taxonomy load`
    # ours
    processes: int = 1  # 0: one per CPU for inputs of AUTO_PARALLEL_BYTES or more, else 1
    exit_zero: bool = False  # exit 0 even when ERRORs exist
    rules: RuleOptions = field(default_factory=RuleOptions)
    json_path: Path | None = None  # default: <out_dir>/report.json; see write_json
    write_json: bool = True
    chunk_residues: int = 1_000_000  # a chunk closes once it holds this many residues ...
    chunk_records: int = 200  # ... or this many records
    worker_memory_mb: int | None = None  # address-space cap per worker (RLIMIT_AS); None: no cap
    limits: ReadLimits = DEFAULT_LIMITS
    # Accessions given at approval, written into the .sqn's Seq-ids (gbprep.assemble.accessions).
    accessions: AccessionMap | None = None

    @property
    def rule_options(self) -> RuleOptions:
        rules = replace(self.rules, genome=True) if self.genome and not self.rules.genome else self.rules
        gap_run = self.gaps.min_run if self.gaps is not None else 0
        if gap_run != rules.gap_run:
            rules = replace(rules, gap_run=gap_run)
        # The assembler renames proteins under -M n before tbl2asn validates them; the rules judge the new name.
        product_rules = rules_path() if self.genome else None
        if product_rules is not None and rules.protein_name_fix is None:
            rules = replace(rules, protein_name_fix=partial(fixed_protein_name, product_rules))
        return rules


@dataclass(slots=True)
class JobResult:
    report: Report
    stats: dict[str, Any] = field(default_factory=dict)
    outputs: dict[str, list[Path]] = field(default_factory=dict)  # kind ("sqn", "gbf", "val", ...) -> paths
    notes: list[str] = field(default_factory=list)  # what was asked but not done, in plain words

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    def exit_code(self, exit_zero: bool = False) -> int:
        return 1 if self.report.has_errors and not exit_zero else 0


def tbl2asn_flags(options: JobOptions) -> list[str]:
    """The tbl2asn command-line flags that give this job's settings (paths and our own options left out):
    what a report records so the run can be repeated, whether it came from the command line or the portal."""
    out: list[str] = []
    if options.fasta_set:
        out += ["-a", "s"]
    if options.gaps is not None:
        out += ["-a", f"r{options.gaps.min_run}{'u' if options.gaps.unknown_100 else 'k'}"]
    if options.linkage_evidence:
        out += ["-l", options.linkage_evidence]
    for flag, value in (("-j", options.source_qualifiers), ("-n", options.organism), ("-y", options.comment)):
        if value:
            out += [flag, value]
    extra = ("C" if options.comments_to_all else "") + ("E" if options.eukaryote else "")
    if extra:
        out += ["-X", extra]
    verify = ("v" if options.validate else "") + ("b" if options.flatfile else "")
    if verify:
        out += ["-V", verify]
    if options.genome:
        out += ["-M", "n"]
    if options.cleanup:
        out += ["-c", options.cleanup]
    if options.hold_until is not None:
        out += ["-H", options.hold_until.strftime("%m/%d/%Y")]
    if options.center_tag:
        out += ["-C", options.center_tag]
    if options.project_version:
        out += ["-N", str(options.project_version)]
    if options.remove_gene_xrefs:
        out += ["-U", "T"]
    if options.taxonomy_lookup:
        out += ["-T", "T"]
    return out


def engine_info(options: JobOptions) -> dict[str, Any]:
    """Which engine ran and how: version, tbl2asn flags, rule profile; stored in report.json and the stats."""
    from gbprep import __version__  # the package's own version; importing it here keeps the layers clean

    rules = options.rule_options
    return {
        "name": "gbprep",
        "version": __version__,
        "flags": tbl2asn_flags(options),
        "rules": {
            "genome": rules.genome,
            "select": sorted(rules.select) if rules.select is not None else None,
            "ignore": sorted(rules.ignore),
            "severity_overrides": {code: sev.name for code, sev in sorted(rules.severity_overrides.items())},
            "locus_tag_prefixes": sorted(rules.locus_tag_prefixes),
        },
    }
