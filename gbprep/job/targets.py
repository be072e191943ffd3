"""What gets an accession at approval: every sequence and every protein of a submission, read from its files.

Each is hashed (the upper-cased residues, the translation), which is how a genome update tells a kept sequence
or protein from a changed one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from gbprep.assemble.accessions import protein_key
from gbprep.assemble.entry import feature_code, record_features, record_modifiers
from gbprep.assemble.features import GeneIndex
from gbprep.assemble.options import AssembleOptions
from gbprep.assemble.source import source_info
from gbprep.assemble.translate import protein as translate_protein
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import Bundle, InputFile
from gbprep.model.coding import given_protein, protein_index
from gbprep.model.diagnostics import Report, SourcePos
from gbprep.model.prot_ref import fills_hypothetical, generated_id, has_prot_ref, reader_fixes
from gbprep.model.records import Feature, SequenceRecord
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits


@dataclass(frozen=True, slots=True)
class SequenceTarget:
    seq_id: str
    length: int
    sha256: str  # of the upper-cased residues: a changed sequence gets a new nucleotide version


@dataclass(frozen=True, slots=True)
class ProteinTarget:
    key: str  # see protein_key
    seq_id: str  # the nucleotide it is annotated on
    protein_id: str  # as written in the table ('' when the CDS had none)
    transcript_id: str
    locus_tag: str
    sha256: str  # of the translation: a changed protein gets a new version of its accession
    # Where the protein_id is written (the CDS's line when it has none), so a check on it can point there.
    pos: SourcePos | None = None


@dataclass(slots=True)
class Targets:
    sequences: list[SequenceTarget] = field(default_factory=list)
    proteins: list[ProteinTarget] = field(default_factory=list)
    report: Report = field(default_factory=Report)


def sequence_sha(text: str) -> str:
    return hashlib.sha256(text.upper().encode("ascii", "replace")).hexdigest()


def record_proteins(
    record: SequenceRecord, features: Sequence[Feature], bundle: Bundle, options: AssembleOptions
) -> Iterator[ProteinTarget]:
    """The CDSs the assembler makes a protein for, in its order and with its serials."""
    code = source_info(
        record_modifiers(record, bundle, options), record.pos, options.taxonomy_store
    ).genetic_code
    pep_index = protein_index(bundle.proteins) if bundle.proteins else {}
    reader_fixes([features], fill_hypothetical=fills_hypothetical(options.genome_mode, options.cleanup))
    genes = GeneIndex([f for f in features if f.key == "gene" and f.intervals])
    serial = 0
    for feature in features:
        if feature.key != "CDS" or not feature.intervals or feature.has("pseudo"):
            continue
        serial += generated_id(feature)
        given = given_protein(feature, pep_index) if pep_index else None
        translated = translate_protein(record, feature, feature_code(feature, code), given)
        if translated is None or (not has_prot_ref(feature) and given is None):
            continue  # the assembler makes no protein here either
        protein_id = (feature.get("protein_id") or "").strip()
        written = next((q for q in feature.qualifiers if q.key == "protein_id"), None)
        yield ProteinTarget(
            key=protein_key(record.seq_id, protein_id, serial),
            seq_id=record.seq_id,
            protein_id=protein_id,
            transcript_id=(feature.get("transcript_id") or "").strip(),
            locus_tag=(feature.get("locus_tag") or genes.locus_tag_of(feature) or "").strip(),
            sha256=sequence_sha(translated.residues),
            pos=written.pos if written is not None else feature.pos,
        )


def accession_targets(
    inputs: Sequence[InputFile],
    options: AssembleOptions | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Targets:
    """Every sequence and every protein of a submission that gets an accession, in file order.

    Reads the files once (side files first, then the sequences streamed); problems in them go to
    ``Targets.report`` (the validation run has reported them already).
    """
    options = options or AssembleOptions()
    targets = Targets()
    bundle = read_side_files(inputs, targets.report, limits)
    for _item, record in sequences(bundle, targets.report, limits):
        targets.sequences.append(
            SequenceTarget(record.seq_id, len(record.residues), sequence_sha(record.residues))
        )
        features, _ordered = record_features(bundle, record)
        targets.proteins.extend(record_proteins(record, features, bundle, options))
    return targets
