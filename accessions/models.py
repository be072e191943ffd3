"""Accessions, the approved version of a submission, its publication and its release.

An ``Accession`` row is an identifier's identity: created once, never deleted (PROTECT), unique in the
portal, so an accession is never given twice, even after it is retired. ``AccessionAssignment`` says which
submission (an approved genome, or a later update of it) uses it for which sequence or protein, at which
version. ``ApprovedRecord`` is the one row per approved submission that holds the numbering plan, the state of
the final outputs (built by a worker with the accessions in), the citation and the release bookkeeping.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class AccessionStyle(models.TextChoices):
    WGS = "wgs", "WGS: project prefix + assembly version + serial (ABCD01000001)"
    CHROMOSOME = "chromosome", "Complete sequences: 2 letters + 6 digits (AB123456)"


class AccessionKind(models.TextChoices):
    MASTER = "master", "WGS master record"
    NUCLEOTIDE = "nucleotide", "Nucleotide"
    PROTEIN = "protein", "Protein"


class OutputsState(models.TextChoices):
    PENDING = "pending", "Waiting for a worker"
    BUILDING = "building", "Being built"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


class AccessionCounter(models.Model):
    """A number line per kind of accession ('wgs_project', 'chromosome', 'protein'): locked, only goes up."""

    name = models.CharField(max_length=30, primary_key=True)
    next_value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}: {self.next_value}"


class ApprovedRecord(models.Model):
    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="approved_record"
    )
    # A genome update: the released submission this one is a new version of (its accessions carry over).
    update_of = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="updates"
    )
    style = models.CharField(max_length=20, choices=AccessionStyle.choices, default=AccessionStyle.WGS)
    wgs_prefix = models.CharField(max_length=4, blank=True)
    assembly_version = models.PositiveSmallIntegerField(default=1)
    assigned_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The final .sqn and flatfile with the accessions in: built by a worker after the approval commits.
    outputs_state = models.CharField(
        max_length=20, choices=OutputsState.choices, default=OutputsState.PENDING
    )
    outputs_attempts = models.PositiveIntegerField(default=0)  # also the fencing token of a build
    outputs_lease_expires_at = models.DateTimeField(null=True, blank=True)
    outputs_ready_at = models.DateTimeField(null=True, blank=True)
    outputs_failure = models.TextField(blank=True)
    # The citation that releases an on-publication submission (any one of them is enough).
    pubmed_id = models.CharField(max_length=20, blank=True)
    doi = models.CharField(max_length=200, blank=True)
    reference = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    # The release date the two-week notice was sent for (a changed date gets a notice of its own).
    notice_sent_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One WGS project per genome lineage: an update reuses its parent's prefix, nobody else may.
            models.UniqueConstraint(
                fields=["wgs_prefix"],
                condition=Q(update_of__isnull=True) & ~Q(wgs_prefix=""),
                name="approved_record_unique_wgs_prefix",
            )
        ]

    def __str__(self) -> str:
        return f"approved record of submission {self.submission_id}"

    @property
    def citation(self) -> bool:
        return bool(self.pubmed_id or self.doi or self.reference)


class Accession(models.Model):
    """One identifier, forever: never deleted, never given again (the unique column is the backstop)."""

    accession = models.CharField(max_length=20, unique=True)
    kind = models.CharField(max_length=20, choices=AccessionKind.choices)
    first_submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.PROTECT, related_name="first_accessions"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["accession"]

    def __str__(self) -> str:
        return self.accession


class AccessionAssignment(models.Model):
    """Which sequence or protein of a submission carries an accession, at which version."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="accession_assignments"
    )
    accession = models.ForeignKey(Accession, on_delete=models.PROTECT, related_name="assignments")
    kind = models.CharField(max_length=20, choices=AccessionKind.choices)
    version = models.PositiveSmallIntegerField(default=1)
    # The submitter's identifier: the FASTA SeqID, or the protein key (protein_id, or <SeqID>_<n>).
    local_id = models.CharField(max_length=255)
    seq_id = models.CharField(max_length=255, blank=True)  # proteins: the nucleotide they are on
    protein_id = models.CharField(max_length=255, blank=True)
    transcript_id = models.CharField(max_length=255, blank=True)
    locus_tag = models.CharField(max_length=100, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the residues: tells kept from changed
    ordinal = models.PositiveIntegerField(default=0)  # file order, for tables

    class Meta:
        ordering = ["submission", "kind", "ordinal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "accession"], name="assignment_unique_accession"),
            models.UniqueConstraint(
                fields=["submission", "kind", "local_id"], name="assignment_unique_local"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.local_id} -> {self.accession_id}.{self.version}"

    @property
    def accession_version(self) -> str:
        return f"{self.accession.accession}.{self.version}"


def output_upload_to(instance: ApprovedOutput, filename: str) -> str:
    return f"approved/{instance.record.submission_id}/{filename}"


class ApprovedOutput(models.Model):
    """A file of the approved version (.sqn, flatfile, .val, ...), with the accessions in."""

    record = models.ForeignKey(ApprovedRecord, on_delete=models.CASCADE, related_name="outputs")
    name = models.CharField(max_length=200)
    stored = models.FileField(upload_to=output_upload_to, max_length=255)
    size = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["record", "name"], name="approved_output_unique_name")]

    def __str__(self) -> str:
        return self.name


class ReleaseRequest(models.Model):
    """An extension or early-release request and what became of it (the audit the issue asks for)."""

    class Kind(models.TextChoices):
        EXTEND = "extend", "Extend the hold"
        EARLY = "early", "Release early"

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="release_requests"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    from_date = models.DateField(null=True, blank=True)
    to_date = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_date} -> {self.to_date}"
