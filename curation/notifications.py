"""E-mail for the message thread: everyone on the submission hears of a new message, except its author."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse

from curation.models import Assignment, Message

log = logging.getLogger(__name__)


def message_notify(*, message_id: int) -> None:
    """Mail the submitters (owner, active collaborators) and the assigned curator; runs after commit."""
    message = Message.objects.select_related("submission__owner", "author").filter(pk=message_id).first()
    if message is None:
        return
    submission = message.submission
    people = [submission.owner, *submission.collaborators.filter(is_active=True)]
    assignment = Assignment.objects.select_related("curator").filter(submission=submission).first()
    if assignment is not None:
        people.append(assignment.curator)
    recipients = sorted({u.email for u in people if u.email and u.pk != message.author_id})
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + reverse("curation:thread", args=[submission.pk])
    try:
        send_mail(
            subject=f"[Genome Portal] #{submission.pk} {submission.title}: message from {message.author.username}",
            message=f"{message.author.username} wrote:\n\n{message.body}\n\nReply: {link}\n",
            from_email=None,
            recipient_list=recipients,
        )
    except Exception:
        # The message is stored and shown whatever the mail server says.
        log.exception("submission %s: mail for message %s not sent", submission.pk, message_id)
