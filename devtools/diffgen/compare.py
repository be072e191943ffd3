"""Where our outputs differ from NCBI's on one case.

* ``.val``: (severity, code) multisets (ours restricted to NCBI's code families: our reader codes have no
  tbl2asn counterpart), and per finding (code, feature location) where both name a feature;
* our ``.sqn`` through ``asnval``: ERROR/REJECT codes it finds on ours and not on tbl2asn's;
* our ``.sqn`` through ``asn2gb -a m -m e`` against tbl2asn's ``.gbf`` (dates masked);
* our ``.gbf`` against ``asn2gb``'s rendering of our ``.sqn`` (needs no tbl2asn output: ``self_gbf``);
* the discrepancy report's summary lines.

Each difference is a ``Difference(kind, key)``; the shrinker keeps a submission smaller only while the same
(kind, key) is still there.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from devtools.diffgen.oracle import Outputs, asn2gb, asnval, masked
from gbprep.model.diagnostics import Severity
from gbprep.writers.discrep import read_discrepancy_summary

NCBI_FAMILIES = ("SEQ_INST.", "SEQ_DESCR.", "SEQ_FEAT.", "SEQ_PKG.", "GENERIC.", "SEQ_ALIGN.", "SEQ_GRAPH.")
_VAL = re.compile(r"^(NOTE|INFO|WARNING|ERROR|REJECT|FATAL): valid \[([\w.]+)\]")
_LOC = re.compile(r"\[\(?((?:lcl|gnl|gb|ref|gi)\|[^\]\[]*?:[^\]\[]*?)\)?\]")
_SERIOUS = re.compile(r"^(ERROR|REJECT|FATAL): valid \[([^\]]+)\]")
_GBF_KEY = re.compile(r"^\s*(/\w+|[A-Z][A-Za-z_]+|\w+)")

Counts = Counter[tuple[Severity, str]]


@dataclass(frozen=True, order=True)
class Difference:
    kind: str  # val-missed, val-extra, loc-missed, loc-extra, asnval, gbf-oracle, gbf-self, discrep, crash
    key: str

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


@dataclass
class CaseResult:
    name: str
    expected: Counts = field(default_factory=Counter)
    found: Counts = field(default_factory=Counter)
    gbf_oracle: bool | None = None  # asn2gb(our .sqn) == tbl2asn's .gbf
    gbf_self: bool | None = None  # our .gbf == asn2gb(our .sqn)
    discrep_expected: Counter[str] = field(default_factory=Counter)
    discrep_found: Counter[str] = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    oracle_failed: bool = False
    detail: list[str] = field(default_factory=list)
    gff3: dict[str, bool] = field(default_factory=dict)  # dialect -> features read back equal the table's


def _findings(path: Path, ours: bool) -> tuple[Counts, Counter[tuple[str, str]]]:
    counts: Counts = Counter()
    located: Counter[tuple[str, str]] = Counter()
    labels = {"NOTE": Severity.INFO, "INFO": Severity.INFO, "WARNING": Severity.WARNING}
    labels |= {"ERROR": Severity.ERROR, "REJECT": Severity.REJECT, "FATAL": Severity.REJECT}
    for line in path.read_text(errors="replace").splitlines():
        match = _VAL.match(line)
        if not match or (ours and not match.group(2).startswith(NCBI_FAMILIES)):
            continue
        counts[(labels[match.group(1)], match.group(2))] += 1
        _, _, feature = line.partition(" FEATURE: ")
        loc = _LOC.search(feature) if feature else None
        if loc:
            located[(match.group(2), loc.group(1))] += 1
    return counts, located


def val_counts(outputs: Outputs, ours: bool) -> tuple[Counts, Counter[tuple[str, str]]]:
    counts: Counts = Counter()
    located: Counter[tuple[str, str]] = Counter()
    for val in outputs.files(".val"):
        c, loc = _findings(val, ours)
        counts += c
        located += loc
    return counts, located


def _serious(text: str) -> Counter[str]:
    return Counter(m.group(2) for m in map(_SERIOUS.match, text.splitlines()) if m)


def _first_diff(a: list[str], b: list[str]) -> str:
    for x, y in zip(a, b, strict=False):
        if x != y:
            match = _GBF_KEY.match(x) or _GBF_KEY.match(y)
            return match.group(1) if match else x.strip()[:20]
    return "length"


def _first_lines(a: list[str], b: list[str]) -> str:
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f"line {i + 1}:\n  ncbi: {x}\n  ours: {y}"
    return f"lengths {len(a)} vs {len(b)}"


def _blocks(lines: list[str]) -> list[list[str]]:
    """A flatfile cut into blocks: each feature (key line and its qualifier lines) is one; other lines alone."""
    blocks: list[list[str]] = []
    for line in lines:
        if (
            line.startswith(" " * 21)
            and blocks
            and blocks[-1][0].startswith("     ")
            and blocks[-1][0][5] != " "
        ):
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


def without_deliberate(own: list[str], rendered: list[str], sqn: Path) -> list[str]:
    """Our flatfile less what differs from asn2gb on purpose (README, deliberate differences): a preprotein
    feature, which tbl2asn's own flatfile shows as a misc_feature and asn2gb does not show; we write
    tbl2asn's."""
    if 'key "preprotein"' not in sqn.read_text(errors="replace"):
        return own
    theirs = {tuple(b) for b in _blocks(rendered)}
    kept = [b for b in _blocks(own) if not (b[0].startswith("     misc_feature ") and tuple(b) not in theirs)]
    return [line for block in kept for line in block]


def self_gbf(ours: Outputs, result: CaseResult) -> None:
    """Our flatfile against asn2gb's rendering of our own .sqn (any input: needs no tbl2asn output)."""
    same = True
    for sqn in ours.files(".sqn"):
        rendered = asn2gb(sqn)
        gbf = sqn.with_suffix(".gbf")
        own = masked(gbf.read_text(errors="replace")) if gbf.exists() else []
        own = without_deliberate(own, rendered, sqn)
        if own != rendered:
            same = False
            result.differences.append(Difference("gbf-self", _first_diff(rendered, own)))
            result.detail.append(f"gbf-self {sqn.name} {_first_lines(rendered, own)}")
    result.gbf_self = same


def compare(name: str, ncbi: Outputs, ours: Outputs, *, full: bool = True) -> CaseResult:
    result = CaseResult(name)
    if ours.exit_code not in (0, 1):
        result.differences.append(
            Difference(
                "crash",
                ours.stderr.strip().splitlines()[-1][:80] if ours.stderr.strip() else str(ours.exit_code),
            )
        )
        return result
    if not ncbi.files(".val") or ncbi.exit_code != 0:
        result.oracle_failed = True
        self_gbf(ours, result)
        return result
    result.expected, exp_loc = val_counts(ncbi, ours=False)
    result.found, our_loc = val_counts(ours, ours=True)
    for sev, code in result.expected - result.found:
        result.differences.append(Difference("val-missed", f"{sev.name} {code}"))
    for sev, code in result.found - result.expected:
        result.differences.append(Difference("val-extra", f"{sev.name} {code}"))
    both = {c for c, _ in exp_loc} & {c for c, _ in our_loc}
    exp_both = Counter({k: n for k, n in exp_loc.items() if k[0] in both})
    our_both = Counter({k: n for k, n in our_loc.items() if k[0] in both})
    for code, loc in exp_both - our_both:
        result.differences.append(Difference("loc-missed", code))
        result.detail.append(f"loc-missed {code} at {loc}")
    for code, loc in our_both - exp_both:
        result.differences.append(Difference("loc-extra", code))
        result.detail.append(f"loc-extra {code} at {loc}")
    if not full:
        return result
    ncbi_sqn = {p.name: p for p in ncbi.files(".sqn")}
    for sqn in ours.files(".sqn"):
        theirs = ncbi_sqn.get(sqn.name)
        extra = _serious(asnval(sqn)) - (_serious(asnval(theirs)) if theirs else Counter())
        result.differences += [Difference("asnval", code) for code in extra]
        gbf = ncbi.folder / (sqn.stem + ".gbf")
        expected = masked(gbf.read_text(errors="replace")) if gbf.exists() else []
        rendered = asn2gb(sqn)
        if rendered != expected:
            result.gbf_oracle = False
            result.differences.append(Difference("gbf-oracle", _first_diff(expected, rendered)))
            result.detail.append(f"gbf-oracle {sqn.name} {_first_lines(expected, rendered)}")
        elif result.gbf_oracle is None:
            result.gbf_oracle = True
    self_gbf(ours, result)
    for folder, counter in ((ncbi.folder, result.discrep_expected), (ours.folder, result.discrep_found)):
        report = folder / "discrep.txt"
        if report.exists():
            counter.update(read_discrepancy_summary(report))
    return result
