"""Which findings a curator's waivers cover. Used when a run settles (waived findings do not block), by the
report and by curation.

A finding is matched across runs by what it is, not by its row: (code, SeqID, feature, location). The location
is the file, plus the line only when the finding names no feature: a submitter who fixes something higher up
in a feature table shifts every line below it, but not the feature labels (which carry the interval), so a
waived CDS stays waived after an unrelated fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gbprep.model.diagnostics import Finding, Severity
from validation.models import RunFinding, Waiver, WaiverScope

# REJECT means GenBank will not take the record at all: no curator may wave it through.
WAIVABLE_BELOW = int(Severity.REJECT)

FindingKey = tuple[str, str, str, str]


def finding_location(*, file: str, line: int | None, feature: str) -> str:
    if feature or line is None:
        return file
    return f"{file}:{line}"


def finding_key(finding: RunFinding) -> FindingKey:
    """The identity of a stored finding, the same for the same problem in two runs."""
    return (
        finding.code,
        finding.seq_id,
        finding.feature,
        finding_location(file=finding.file, line=finding.line, feature=finding.feature),
    )


def engine_finding_key(finding: Finding) -> FindingKey:
    """The identity of an engine finding, before it is stored (as ``finding_key`` will compute it)."""
    feature = (finding.feature or "")[:200]
    pos = finding.pos
    return (
        finding.code,
        finding.seq_id or "",
        feature,
        finding_location(file=pos.file if pos else "", line=pos.line if pos else None, feature=feature),
    )


@dataclass
class WaiverMatcher:
    """The active waivers of one submission, ready to test findings against."""

    by_code: dict[str, Waiver]
    by_key: dict[FindingKey, Waiver]

    def covering(self, key: FindingKey, severity_level: int) -> Waiver | None:
        if severity_level >= WAIVABLE_BELOW:
            return None
        return self.by_key.get(key) or self.by_code.get(key[0])

    def __bool__(self) -> bool:
        return bool(self.by_code or self.by_key)


def waiver_matcher_for(*, submission_id: int) -> WaiverMatcher:
    active = Waiver.objects.filter(submission_id=submission_id, revoked_at__isnull=True).select_related(
        "created_by"
    )
    by_code: dict[str, Waiver] = {}
    by_key: dict[FindingKey, Waiver] = {}
    for waiver in active:
        if waiver.scope == WaiverScope.CODE:
            by_code[waiver.code] = waiver
        else:
            by_key[(waiver.code, waiver.seq_id, waiver.feature, waiver.location)] = waiver
    return WaiverMatcher(by_code=by_code, by_key=by_key)


def waivers_for_findings(*, submission_id: int, findings: Iterable[RunFinding]) -> dict[int, Waiver]:
    """The active waiver covering each of ``findings`` (by finding id); uncovered findings are absent."""
    matcher = waiver_matcher_for(submission_id=submission_id)
    if not matcher:
        return {}
    covered = {}
    for finding in findings:
        waiver = matcher.covering(finding_key(finding), finding.severity_level)
        if waiver is not None:
            covered[finding.pk] = waiver
    return covered


def blocking_findings(*, submission_id: int, findings: Iterable[Finding]) -> tuple[bool, int]:
    """Whether any ERROR (or worse) remains once waivers are applied, and how many findings were waived."""
    matcher = waiver_matcher_for(submission_id=submission_id)
    blocking, waived = False, 0
    for finding in findings:
        if matcher and matcher.covering(engine_finding_key(finding), int(finding.severity)) is not None:
            waived += 1
        elif finding.severity >= Severity.ERROR:
            blocking = True
    return blocking, waived
