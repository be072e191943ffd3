"""Reads of runs and findings, always through the submission's access check."""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.core.files.storage import default_storage
from django.db.models import Count, QuerySet
from django.http import Http404

from accounts.models import User
from gbprep.model.diagnostics import Severity
from portal.errors import ApplicationError
from submissions.selectors import submission_get_for_user
from validation.models import RunArtifact, RunFinding, ValidationRun


def run_list_for_submission(*, user: User, submission_id: int) -> QuerySet[ValidationRun]:
    """The submission's runs without their ``overview``: a real one is a JSON of 100s of KB that only the
    report's picture reads (it loads it when it asks), and decoding it was half of an API read's CPU."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission.runs.defer("overview")


def run_get_for_user(*, user: User, submission_id: int, run_id: int) -> ValidationRun:
    try:
        return run_list_for_submission(user=user, submission_id=submission_id).get(pk=run_id)
    except ValidationRun.DoesNotExist as exc:
        raise Http404("No such run.") from exc


SEVERITIES = tuple(s.name for s in Severity)


def findings_for_run(
    *, run: ValidationRun, severity: str | None = None, code: str | None = None, file: str | None = None
) -> QuerySet[RunFinding]:
    """The run's findings, filtered; a severity that does not exist is refused (not an empty answer)."""
    qs = run.findings.all()
    if severity:
        if severity.upper() not in SEVERITIES:
            raise ApplicationError(
                f"'{severity}' is not a severity; use one of {', '.join(SEVERITIES)}.", field="severity"
            )
        qs = qs.filter(severity=severity.upper())
    if code:
        qs = qs.filter(code=code)
    if file:
        qs = qs.filter(file=file)
    return qs


def artifact_get_for_user(*, user: User, submission_id: int, run_id: int, name: str) -> RunArtifact:
    run = run_get_for_user(user=user, submission_id=submission_id, run_id=run_id)
    try:
        return run.artifacts.get(name=name)
    except RunArtifact.DoesNotExist as exc:
        raise Http404("No such artefact.") from exc


@dataclass
class CodeGroup:
    """The findings of one code in a run: what it is, how to fix it, and where it happens."""

    code: str
    severity: str
    severity_level: int
    fix: str
    ncbi: str
    count: int
    findings: list[RunFinding] = field(default_factory=list)

    @property
    def more(self) -> int:
        """How many of this code are not listed."""
        return max(0, self.count - len(self.findings))


def findings_by_code(
    findings: QuerySet[RunFinding], per_code: int = 200, capped: dict[str, int] | None = None
) -> list[CodeGroup]:
    """Group findings by code, worst first; each group keeps its first ``per_code`` findings. ``capped``: the
    true counts of codes the run stored only in part (the run's ``summary["capped"]``)."""
    counts = {row["code"]: row["n"] for row in findings.order_by().values("code").annotate(n=Count("pk"))}
    for code, total in (capped or {}).items():
        if code in counts:
            counts[code] = max(counts[code], total)
    groups: list[CodeGroup] = []
    # One short query per code (the (run, code) index), never a walk over every stored finding.
    for code in counts:
        first = list(findings.filter(code=code).order_by("file", "line", "pk")[:per_code])
        if first:
            head = first[0]
            groups.append(
                CodeGroup(
                    code=code,
                    severity=head.severity,
                    severity_level=head.severity_level,
                    fix=head.fix,
                    ncbi=head.ncbi,
                    count=counts[code],
                    findings=first,
                )
            )
    return sorted(groups, key=lambda g: (-g.severity_level, g.code))


@dataclass
class Context:
    """Lines around one line of a file a run read, as the run read them."""

    file: str
    line: int
    lines: list[tuple[int, str]]
    truncated: bool = False


MAX_LINE_CHARS = 400
# What one line may cost the web worker: its first bytes are kept, the rest is read past in blocks.
_LINE_WINDOW = MAX_LINE_CHARS * 4 + 4
_SKIP_BLOCK = 64 * 1024


# Lines end where the engine's reader (gbprep.readers.textio) ends them: LF, CRLF, or a bare CR (old Mac
# files), so the numbers in findings and the lines shown here agree.
_LINE_END = re.compile(rb"\r\n|\r|\n")


def _bounded_lines(binary: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """Each line's first ``_LINE_WINDOW`` bytes (without its line end) and whether it was longer; memory
    stays one block however long a line is (a 61 KB gzip can expand to a single line of many GB)."""
    head = bytearray()
    longer = False
    cr_at_block_end = False  # a CR that ended the last block may be the first half of a CRLF

    def keep(piece: bytes) -> None:
        nonlocal longer
        room = _LINE_WINDOW - len(head)
        if len(piece) > room:
            head.extend(piece[: max(room, 0)])
            longer = True
        else:
            head.extend(piece)

    while True:
        block = binary.read(_SKIP_BLOCK)
        if not block:
            if head or longer:
                yield bytes(head), longer
            return
        start = 0
        if cr_at_block_end and block[:1] == b"\n":
            start = 1
        cr_at_block_end = False
        while (match := _LINE_END.search(block, start)) is not None:
            keep(block[start : match.start()])
            yield bytes(head), longer
            head.clear()
            longer = False
            start = match.end()
            cr_at_block_end = match.group() == b"\r" and start == len(block)
        keep(block[start:])


def run_input_context(*, run: ValidationRun, file: str, line: int, around: int = 4) -> Context:
    """``file``'s lines ``line - around`` to ``line + around`` from the stored upload the run read (gzip too)."""
    stored = next((i["stored"] for i in run.inputs if i.get("name") == file), None)
    if stored is None:
        raise Http404("This run did not read a file of that name.")
    first, last = max(1, line - around), line + around
    lines: list[tuple[int, str]] = []
    truncated = False
    with default_storage.open(stored, "rb") as raw:
        head = raw.read(2)
        raw.seek(0)
        binary: BinaryIO = gzip.GzipFile(fileobj=raw) if head == b"\x1f\x8b" else raw  # type: ignore[assignment]
        try:
            for number, (content_bytes, longer) in enumerate(_bounded_lines(binary), start=1):
                if number > last:
                    break
                if number >= first:
                    content = content_bytes.decode("utf-8", "replace").rstrip("\r\n")
                    if longer or len(content) > MAX_LINE_CHARS:
                        content, truncated = content[:MAX_LINE_CHARS] + " …", True
                    lines.append((number, content))
        except (OSError, EOFError, gzip.BadGzipFile):
            truncated = True  # a damaged gzip: show what could be read (the findings say what is wrong)
    return Context(file=file, line=line, lines=lines, truncated=truncated)
