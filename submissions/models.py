from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from submissions.status import Status


class Submission(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="submissions")
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="shared_submissions"
    )
    title = models.CharField(max_length=200)
    organism = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("review_submission", "Can see and review every submission")]

    def __str__(self) -> str:
        return f"{self.title} (#{self.pk})"


def upload_to(instance: SubmissionFile, filename: str) -> str:
    # The stored name is ours, never the user's: no traversal, no collisions, no guessing.
    return f"submissions/{instance.submission_id}/{uuid.uuid4().hex}"


class FileKind(models.TextChoices):
    FASTA = "fasta", "Nucleotide FASTA (.fsa)"
    TABLE = "table", "Feature table (.tbl)"
    TEMPLATE = "template", "Submission template (.sbt)"
    SOURCE = "source", "Source table (.src)"
    COMMENT = "comment", "Structured comment (.cmt)"
    PROTEIN = "protein", "Protein FASTA (.pep)"
    RNA = "rna", "Transcript FASTA (.rna)"
    GFF3 = "gff3", "GFF3 annotation"
    OTHER = "other", "Other"


class SubmissionFile(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    original_name = models.CharField(max_length=255)
    kind = models.CharField(max_length=20, choices=FileKind.choices)
    stored = models.FileField(upload_to=upload_to, max_length=255)
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def display_name(self) -> str:
        return PurePosixPath(self.original_name).name


class SubmissionEvent(models.Model):
    """The audit trail: every state change, with who and when."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"
