"""Validation runs: start, claim, execute, finish, reap. The only Django code that calls the engine.

A run is a row in PostgreSQL; the Celery message only says "look at run N". Redelivery (acks_late, a worker
killed mid-run) is expected, so:

1. Claiming is a conditional UPDATE: QUEUED -> RUNNING, or RUNNING whose lease ran out (its worker died).
2. Each claim bumps ``attempts``, which doubles as a fencing token: a worker writes results only if the run
   still carries its own attempt number, so a late, presumed-dead worker cannot overwrite a newer one.
3. The lease is renewed while the engine reports progress; the beat task re-enqueues runs whose lease ran out
   and fails those that used up their attempts, so no run stays "running" forever.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from celery import current_app
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from gbprep.job.run import JobOptions, run_job
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding, Severity
from gbprep.rules.registry import profile
from gbprep.writers.discrep import read_discrepancy_summary
from portal.errors import ApplicationError
from portal.text import json_clean, text_clean
from submissions.generated import (
    GENERATED_CMT,
    GENERATED_SBT,
    has_submitter_block,
    hold_date,
    render_assembly_comment,
    render_sbt,
    source_modifier_text,
)
from submissions.models import FileKind, Submission
from submissions.services import file_kind_for_name, submission_transition
from submissions.status import EDITABLE, Status
from validation.checks import run_checks_apply
from validation.models import RunArtifact, RunFinding, ValidationRun
from validation.overview import build_overview
from validation.status import RunStatus
from validation.waivers import blocking_findings

log = logging.getLogger(__name__)

# The worker task that executes a run (validation.tasks registers it under this name). Services send it by
# name, so validation.tasks imports this module and nothing here imports validation.tasks.
VALIDATION_RUN_TASK = "validation.run"


def validation_run_start(*, submission: Submission, by: User, submit: bool) -> ValidationRun:
    """Queue a run. ``submit`` also moves the submission to review when the run finds no blocking error."""
    with transaction.atomic():
        _runs_limit_check(by)
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if Status(locked.status) not in EDITABLE:
            raise ApplicationError(
                f"This submission is '{Status(locked.status).label}'; it can be validated again once it is a "
                "draft or needs fixes.",
                code="invalid_state",
                status=409,
            )
        if not locked.files.exists():
            raise ApplicationError("Upload at least one file first.", code="no_files", status=409)
        if submit:
            submission_transition(submission=locked, to=Status.VALIDATING, by=by)
        inputs = [
            {"name": f.display_name, "stored": f.stored.name, "sha256": f.sha256, "size": f.size}
            for f in locked.files.all()
        ]
        run = ValidationRun.objects.create(submission=locked, requested_by=by, submit=submit, inputs=inputs)
        # Enqueue only once the run row is committed, or the worker may look for a run that is not there yet.
        transaction.on_commit(partial(validation_run_enqueue, run.pk))
    submission.refresh_from_db()
    return run


def _runs_limit_check(by: User) -> None:
    """At most VALIDATION_RUNS_PER_WINDOW runs per user in the window (runs are the costliest thing we do).

    The user's row is locked first, so two requests at once (for two submissions) count each other.
    """
    User.objects.select_for_update().filter(pk=by.pk).first()
    window = timedelta(seconds=settings.VALIDATION_RUN_WINDOW_SECONDS)
    since = timezone.now() - window
    recent = list(
        ValidationRun.objects.filter(requested_by=by, created_at__gte=since)
        .order_by("created_at")
        .values_list("created_at", flat=True)[: settings.VALIDATION_RUNS_PER_WINDOW]
    )
    if len(recent) >= settings.VALIDATION_RUNS_PER_WINDOW:
        wait = max(1, int((recent[0] + window - timezone.now()).total_seconds()) + 1)
        raise ApplicationError(
            f"You started {len(recent)} validation runs in the last {window.seconds // 60} minutes, the most "
            f"allowed; try again in {wait} seconds.",
            code="throttled",
            status=429,
            extra={"retry_after": wait},
        )


def validation_run_enqueue(run_id: int, countdown: float | None = None) -> None:
    """Send the run's task to the validation queue (the only place that publishes it)."""
    current_app.send_task(
        VALIDATION_RUN_TASK, args=[run_id], countdown=countdown, queue=settings.VALIDATION_QUEUE
    )


def validation_run_claim(*, run_id: int) -> int | None:
    """Take the run for this worker; return the attempt number (the fencing token) or None if not ours."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.VALIDATION_LEASE_SECONDS)
    with transaction.atomic():
        run = (
            ValidationRun.objects.select_for_update()
            .filter(pk=run_id)
            .filter(Q(status=RunStatus.QUEUED) | Q(status=RunStatus.RUNNING, lease_expires_at__lt=now))
            .first()
        )
        if run is None:
            return None
        run.attempts += 1
        run.status = RunStatus.RUNNING
        run.lease_expires_at = lease
        run.started_at = run.started_at or now
        run.progress_note = "started" if run.attempts == 1 else f"restarted (attempt {run.attempts})"
        run.save(update_fields=["attempts", "status", "lease_expires_at", "started_at", "progress_note"])
        return run.attempts


def _renew(run_id: int, attempt: int) -> Callable[[int, str], None]:
    last = 0.0

    def progress(percent: int, note: str) -> None:
        nonlocal last
        if time.monotonic() - last < settings.VALIDATION_PROGRESS_MS / 1000:
            return
        last = time.monotonic()
        ValidationRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING).update(
            progress=max(0, min(100, percent)),
            progress_note=text_clean(note)[:200],
            lease_expires_at=timezone.now() + timedelta(seconds=settings.VALIDATION_LEASE_SECONDS),
        )

    return progress


@dataclass(frozen=True)
class RunInput:
    """One file a run reads: the user's name for it and where it is stored."""

    name: str
    stored: str

    @property
    def kind(self) -> str:
        return file_kind_for_name(self.name)


@contextmanager
def run_local_copies(submission: Submission, files: list[RunInput]) -> Iterator[tuple[list[InputFile], Path]]:
    """Local paths for the engine (the stored file itself on disk storage, a temporary copy otherwise), plus
    the files the wizard's answers become, and an output folder; all gone when the block ends."""
    with tempfile.TemporaryDirectory(prefix="portal-run-") as tmp:
        inputs = []
        for index, record in enumerate(files):
            try:
                path = Path(default_storage.path(record.stored))
            except NotImplementedError:  # remote storage (S3): stream it down once
                path = Path(tmp) / f"{index}"
                with default_storage.open(record.stored, "rb") as src, path.open("wb") as dst:
                    for chunk in iter(lambda: src.read(1 << 20), b""):
                        dst.write(chunk)
            inputs.append(InputFile(path=path, name=record.name))
        generated = Path(tmp) / "generated"
        generated.mkdir()
        if not any(f.kind == FileKind.TEMPLATE for f in files) and has_submitter_block(submission):
            sbt = generated / GENERATED_SBT
            sbt.write_text(render_sbt(submission), encoding="utf-8")
            inputs.append(InputFile(path=sbt, name=GENERATED_SBT))
        out = Path(tmp) / "out"
        out.mkdir()
        yield inputs, out


def validation_run_busy_for(*, run_id: int) -> float | None:
    """Seconds until another worker's lease on this run runs out; None when the run needs nobody."""
    run = ValidationRun.objects.filter(pk=run_id, status=RunStatus.RUNNING).only("lease_expires_at").first()
    if run is None or run.lease_expires_at is None:
        return None
    return max(1.0, (run.lease_expires_at - timezone.now()).total_seconds() + 1.0)


def validation_run_execute(*, run_id: int) -> float | None:
    """Run the engine over the submission's files and store what it says. Safe to call twice.

    Returns None when the run is settled (by us or someone else), or the seconds after which to try again
    when another worker holds a live lease: that worker may have died, and this message may be the only one.
    """
    attempt = validation_run_claim(run_id=run_id)
    if attempt is None:
        busy = validation_run_busy_for(run_id=run_id)
        log.info(
            "run %s: not claimable now; %s", run_id, f"retry in {busy:.0f} s" if busy else "nothing to do"
        )
        return busy
    run = ValidationRun.objects.select_related("submission").get(pk=run_id)
    if attempt > settings.VALIDATION_MAX_ATTEMPTS:
        validation_run_fail(run_id=run_id, attempt=attempt, reason="The worker was lost too many times.")
        return None
    submission = run.submission
    files = [RunInput(i["name"], i["stored"]) for i in run.inputs] or [
        RunInput(f.display_name, f.stored.name) for f in submission.files.all()
    ]
    with run_local_copies(submission, files) as (inputs, out):
        findings, stats, outputs, notes = _run_engine(submission, inputs, out, _renew(run_id, attempt))
        # The checks of apps above this one (validation.checks), on the same files: their findings are the
        # run's like the engine's (shown, counted, waivable, blocking).
        findings = findings + run_checks_apply(submission, inputs)
        overview = build_overview(inputs, findings)
        validation_run_finish(
            run_id=run_id,
            attempt=attempt,
            findings=findings,
            stats=stats,
            artifacts=outputs,
            notes=notes,
            overview=overview,
        )
    return None


def job_options_for(submission: Submission, out: Path) -> JobOptions:
    """tbl2asn's settings for a portal genome submission (``-M n -X E -Z``, ``-j`` from the wizard, ...)."""
    comment = render_assembly_comment(submission)
    cmt_path = None
    if comment:
        cmt_path = out.parent / "generated" / GENERATED_CMT
        cmt_path.write_text(comment, encoding="utf-8")
    prefixes = [submission.locus_tag_prefix.prefix] if submission.locus_tag_prefix else []
    return JobOptions(
        source_qualifiers=source_modifier_text(submission),
        structured_comment_file=cmt_path,
        eukaryote=True,
        genome=settings.VALIDATION_GENOME_MODE,
        discrepancy_path=out / "discrepancy.txt",
        hold_until=hold_date(submission),
        processes=settings.VALIDATION_PROCESSES,
        rules=profile(
            "genome" if settings.VALIDATION_GENOME_MODE else "default", locus_tag_prefixes=prefixes
        ),
    )


def _run_engine(
    submission: Submission, inputs: list[InputFile], out: Path, progress: Callable[[int, str], None]
) -> tuple[list[Finding], dict[str, Any], list[Path], list[str]]:
    """The whole tbl2asn job: findings, its statistics, the output files and its notes."""
    result = run_job(inputs, job_options_for(submission, out), out, progress)
    paths = sorted({p for group in result.outputs.values() for p in group if p.is_file()})
    return result.report.findings, dict(result.stats), paths, list(result.notes)


def _finding_row(run_id: int, finding: Finding) -> RunFinding:
    pos = finding.pos
    # The text comes from the user's bytes (a header, a qualifier): NUL is cleaned, PostgreSQL refuses it.
    return RunFinding(
        run_id=run_id,
        code=text_clean(finding.code),
        severity=finding.severity.name,
        severity_level=int(finding.severity),
        message=text_clean(finding.message),
        fix=text_clean(finding.fix),
        file=text_clean(pos.file) if pos else "",
        line=pos.line if pos else None,
        column=pos.column if pos else None,
        seq_id=text_clean(finding.seq_id or ""),
        feature=text_clean(finding.feature or "")[:200],
        ncbi=text_clean(finding.ncbi or ""),
    )


def validation_run_finish(
    *,
    run_id: int,
    attempt: int,
    findings: list[Finding],
    stats: dict[str, Any],
    artifacts: list[Path] | None = None,
    notes: list[str] | None = None,
    overview: dict[str, Any] | None = None,
) -> bool:
    """Store the findings and artefacts and settle the submission, if this attempt still owns the run."""
    with transaction.atomic():
        run = (
            ValidationRun.objects.select_for_update()
            .select_related("submission")
            .filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING)
            .first()
        )
        if run is None:
            log.warning("run %s: attempt %s lost its claim; results discarded", run_id, attempt)
            return False
        RunFinding.objects.filter(run=run).delete()
        kept, capped = _cap_per_code(findings)
        RunFinding.objects.bulk_create((_finding_row(run.pk, f) for f in kept), batch_size=2000)
        counts = {s.name: sum(1 for f in findings if f.severity == s) for s in Severity}
        # A curator's waiver takes its finding out of the blocking decision (validation.waivers).
        blocking, waived = blocking_findings(submission_id=run.submission_id, findings=findings)
        run.status = RunStatus.FINISHED
        run.progress = 100
        run.progress_note = "finished"
        run.summary = json_clean(
            {
                "counts": counts,
                "blocking": blocking,
                "waived": waived,
                "discrepancy_fatal": _fatal_discrepancies(artifacts or []),
                "stats": stats,
                "notes": notes or [],
                # Codes with more findings than were kept: their true counts ("and N more like this").
                "capped": capped,
            }
        )
        run.overview = json_clean(overview or {})
        run.finished_at = timezone.now()
        run.lease_expires_at = None
        run.save()
        _store_artifacts(run, artifacts or [])
        if run.submit:
            target = Status.NEEDS_FIX if blocking else Status.IN_REVIEW
            submission = Submission.objects.select_for_update().get(pk=run.submission_id)
            if submission.status == Status.VALIDATING:
                submission_transition(
                    submission=submission, to=target, by=None, note=f"validation run {run.pk}"
                )
    return True


def _cap_per_code(findings: list[Finding]) -> tuple[list[Finding], dict[str, int]]:
    """The first VALIDATION_FINDINGS_PER_CODE findings of each code, and the true count of each code cut.

    100k bad lines of one kind tell the submitter no more than 1,000 do, and stored whole they made 400,000
    rows and an 8 s report page. Counts, the blocking decision and waivers still see every finding.
    """
    limit = settings.VALIDATION_FINDINGS_PER_CODE
    seen: dict[str, int] = {}
    kept: list[Finding] = []
    for finding in findings:
        n = seen[finding.code] = seen.get(finding.code, 0) + 1
        if n <= limit:
            kept.append(finding)
    return kept, {code: n for code, n in seen.items() if n > limit}


def _fatal_discrepancies(paths: list[Path]) -> int:
    """FATAL lines of the discrepancy report's summary, counted once here so the curators' queue can filter
    on them without reading every report."""
    report = next((p for p in paths if p.name == "discrepancy.txt"), None)
    if report is None:
        return 0
    return sum(1 for line in read_discrepancy_summary(report) if line.startswith("FATAL:"))


def _store_artifacts(run: ValidationRun, paths: list[Path]) -> None:
    """Copy the engine's outputs into storage (``runs/<run>/<name>``); a retried attempt replaces them."""
    for old in RunArtifact.objects.filter(run=run):
        name, storage = old.stored.name, old.stored.storage
        old.delete()
        transaction.on_commit(partial(storage.delete, name))
    for path in paths:
        artifact = RunArtifact(run=run, name=path.name, size=path.stat().st_size)
        with path.open("rb") as handle:
            artifact.stored.save(path.name, File(handle), save=False)
        artifact.save()


def validation_run_fail(*, run_id: int, attempt: int | None, reason: str) -> None:
    """Give up on a run (not the user's fault): record why, and hand the submission back to its owner."""
    with transaction.atomic():
        qs = (
            ValidationRun.objects.select_for_update()
            .filter(pk=run_id)
            .exclude(status__in=[RunStatus.FINISHED, RunStatus.FAILED])
        )
        if attempt is not None:
            qs = qs.filter(attempts=attempt)
        run = qs.first()
        if run is None:
            return
        run.status = RunStatus.FAILED
        run.failure = text_clean(reason)
        run.finished_at = timezone.now()
        run.lease_expires_at = None
        run.save(update_fields=["status", "failure", "finished_at", "lease_expires_at"])
        if run.submit:
            submission = Submission.objects.select_for_update().get(pk=run.submission_id)
            if submission.status == Status.VALIDATING:
                submission_transition(submission=submission, to=Status.NEEDS_FIX, by=None, note=reason)


def validation_runs_reap() -> dict[str, int]:
    """Find runs whose worker vanished. Re-enqueue them, or fail those that used up their attempts."""
    now = timezone.now()
    stale = list(
        ValidationRun.objects.filter(status=RunStatus.RUNNING, lease_expires_at__lt=now).values_list(
            "pk", "attempts"
        )
    )
    requeued = failed = 0
    for run_id, attempts in stale:
        if attempts >= settings.VALIDATION_MAX_ATTEMPTS:
            validation_run_fail(run_id=run_id, attempt=attempts, reason="The worker was lost too many times.")
            failed += 1
        else:
            validation_run_enqueue(run_id)
            requeued += 1
    return {"requeued": requeued, "failed": failed}
