"""accessions' check in every validation run (registered with validation.checks in AccessionsConfig.ready):
the proteins of a genome update must carry the accessions they have in the released genome."""

from __future__ import annotations

from collections.abc import Sequence

from accessions.models import ApprovedRecord
from accessions.services import update_protein_findings
from gbprep.job.targets import accession_targets
from gbprep.model.bundle import InputFile
from gbprep.model.diagnostics import Finding
from submissions.models import Submission


def update_accessions_check(submission: Submission, inputs: Sequence[InputFile]) -> list[Finding]:
    update_of_id = (
        ApprovedRecord.objects.filter(submission=submission, update_of__isnull=False)
        .values_list("update_of_id", flat=True)
        .first()
    )
    if update_of_id is None:
        return []  # not an update: nothing to read again
    # The files are read a second time (the engine's run does not return its proteins); updates only.
    return update_protein_findings(update_of_id=update_of_id, targets=accession_targets(list(inputs)))
