"""BioProjects (an accession of our own) and the locus_tag prefixes registered to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower


class DataType(models.TextChoices):
    GENOME_SEQUENCING = "genome_sequencing", "Genome sequencing"
    GENOME_ASSEMBLY = "genome_assembly", "Genome sequencing and assembly"
    RAW_READS = "raw_reads", "Raw sequence reads"
    TRANSCRIPTOME = "transcriptome", "Transcriptome or gene expression"
    EPIGENOMICS = "epigenomics", "Epigenomics"
    OTHER = "other", "Other"


class Relevance(models.TextChoices):
    AGRICULTURAL = "agricultural", "Agricultural"
    MEDICAL = "medical", "Medical"
    INDUSTRIAL = "industrial", "Industrial"
    ENVIRONMENTAL = "environmental", "Environmental"
    EVOLUTION = "evolution", "Evolution"
    MODEL_ORGANISM = "model_organism", "Model organism"
    OTHER = "other", "Other"


class AccessionCounter(models.Model):
    """The last number handed out under one accession prefix. Numbers only go up: none is ever reused."""

    prefix = models.CharField(max_length=20, unique=True)
    last_number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last_number}"


class BioProject(models.Model):
    accession = models.CharField(max_length=30, unique=True)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bioprojects")
    title = models.CharField(max_length=300)
    description = models.TextField()
    organism = models.CharField(max_length=200)
    data_type = models.CharField(max_length=30, choices=DataType.choices)
    relevance = models.CharField(max_length=30, choices=Relevance.choices)
    organisation = models.CharField("submitting organisation", max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.accession} {self.title}"


class LocusTagPrefix(models.Model):
    """A prefix reserved for one BioProject. Stored as typed (case matters to NCBI); unique ignoring case."""

    prefix = models.CharField(max_length=12)
    bioproject = models.ForeignKey(BioProject, on_delete=models.PROTECT, related_name="locus_tag_prefixes")
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["prefix"]
        constraints = [
            # Case-insensitive uniqueness is the database's job, so two simultaneous requests cannot both win.
            models.UniqueConstraint(Lower("prefix"), name="locus_tag_prefix_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.prefix
