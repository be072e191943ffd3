from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models

from submissions.status import Status


class ReleaseMode(models.TextChoices):
    IMMEDIATE = "immediate", "As soon as it is processed"
    ON_DATE = "on_date", "On a date"
    ON_PUBLICATION = "on_publication", "When published, at the latest on a date"


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
    # The wizard's answers. New columns are nullable or defaulted, so older drafts stay valid.
    bioproject = models.ForeignKey(
        "bioprojects.BioProject", null=True, blank=True, on_delete=models.PROTECT, related_name="submissions"
    )
    locus_tag_prefix = models.ForeignKey(
        "bioprojects.LocusTagPrefix",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    # Source modifiers for every sequence, as tbl2asn -j takes them: {"strain": "X1", "isolate": ...}.
    source_modifiers = models.JSONField(default=dict, blank=True)
    # Genome-Assembly-Data structured comment.
    assembly_method = models.CharField(max_length=200, blank=True)
    assembly_name = models.CharField(max_length=100, blank=True)
    genome_coverage = models.CharField(max_length=50, blank=True)
    sequencing_technology = models.CharField(max_length=200, blank=True)
    # The submitter block (.sbt) when none is uploaded: {"first", "last", "email"}, [{"first", "last",
    # "middle"}...], {"institution", "department", "street", "city", "state", "postal_code", "country"}.
    contact = models.JSONField(default=dict, blank=True)
    authors = models.JSONField(default=list, blank=True)
    affiliation = models.JSONField(default=dict, blank=True)
    release_mode = models.CharField(max_length=20, choices=ReleaseMode.choices, default=ReleaseMode.IMMEDIATE)
    release_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        permissions = [("review_submission", "Can see and review every submission")]

    def __str__(self) -> str:
        return f"{self.title} (#{self.pk})"


def stored_name(submission_id: int) -> str:
    # The stored name is ours, never the user's: no traversal, no collisions, no guessing.
    return f"submissions/{submission_id}/{uuid.uuid4().hex}"


def upload_to(instance: SubmissionFile, filename: str) -> str:
    return stored_name(instance.submission_id)


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


class ReleaseChange(models.Model):
    """Every change of the release plan, with who and when (curators read this history)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="release_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    from_mode = models.CharField(max_length=20, choices=ReleaseMode.choices)
    from_date = models.DateField(null=True, blank=True)
    to_mode = models.CharField(max_length=20, choices=ReleaseMode.choices)
    to_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_mode} {self.from_date} -> {self.to_mode} {self.to_date}"
