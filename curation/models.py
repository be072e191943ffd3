"""What curators do to a submission: take it (assignment), write to its submitters (messages) and decide."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Assignment(models.Model):
    """The curator who has a submission in hand; one at a time ("assign to me" takes it over)."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="assignment"
    )
    curator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"submission {self.submission_id} -> {self.curator_id}"


class DecisionAction(models.TextChoices):
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Request changes"
    REJECT = "reject", "Reject"


class Decision(models.Model):
    """A curator's verdict, with who, when and why; ``event`` is the state change it made."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=DecisionAction.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)
    message = models.TextField(blank=True)
    event = models.OneToOneField(
        "submissions.SubmissionEvent", on_delete=models.PROTECT, related_name="decision"
    )

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} of submission {self.submission_id}"


class Message(models.Model):
    """One message of the thread between curators and submitters. Messages are never edited or deleted."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="review_messages"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the message is the "why" of a decision (request changes, reject, approve with a note).
    decision = models.OneToOneField(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="thread_message"
    )
    from_curator = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"message {self.pk} on submission {self.submission_id}"
