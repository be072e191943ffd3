"""What one submission is made of before its sequences stream by: the input files and the side files read.

Files are routed by what their name says (``.fsa``, ``.tbl``, ...; ``.gz`` stripped). ``Bundle`` holds the
side files (tables, template, source and comment tables, proteins), which are small and read first; the
sequences stream one at a time through ``job.inputs.sequences``, so memory is bounded by the largest single
sequence, not by the genome.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gbprep.model.records import (
    Descriptor,
    FeatureTable,
    ProteinRecord,
    SequenceRecord,
    SourceModifier,
    SubmitBlock,
)
from gbprep.model.seqids import seq_id_keys


@dataclass(slots=True)
class Template:
    submit_block: SubmitBlock | None = None
    descriptors: list[Descriptor] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GffOptions:
    dialect: str | None = None
    locus_tag_prefix: str | None = None
    keep_ids: bool = False


DEFAULT_GFF_OPTIONS = GffOptions()


KINDS = {
    ".fsa": "fasta",
    ".fa": "fasta",
    ".fasta": "fasta",
    ".fna": "fasta",
    ".tbl": "table",
    ".sbt": "template",
    ".src": "source",
    ".cmt": "comment",
    ".pep": "protein",
    ".rna": "rna",
    ".gff": "gff3",
    ".gff3": "gff3",
    ".gtf": "gff3",
}


@dataclass(frozen=True, slots=True)
class InputFile:
    path: Path
    name: str  # what findings call the file: the user's own name

    @property
    def kind(self) -> str:
        suffixes = [s.lower() for s in Path(self.name).suffixes]
        if suffixes and suffixes[-1] in (".gz", ".gzip"):
            suffixes = suffixes[:-1]
        return KINDS.get(suffixes[-1], "unknown") if suffixes else "unknown"


@dataclass(slots=True)
class Bundle:
    """Everything but the sequences, which stream through ``sequences()``."""

    fasta: list[InputFile]
    template: Template | None = None
    tables: list[FeatureTable] = field(default_factory=list)
    source_rows: dict[str, list[SourceModifier]] = field(default_factory=dict)
    comments: list[Descriptor] = field(default_factory=list)
    proteins: list[ProteinRecord] = field(default_factory=list)
    transcripts: list[ProteinRecord] = field(default_factory=list)
    # Sequences after a GFF3 file's ##FASTA line: validated when no FASTA file is given.
    embedded: list[tuple[InputFile, SequenceRecord]] = field(default_factory=list)
    gff_options: GffOptions = field(default_factory=GffOptions)

    def features_by_key(self) -> dict[str, list[FeatureTable]]:
        """Tables under every canonical form of their SeqID, for matching FASTA records."""
        index: dict[str, list[FeatureTable]] = {}
        for table in self.tables:
            for key in seq_id_keys(table.seq_id):
                index.setdefault(key, []).append(table)
        return index
