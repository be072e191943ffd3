"""E-mail on state changes, through Django's e-mail backend: the owner and collaborators hear what happened."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from submissions.models import SubmissionEvent
from submissions.status import Status

log = logging.getLogger(__name__)

_WHAT_NEXT = {
    Status.VALIDATING: "We are checking the files now; you will hear when the report is ready.",
    Status.NEEDS_FIX: "The report lists what blocks the submission, each with the file, the line and a fix. "
    "Upload corrected files and submit again.",
    Status.IN_REVIEW: "The files passed validation and the curators have the submission now.",
    Status.APPROVED: "The curators approved the submission.",
    Status.RELEASED: "The records are public.",
    Status.REJECTED: "The curators rejected the submission; their reason is below.",
    Status.WITHDRAWN: "The submission was withdrawn.",
}


def submission_notify(*, event_id: int) -> None:
    """Mail the people with access about one state change (runs after commit; a mail failure is logged only)."""
    event = SubmissionEvent.objects.select_related("submission__owner", "actor").filter(pk=event_id).first()
    if event is None:
        return
    submission = event.submission
    people = [submission.owner, *submission.collaborators.filter(is_active=True)]
    recipients = sorted({u.email for u in people if u.email})
    if not recipients:
        return
    status = Status(event.to_status)
    link = settings.SITE_URL.rstrip("/") + reverse("submissions:detail", args=[submission.pk])
    body = (
        f'Submission #{submission.pk} "{submission.title}" is now: {status.label}.\n\n'
        f"{_WHAT_NEXT.get(status, '')}\n\n"
        f"{event.note + chr(10) + chr(10) if event.note else ''}"
        f"Open it: {link}\n"
    )
    try:
        send_mail(
            subject=f"[Genome Portal] #{submission.pk} {submission.title}: {status.label}",
            message=body,
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        # The state change stands whatever the mail server says; the page shows the state anyway.
        log.exception("submission %s: notification for event %s not sent", submission.pk, event_id)
