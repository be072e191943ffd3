from __future__ import annotations

from django.conf import settings
from django.db import models

from validation.status import RunStatus


class ValidationRun(models.Model):
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="runs")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    # Whether this run was asked to move the submission on to review when it is clean.
    submit = models.BooleanField(default=True)
    attempts = models.PositiveIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    progress_note = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    # The report's picture (validation.overview): kept apart from the summary, which every API call returns.
    overview = models.JSONField(default=dict, blank=True)
    # The files as they were when the run was asked for: [{"name", "stored", "sha256", "size"}]. The worker
    # reads these, and the report shows lines from them even after a fix replaced a file.
    inputs = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    # A large submission's run spread over the workers (validation.spread): its chunks, how many have a
    # result, and the attempt whose merge was sent (so one merge per attempt, however many chunks end at once).
    chunks_total = models.PositiveIntegerField(default=0)
    chunks_done = models.PositiveIntegerField(default=0)
    merge_attempt = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "lease_expires_at"])]

    def __str__(self) -> str:
        return f"run {self.pk} of submission {self.submission_id} ({self.status})"

    @property
    def number(self) -> int:
        """1 for a submission's first run, 2 for its second, ..."""
        return ValidationRun.objects.filter(submission_id=self.submission_id, pk__lte=self.pk).count()


class RunFinding(models.Model):
    run = models.ForeignKey(ValidationRun, on_delete=models.CASCADE, related_name="findings")
    code = models.CharField(max_length=80)
    severity = models.CharField(max_length=10)
    severity_level = models.PositiveSmallIntegerField()
    message = models.TextField()
    fix = models.TextField(blank=True)
    file = models.CharField(max_length=255, blank=True)
    line = models.PositiveIntegerField(null=True, blank=True)
    column = models.PositiveIntegerField(null=True, blank=True)
    seq_id = models.CharField(max_length=100, blank=True)
    feature = models.CharField(max_length=200, blank=True)
    ncbi = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-severity_level", "file", "line", "pk"]
        indexes = [models.Index(fields=["run", "severity_level"]), models.Index(fields=["run", "code"])]

    def __str__(self) -> str:
        return f"{self.severity} {self.code} {self.file}:{self.line}"


def artifact_upload_to(instance: RunArtifact, filename: str) -> str:
    return f"runs/{instance.run_id}/{filename}"


class RunArtifact(models.Model):
    """A file the run wrote (.sqn, .val, errorsummary.val, discrepancy report, flatfile), kept in storage."""

    run = models.ForeignKey(ValidationRun, on_delete=models.CASCADE, related_name="artifacts")
    name = models.CharField(max_length=200)
    stored = models.FileField(upload_to=artifact_upload_to, max_length=255)
    size = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["run", "name"], name="run_artifact_unique_name")]

    def __str__(self) -> str:
        return self.name


class WaiverScope(models.TextChoices):
    FINDING = "finding", "This finding"
    CODE = "code", "Every finding of this code"


class Waiver(models.Model):
    """A curator's acceptance of a finding on one submission: it stops blocking and is shown with its reason.

    It names a finding by what it is (code, SeqID, feature, location; see ``validation.waivers``), not by a run's
    row, so the same finding in a later run is covered too. Revoking keeps the row (who, when, why): the audit.
    """

    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="waivers")
    scope = models.CharField(max_length=10, choices=WaiverScope.choices, default=WaiverScope.FINDING)
    code = models.CharField(max_length=80)
    # Blank for a code-wide waiver.
    seq_id = models.CharField(max_length=100, blank=True)
    feature = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=300, blank=True)
    # The finding the curator pointed at (kept for the history; the match is by the fields above).
    finding = models.ForeignKey(
        RunFinding, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            # Two curators waiving the same finding at once: the database lets exactly one in.
            models.UniqueConstraint(
                fields=["submission", "scope", "code", "seq_id", "feature", "location"],
                condition=models.Q(revoked_at__isnull=True),
                name="waiver_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"waiver {self.code} {self.location} on submission {self.submission_id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
