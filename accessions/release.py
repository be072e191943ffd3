"""Release: an approved submission goes public exactly once, never before its time.

* The beat task looks for approved submissions that are due; each is released by ``submission_release``,
  which locks the submission row and re-checks everything under the lock. Two release jobs at once: the
  second waits for the lock, then finds the submission released and does nothing.
* Due means: the final outputs (with the accessions) are ready, and the plan says so at ``now``: at once
  (``immediate``), from 00:00 of the release date in the portal's time zone (``on_date``), or when a citation
  is recorded and at the latest on that date (``on_publication``). ``now`` is a parameter, so tests control it.
* A notice goes to the submitter ``ACCESSIONS_RELEASE_NOTICE_DAYS`` before a scheduled release (once per
  date: a claim by conditional UPDATE).
* A released submission is frozen: its status is final, so files, runs and the release plan no longer change,
  and nothing here changes its accessions, outputs or citation again.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial

from celery import current_app
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accessions.models import ApprovedRecord, OutputsState, ReleaseRequest
from accessions.services import RELEASE_DUE_TASK
from accounts.models import User
from accounts.roles import user_can_review
from portal.errors import ApplicationError
from portal.text import ascii_int
from submissions.metadata import submission_release_set
from submissions.models import ReleaseMode, Submission
from submissions.selectors import submission_is_writer
from submissions.services import submission_transition
from submissions.status import FINAL, Status

log = logging.getLogger(__name__)


def release_is_due(submission: Submission, record: ApprovedRecord, now: datetime.datetime) -> bool:
    if submission.status != Status.APPROVED or record.outputs_state != OutputsState.READY:
        return False  # the approved files are what is published: never release without them
    today = timezone.localdate(now)
    mode = submission.release_mode
    if mode == ReleaseMode.IMMEDIATE:
        return True
    reached = submission.release_date is not None and today >= submission.release_date
    if mode == ReleaseMode.ON_PUBLICATION:
        return record.citation or reached
    return reached


def submission_release(*, submission_id: int, now: datetime.datetime | None = None) -> bool:
    """Release one submission if it is due; True when this call released it."""
    now = now or timezone.now()
    with transaction.atomic():
        submission = Submission.objects.select_for_update().filter(pk=submission_id).first()
        if submission is None or submission.status != Status.APPROVED:
            return False
        record = ApprovedRecord.objects.select_for_update().filter(submission=submission).first()
        if record is None or not release_is_due(submission, record, now):
            return False
        why = (
            "published"
            if record.citation and submission.release_mode == ReleaseMode.ON_PUBLICATION
            else "due"
        )
        submission_transition(submission=submission, to=Status.RELEASED, by=None, note=f"released ({why})")
        record.released_at = now
        record.save(update_fields=["released_at"])
    log.info("submission %s released", submission_id)
    return True


def submissions_release_due(*, now: datetime.datetime | None = None) -> list[int]:
    """The beat's job: release every approved submission that is due at ``now``. Returns those released."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = (
        Submission.objects.filter(status=Status.APPROVED, approved_record__outputs_state=OutputsState.READY)
        .filter(
            Q(release_mode=ReleaseMode.IMMEDIATE)
            | Q(release_date__lte=today)
            | Q(release_mode=ReleaseMode.ON_PUBLICATION, approved_record__published_at__isnull=False)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [pk for pk in list(candidates) if submission_release(submission_id=pk, now=now)]


def _require_writer_or_curator(submission: Submission, by: User) -> None:
    if submission.owner_id == by.pk or user_can_review(by):
        return
    if not submission.collaborators.filter(pk=by.pk).exists():
        raise PermissionDenied("Only the submitters and the curators record a publication.")


def submission_publication_set(
    *,
    submission: Submission,
    by: User,
    pubmed_id: str = "",
    doi: str = "",
    reference: str = "",
    now: datetime.datetime | None = None,
) -> ApprovedRecord:
    """Record the citation that releases an on-publication submission (the beat releases it next)."""
    _require_writer_or_curator(submission, by)
    now = now or timezone.now()
    pubmed_id, doi, reference = pubmed_id.strip(), doi.strip(), reference.strip()
    if pubmed_id and ascii_int(pubmed_id) is None:
        raise ApplicationError("A PubMed id is a number.", field="pubmed_id")
    if doi and not doi.startswith("10."):
        raise ApplicationError("A DOI starts with '10.' (e.g. 10.1000/xyz123).", field="doi")
    if not (pubmed_id or doi or reference):
        raise ApplicationError("Give a PubMed id, a DOI or a reference.", field="pubmed_id")
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if locked.status in (Status.RELEASED, Status.WITHDRAWN):
            raise ApplicationError(
                "A released submission no longer changes.", code="invalid_state", status=409
            )
        record, _ = ApprovedRecord.objects.select_for_update().get_or_create(submission=locked)
        record.pubmed_id, record.doi, record.reference = pubmed_id[:20], doi[:200], reference
        record.published_at = now
        record.published_by = by
        record.save(update_fields=["pubmed_id", "doi", "reference", "published_at", "published_by"])
        if locked.status == Status.APPROVED and locked.release_mode == ReleaseMode.ON_PUBLICATION:
            transaction.on_commit(partial(_release_soon, locked.pk))
    return record


def _release_soon(submission_id: int) -> None:
    # The beat would release it within its period; sending the job now releases it at once (by name: see
    # accessions.services on why nothing here imports the tasks).
    current_app.send_task(RELEASE_DUE_TASK)


def release_request_record(
    *, submission: Submission, by: User, kind: str, date: datetime.date | None, note: str = ""
) -> ReleaseRequest:
    """An extension (a later date) or an early release (an earlier date, or now): recorded, then applied
    through the release plan's own service (which keeps its ReleaseChange history and its limits). The
    submitters ask; curators read the record (the release plan is the submitters')."""
    if kind not in ReleaseRequest.Kind.values:
        raise ApplicationError(f"Choose one of {', '.join(ReleaseRequest.Kind.values)}.", field="kind")
    with transaction.atomic():
        # Checked against the row as it is under the lock: a release (or another request) that came in
        # meanwhile decides what this one may do, and the request and the plan change commit together.
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        if not submission_is_writer(user=by, submission=locked):
            raise PermissionDenied("Only the submission's owner and collaborators ask for release changes.")
        if Status(locked.status) in FINAL:
            raise ApplicationError(
                "This submission's release can no longer change.", code="invalid_state", status=409
            )
        current = locked.release_date
        if kind == ReleaseRequest.Kind.EXTEND and (date is None or (current is not None and date <= current)):
            raise ApplicationError("An extension needs a date after the current one.", field="date")
        if kind == ReleaseRequest.Kind.EARLY and date is not None and current is not None and date >= current:
            raise ApplicationError("An early release needs a date before the current one.", field="date")
        if kind == ReleaseRequest.Kind.EARLY and locked.release_mode == ReleaseMode.IMMEDIATE:
            raise ApplicationError(
                "This submission is already released as soon as it is processed.",
                code="invalid_state",
                status=409,
            )
        request = ReleaseRequest.objects.create(
            submission=locked, kind=kind, requested_by=by, from_date=current, to_date=date, note=note.strip()
        )
        if kind == ReleaseRequest.Kind.EARLY and date is None:
            mode = ReleaseMode.IMMEDIATE
        elif locked.release_mode == ReleaseMode.ON_PUBLICATION:
            mode = ReleaseMode.ON_PUBLICATION
        else:
            mode = ReleaseMode.ON_DATE
        submission_release_set(submission=locked, by=by, mode=mode, date=date)
        if locked.status == Status.APPROVED and mode == ReleaseMode.IMMEDIATE:
            # Approved and now due: release it without waiting for the beat's next round.
            transaction.on_commit(partial(_release_soon, locked.pk))
    submission.refresh_from_db()
    return request


def release_notices_send(*, now: datetime.datetime | None = None) -> int:
    """Tell the submitters whose scheduled release is ``ACCESSIONS_RELEASE_NOTICE_DAYS`` days away or less."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=settings.ACCESSIONS_RELEASE_NOTICE_DAYS)
    due = Submission.objects.filter(
        status=Status.APPROVED,
        release_mode__in=[ReleaseMode.ON_DATE, ReleaseMode.ON_PUBLICATION],
        release_date__gt=today,
        release_date__lte=horizon,
    ).select_related("owner")
    sent = 0
    for submission in due:
        assert submission.release_date is not None
        # The claim: one UPDATE per record and date, so two beats never send the same notice twice.
        claimed = (
            ApprovedRecord.objects.filter(submission=submission)
            .exclude(notice_sent_for=submission.release_date)
            .update(notice_sent_for=submission.release_date)
        )
        if claimed:
            _notice(submission)
            sent += 1
    return sent


def _notice(submission: Submission) -> None:
    people = [submission.owner, *submission.collaborators.filter(is_active=True)]
    recipients = sorted({u.email for u in people if u.email})
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("submissions:detail", args=[submission.pk])
    try:
        send_mail(
            subject=f"[Genome Portal] #{submission.pk} {submission.title}: release on {submission.release_date}",
            message=(
                f'Submission #{submission.pk} "{submission.title}" will be public on {submission.release_date}.\n\n'
                "To hold it longer, ask for an extension on the release page before that date.\n\n"
                f"Open it: {link}\n"
            ),
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        log.exception("submission %s: release notice not sent", submission.pk)
