"""The public face of released data, in the RefSeq manner.

Nothing here is written before a submission is released: ``Publication`` is created by the publish service
only for a submission whose status is RELEASED (checked under its lock), so a held record has no row to
leak. Every public read goes through ``records.selectors.public_records``, which checks the submission's
status again (defence in depth: a row can never be public while its submission is not released).

* ``PublicRecord``: one accession.version (nucleotide, protein or transcript), with its flatfile and
  sequence stored as text and the fields search needs. Old versions stay (``is_current`` False).
* ``RecordFeature``: genes, mRNAs and CDSs by position, so the graphic view draws a window of a megabase
  sequence without reading the whole record.
* ``RecordAlias``: an old locus_tag, protein_id or unversioned accession that redirects to a record.
* ``BlastDatabase``/``BlastJob``: generations of BLAST databases (atomically switched) and searches.
* ``Release``/``ReleaseFile``: numbered releases of gzip files per taxonomic node, with checksums.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Final

from django.conf import settings
from django.db import models
from django.db.models import Q


class RecordKind(models.TextChoices):
    NUCLEOTIDE = "nucleotide", "Nucleotide"
    PROTEIN = "protein", "Protein"
    TRANSCRIPT = "transcript", "Transcript"


class RecordType(models.TextChoices):
    SUBMITTED = "submitted", "Submitted (GenBank)"
    REFERENCE = "reference", "Reference (RefSeq)"
    NONREDUNDANT = "nonredundant", "Non-redundant protein"


class Node(models.TextChoices):
    """RefSeq's release directories (taxonomic or organelle nodes)."""

    ARCHAEA = "archaea", "Archaea"
    BACTERIA = "bacteria", "Bacteria"
    FUNGI = "fungi", "Fungi"
    INVERTEBRATE = "invertebrate", "Invertebrates"
    MITOCHONDRION = "mitochondrion", "Mitochondria"
    PLANT = "plant", "Plants"
    PLASMID = "plasmid", "Plasmids"
    PLASTID = "plastid", "Plastids"
    PROTOZOA = "protozoa", "Protozoa"
    VERTEBRATE_MAMMALIAN = "vertebrate_mammalian", "Mammals"
    VERTEBRATE_OTHER = "vertebrate_other", "Other vertebrates"
    VIRAL = "viral", "Viruses"


class ReviewStatus(models.TextChoices):
    """RefSeq's review levels, least to most reviewed."""

    INFERRED = "INFERRED", "Inferred"
    PREDICTED = "PREDICTED", "Predicted"
    PROVISIONAL = "PROVISIONAL", "Provisional"
    VALIDATED = "VALIDATED", "Validated"
    REVIEWED = "REVIEWED", "Reviewed"


class JobState(models.TextChoices):
    """States of the records app's background work (publication, BLAST builds and searches, releases)."""

    PENDING = "pending", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


# The one table of moves: a failed job may be tried again; a done one never changes.
JOB_TRANSITIONS: Final[Mapping[JobState, frozenset[JobState]]] = {
    JobState.PENDING: frozenset({JobState.RUNNING, JobState.FAILED}),
    JobState.RUNNING: frozenset({JobState.DONE, JobState.FAILED, JobState.PENDING}),
    JobState.FAILED: frozenset({JobState.PENDING}),
    JobState.DONE: frozenset(),
}


def sources_of(target: JobState) -> list[str]:
    """The states from which ``target`` may be reached (the filter of a conditional UPDATE)."""
    return [s.value for s, targets in JOB_TRANSITIONS.items() if target in targets]


class Publication(models.Model):
    """A released submission's records made public (one per submission; the beat creates it)."""

    submission = models.OneToOneField(
        "submissions.Submission", on_delete=models.CASCADE, related_name="publication"
    )
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveIntegerField(default=0)  # also the fencing token of a run
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    records = models.PositiveIntegerField(default=0)
    files = models.JSONField(default=list, blank=True)  # storage names of the released .sqn files
    failure = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"publication of submission {self.submission_id}: {self.state}"


class PublicRecord(models.Model):
    accession = models.CharField(max_length=30, db_index=True)
    version = models.PositiveSmallIntegerField(default=1)
    accession_version = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    record_type = models.CharField(max_length=20, choices=RecordType.choices, default=RecordType.SUBMITTED)
    node = models.CharField(max_length=30, choices=Node.choices)
    molecule = models.CharField(max_length=20)  # as the LOCUS line says: DNA, mRNA, AA
    topology = models.CharField(max_length=10, default="linear")
    division = models.CharField(max_length=3, blank=True)
    organism = models.CharField(max_length=200, db_index=True)
    taxon_id = models.CharField(max_length=20, blank=True)
    lineage = models.TextField(blank=True)
    definition = models.TextField(blank=True)
    gene = models.CharField(max_length=200, blank=True)
    product = models.TextField(blank=True)
    locus_tag = models.CharField(max_length=100, blank=True)
    length = models.PositiveBigIntegerField(default=0)
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    bioproject = models.CharField(max_length=30, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    source_accession = models.CharField(max_length=40, blank=True)  # reference records: what they derive from
    review_status = models.CharField(max_length=20, choices=ReviewStatus.choices, blank=True)
    is_current = models.BooleanField(default=True)
    flatfile = models.TextField()
    sequence = models.TextField()
    sha256 = models.CharField(max_length=64, db_index=True)
    search_text = models.TextField(blank=True)
    released_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["accession", "version"]
        indexes = [
            models.Index(fields=["is_current", "kind", "node"], name="record_current_kind_node"),
            models.Index(fields=["submission", "kind"], name="record_submission_kind"),
            models.Index(fields=["bioproject"], name="record_bioproject"),
            models.Index(fields=["locus_tag"], name="record_locus_tag"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["accession"], condition=Q(is_current=True), name="record_one_current_version"
            )
        ]

    def __str__(self) -> str:
        return self.accession_version


class RecordFeature(models.Model):
    """A feature drawn by the graphic view; mRNAs keep their spliced sequence for the RNA release file."""

    record = models.ForeignKey(PublicRecord, on_delete=models.CASCADE, related_name="features")
    kind = models.CharField(max_length=20)
    start = models.PositiveBigIntegerField()  # 1-based, inclusive, the feature's extent
    end = models.PositiveBigIntegerField()
    strand = models.SmallIntegerField(default=1)
    parts = models.JSONField(default=list)  # [[start, end], ...] exons, 1-based inclusive
    label = models.CharField(max_length=255, blank=True)
    locus_tag = models.CharField(max_length=100, blank=True)
    target = models.CharField(
        max_length=40, blank=True
    )  # the protein or transcript record's accession.version
    sequence = models.TextField(blank=True)

    class Meta:
        ordering = ["record", "start", "pk"]
        indexes = [models.Index(fields=["record", "start"], name="feature_record_start")]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}..{self.end}"


class RecordAlias(models.Model):
    """An identifier that leads to a record: an old locus_tag or protein_id, or a submitter's SeqID."""

    alias = models.CharField(max_length=255, db_index=True)
    kind = models.CharField(max_length=20)
    accession = models.CharField(max_length=30)  # the record's accession (the current version is shown)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alias", "accession"], name="alias_unique")]

    def __str__(self) -> str:
        return f"{self.alias} -> {self.accession}"


class NonRedundantMember(models.Model):
    """A reference protein (one locus) that is identical to a non-redundant protein record."""

    protein = models.ForeignKey(PublicRecord, on_delete=models.CASCADE, related_name="members")
    member = models.OneToOneField(PublicRecord, on_delete=models.CASCADE, related_name="nonredundant")

    def __str__(self) -> str:
        return f"{self.member_id} in {self.protein_id}"


class RecordCounter(models.Model):
    """A number line per reference prefix (NC_, NW_, NM_, XM_, NP_, XP_, WP_): locked, only goes up."""

    prefix = models.CharField(max_length=4, primary_key=True)
    next_value = models.BigIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.prefix}{self.next_value}"


class BlastDatabase(models.Model):
    """One generation of the BLAST databases. Searches use the newest DONE generation; a generation's files
    are complete before its row says DONE, so a search never sees a half-built database."""

    generation = models.PositiveIntegerField(unique=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.RUNNING)
    directory = models.CharField(max_length=500)
    nucleotides = models.PositiveIntegerField(default=0)
    proteins = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"BLAST databases, generation {self.generation} ({self.state})"


class BlastProgram(models.TextChoices):
    BLASTN = "blastn", "blastn: nucleotide query, nucleotide database"
    BLASTP = "blastp", "blastp: protein query, protein database"
    BLASTX = "blastx", "blastx: translated nucleotide query, protein database"
    TBLASTN = "tblastn", "tblastn: protein query, translated nucleotide database"


class BlastJob(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    program = models.CharField(max_length=10, choices=BlastProgram.choices)
    query = models.TextField()
    evalue = models.FloatField(default=10.0)
    max_hits = models.PositiveSmallIntegerField(default=50)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    database = models.ForeignKey(BlastDatabase, null=True, blank=True, on_delete=models.SET_NULL)
    result = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.program} job {self.id} ({self.state})"


class Release(models.Model):
    number = models.PositiveIntegerField(unique=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.RUNNING)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cutoff = models.DateTimeField()  # records released before this moment are in the release
    statistics = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    failure = models.TextField(blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"release {self.number}"


def release_upload_to(instance: ReleaseFile, filename: str) -> str:
    return f"releases/{instance.release.number}/{instance.node or 'all'}/{filename}"


class ReleaseFileKind(models.TextChoices):
    GENOMIC_GBFF = "genomic.gbff", "GenBank flatfiles"
    GENOMIC_FNA = "genomic.fna", "Nucleotide FASTA"
    PROTEIN_FAA = "protein.faa", "Protein FASTA"
    RNA_FNA = "rna.fna", "RNA FASTA"


class ReleaseFile(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="files")
    node = models.CharField(max_length=30, choices=Node.choices)
    kind = models.CharField(max_length=20, choices=ReleaseFileKind.choices)
    name = models.CharField(max_length=200)
    stored = models.FileField(upload_to=release_upload_to, max_length=300)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    md5 = models.CharField(max_length=32)
    records = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["node", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["release", "node", "name"], name="release_file_unique")
        ]

    def __str__(self) -> str:
        return self.name
