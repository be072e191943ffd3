"""What gets an accession at approval: every sequence and every protein of a submission, read from its files."""

from __future__ import annotations

from collections.abc import Sequence

from gbprep.assemble.accessions import SequenceTarget, Targets, record_proteins, sequence_sha
from gbprep.assemble.entry import record_features
from gbprep.assemble.options import AssembleOptions
from gbprep.job.inputs import read_side_files, sequences
from gbprep.model.bundle import InputFile
from gbprep.readers.textio import DEFAULT_LIMITS, ReadLimits


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
