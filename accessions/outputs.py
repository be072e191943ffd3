"""The approved outputs: the final .sqn and flatfile written again with the accessions in, and stored.

Built by a Celery task after approval (``accessions.build_outputs``): claimed with a conditional update whose
attempt number fences the write at the end, so a worker presumed dead cannot overwrite a newer build; the beat
re-enqueues builds nobody is doing. Release waits for them (``accessions.release``).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accessions.models import AccessionAssignment, AccessionKind, ApprovedOutput, ApprovedRecord, OutputsState
from accessions.services import approved_outputs_enqueue, approved_run, run_files
from gbprep.assemble.accessions import AccessionMap
from gbprep.job.run import run_job
from portal.errors import ApplicationError
from submissions.models import Submission
from validation.services import job_options_for

log = logging.getLogger(__name__)


def accession_map(*, submission: Submission) -> AccessionMap:
    rows = AccessionAssignment.objects.filter(submission=submission).select_related("accession")
    nucleotides = {a.local_id: a.accession_version for a in rows if a.kind == AccessionKind.NUCLEOTIDE}
    proteins = {a.local_id: a.accession_version for a in rows if a.kind == AccessionKind.PROTEIN}
    return AccessionMap(nucleotides=nucleotides, proteins=proteins)


def approved_outputs_claim(*, record_id: int, now: datetime | None = None) -> int | None:
    """PENDING (or BUILDING whose lease ran out) -> BUILDING, as one conditional UPDATE; the bumped attempt
    number fences the write at the end. None when there is nothing to do or someone else holds it."""
    now = now or timezone.now()
    claimable = Q(outputs_state=OutputsState.PENDING) | Q(
        outputs_state=OutputsState.BUILDING, outputs_lease_expires_at__lt=now
    )
    with transaction.atomic():
        updated = ApprovedRecord.objects.filter(claimable, pk=record_id, assigned_at__isnull=False).update(
            outputs_state=OutputsState.BUILDING,
            outputs_attempts=F("outputs_attempts") + 1,
            outputs_lease_expires_at=now + timedelta(seconds=settings.ACCESSIONS_OUTPUTS_LEASE_SECONDS),
        )
        if not updated:
            return None
        return ApprovedRecord.objects.values_list("outputs_attempts", flat=True).get(pk=record_id)


def approved_outputs_build(*, record_id: int) -> None:
    """Write the approved version's files with the accessions in and store them. Safe to call twice."""
    attempt = approved_outputs_claim(record_id=record_id)
    if attempt is None:
        return
    record = ApprovedRecord.objects.select_related("submission").get(pk=record_id)
    if attempt > settings.ACCESSIONS_OUTPUTS_MAX_ATTEMPTS:
        _outputs_fail(record_id, attempt, "The worker was lost too many times.")
        return
    submission = record.submission
    try:
        with run_files(submission, approved_run(submission)) as (inputs, out):
            options = replace(
                job_options_for(submission, out),
                accessions=accession_map(submission=submission),
                # One genbank set of all records (tbl2asn -a s), as genome submissions go to GenBank: asn2gb
                # renders every record of it, not only the first entry of a bare Seq-submit.
                fasta_set=True,
            )
            result = run_job(inputs, options, out)
            paths = sorted({p for group in result.outputs.values() for p in group if p.is_file()})
            _outputs_finish(record_id, attempt, paths)
    except ApplicationError as exc:
        _outputs_fail(record_id, attempt, exc.message)


def _outputs_finish(record_id: int, attempt: int, paths: list[Path]) -> None:
    with transaction.atomic():
        record = (
            ApprovedRecord.objects.select_for_update()
            .filter(pk=record_id, outputs_attempts=attempt, outputs_state=OutputsState.BUILDING)
            .first()
        )
        if record is None:
            log.warning(
                "approved record %s: attempt %s lost its claim; outputs discarded", record_id, attempt
            )
            return
        for old in ApprovedOutput.objects.filter(record=record):
            name, storage = old.stored.name, old.stored.storage
            old.delete()
            transaction.on_commit(partial(storage.delete, name))
        for path in paths:
            output = ApprovedOutput(record=record, name=path.name, size=path.stat().st_size)
            with path.open("rb") as handle:
                output.stored.save(path.name, File(handle), save=False)
            output.save()
        record.outputs_state = OutputsState.READY
        record.outputs_ready_at = timezone.now()
        record.outputs_lease_expires_at = None
        record.outputs_failure = ""
        record.save()


def _outputs_fail(record_id: int, attempt: int | None, reason: str) -> None:
    qs = ApprovedRecord.objects.filter(pk=record_id).exclude(outputs_state=OutputsState.READY)
    if attempt is not None:
        qs = qs.filter(outputs_attempts=attempt)
    qs.update(outputs_state=OutputsState.FAILED, outputs_failure=reason, outputs_lease_expires_at=None)


def approved_outputs_fail(*, record_id: int, reason: str) -> None:
    _outputs_fail(record_id, None, reason)


def approved_outputs_reap(*, now: datetime | None = None) -> int:
    """Re-enqueue builds nobody is doing (the message was lost, or the worker died); the beat calls this."""
    now = now or timezone.now()
    stuck = ApprovedRecord.objects.filter(assigned_at__isnull=False).filter(
        Q(outputs_state=OutputsState.PENDING, assigned_at__lt=now - timedelta(minutes=5))
        | Q(outputs_state=OutputsState.BUILDING, outputs_lease_expires_at__lt=now)
    )
    ids = list(stuck.values_list("pk", flat=True))
    for record_id in ids:
        approved_outputs_enqueue(record_id=record_id)
    return len(ids)
