"""A large submission's run spread over the workers: one task cuts it, one task per chunk, one task merges.

``validation_run_dispatch`` is what the ``validation.run`` task calls. A run whose FASTA is smaller than
``VALIDATION_SPREAD_BYTES`` runs in one task, as before (``services.validation_run_execute``). A larger one:

1. The worker that claims the run (attempt N) reads the side files and the FASTA once and cuts the records
   into chunks in a folder every worker shares (``gbprep.job.spread``), records how many chunks there are
   and sends one ``validation.chunk`` task per chunk. It does not wait: waiting tasks would hold the very
   worker slots the chunks need.
2. Any worker takes a chunk. It runs only if the run still carries attempt N (a newer attempt owns the run
   otherwise), writes its result under the chunk's number (a redelivered chunk finds it and is not run again),
   counts the results present and renews the lease. The one that sees the count complete sends
   ``validation.merge``, exactly once per attempt (a conditional update on ``merge_attempt``).
3. The merge appends the chunks' fragments in chunk order, so the outputs are byte-identical to a one-task
   run, and finishes the run as ``services.validation_run_finish`` does, fenced by the attempt number.

A chunk whose worker dies is redelivered (acks_late); after ``VALIDATION_CHUNK_TRIES`` tries it is recorded
as lost and the merge names its sequences (``JOB.ChunkFailed``) instead of waiting. If the chunks stop coming
altogether (every worker gone), the lease runs out and the reaper starts the run again under a new attempt,
whose folder is new; so a run never hangs.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from gbprep.job.chunks import failed_chunk
from gbprep.job.spread import (
    spread_cleanup,
    spread_done,
    spread_finish_apart,
    spread_prepare,
    spread_record_failure,
    spread_record_try,
    spread_run_chunk,
    spread_tickets,
    spread_workers,
)
from submissions.models import FileKind
from validation.models import ValidationRun
from validation.overview import build_overview
from validation.services import (
    RunInput,
    job_options_for,
    run_local_copies,
    validation_run_busy_for,
    validation_run_claim,
    validation_run_execute,
    validation_run_fail,
    validation_run_finish,
)
from validation.status import RunStatus

log = logging.getLogger(__name__)

# Sent by name: only validation.tasks imports this module (tasks -> spread -> services, never back).
VALIDATION_CHUNK_TASK = "validation.chunk"
VALIDATION_MERGE_TASK = "validation.merge"


def _scratch(run_id: int, attempt: int) -> Path:
    return settings.VALIDATION_SPREAD_DIR / f"run-{run_id}" / f"attempt-{attempt}"


def _inputs_of(run: ValidationRun) -> list[RunInput]:
    return [RunInput(i["name"], i["stored"]) for i in run.inputs] or [
        RunInput(f.display_name, f.stored.name) for f in run.submission.files.all()
    ]


def _fasta_bytes(run: ValidationRun) -> int:
    total = 0
    for item in run.inputs:
        if RunInput(item["name"], item["stored"]).kind == FileKind.FASTA:
            size = item.get("size")
            total += int(size) if isinstance(size, int) else default_storage.size(item["stored"])
    return total


def validation_run_dispatch(*, run_id: int) -> float | None:
    """Execute the run in this task, or cut it and send its chunks. Returns as ``validation_run_execute``."""
    run = ValidationRun.objects.filter(pk=run_id).select_related("submission").first()
    threshold = settings.VALIDATION_SPREAD_BYTES
    if run is None or threshold <= 0 or _fasta_bytes(run) < threshold:
        return validation_run_execute(run_id=run_id)
    attempt = validation_run_claim(run_id=run_id)
    if attempt is None:
        return validation_run_busy_for(run_id=run_id)
    if attempt > settings.VALIDATION_MAX_ATTEMPTS:
        validation_run_fail(run_id=run_id, attempt=attempt, reason="The worker was lost too many times.")
        return None
    validation_run_spread(run_id=run_id, attempt=attempt)
    return None


def validation_run_spread(*, run_id: int, attempt: int) -> int:
    """Cut the claimed run into chunks and send them; returns how many chunks were sent."""
    run = ValidationRun.objects.select_related("submission").get(pk=run_id)
    shutil.rmtree(settings.VALIDATION_SPREAD_DIR / f"run-{run_id}", ignore_errors=True)  # earlier attempts'
    scratch = _scratch(run_id, attempt)
    (scratch / "generated").mkdir(parents=True)
    with run_local_copies(run.submission, _inputs_of(run)) as (inputs, _out):
        options = replace(
            job_options_for(run.submission, scratch / "out"),
            processes=1,
            chunk_residues=settings.VALIDATION_CHUNK_RESIDUES,
            chunk_records=settings.VALIDATION_CHUNK_RECORDS,
        )
        count = spread_prepare(inputs, options, scratch)
    updated = ValidationRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING).update(
        chunks_total=count,
        chunks_done=0,
        progress=5,
        progress_note=f"0 of {count} chunks done",
        lease_expires_at=timezone.now() + timedelta(seconds=settings.VALIDATION_LEASE_SECONDS),
    )
    if not updated:  # a newer attempt took the run while this one was cutting
        spread_cleanup(scratch)
        return 0
    if count == 0:
        _send_merge_once(run_id, attempt)
    for index in range(count):
        current_app.send_task(
            VALIDATION_CHUNK_TASK, args=[run_id, attempt, index], queue=settings.VALIDATION_QUEUE
        )
    return count


def validation_chunk_execute(*, run_id: int, attempt: int, index: int, worker: str) -> bool:
    """Run one chunk of attempt ``attempt``; True when this call ran it (False: stale, or done already)."""
    if not ValidationRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING).exists():
        return False  # the run moved on (a newer attempt, or settled): this chunk is no longer wanted
    scratch = _scratch(run_id, attempt)
    tries = spread_record_try(scratch, index)
    if tries > settings.VALIDATION_CHUNK_TRIES:
        ticket = spread_tickets(scratch)[index]
        why = f"its worker stopped {tries - 1} times"
        spread_record_failure(scratch, failed_chunk(index, ticket.unit, ticket.ids, ticket.pos, why))
        ran = False
    else:
        ran = spread_run_chunk(scratch, index, worker=worker)
    _count_done(run_id, attempt, scratch)
    return ran


def _count_done(run_id: int, attempt: int, scratch: Path) -> None:
    with transaction.atomic():
        run = (
            ValidationRun.objects.select_for_update()
            .filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING)
            .first()
        )
        if run is None:
            return
        done = spread_done(scratch, run.chunks_total)
        run.chunks_done = done
        run.progress = 5 + 90 * done // max(run.chunks_total, 1)
        run.progress_note = f"{done} of {run.chunks_total} chunks done"
        run.lease_expires_at = timezone.now() + timedelta(seconds=settings.VALIDATION_LEASE_SECONDS)
        run.save(update_fields=["chunks_done", "progress", "progress_note", "lease_expires_at"])
        complete = done >= run.chunks_total
    if complete:
        _send_merge_once(run_id, attempt)


def _send_merge_once(run_id: int, attempt: int) -> None:
    claimed = (
        ValidationRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING)
        .exclude(merge_attempt=attempt)
        .update(merge_attempt=attempt)
    )
    if claimed:
        current_app.send_task(VALIDATION_MERGE_TASK, args=[run_id, attempt], queue=settings.VALIDATION_QUEUE)


def validation_run_merge(*, run_id: int, attempt: int) -> bool:
    """Merge the chunks in order and finish the run, if attempt ``attempt`` still owns it. Idempotent."""
    run = ValidationRun.objects.filter(pk=run_id, attempts=attempt, status=RunStatus.RUNNING).first()
    if run is None:
        return False
    scratch = _scratch(run_id, attempt)
    out = scratch / "out"
    if out.exists():
        shutil.rmtree(out)  # a merge redelivered after a crash starts its outputs over
    result = spread_finish_apart(scratch, out)  # its memory goes back to the system when it ends
    paths = sorted({p for group in result.outputs.values() for p in group if p.is_file()})
    stats = dict(result.stats)
    stats["spread"] = spread_workers(scratch, run.chunks_total)
    with run_local_copies(run.submission, _inputs_of(run)) as (inputs, _tmp):
        overview = build_overview(inputs, result.report.findings)
    finished = validation_run_finish(
        run_id=run_id,
        attempt=attempt,
        findings=result.report.findings,
        stats=stats,
        artifacts=paths,
        notes=list(result.notes),
        overview=overview,
    )
    if finished:
        spread_cleanup(scratch.parent)
    return finished
