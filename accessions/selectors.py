"""Owner-scoped reads of accessions, fates and publication: through submissions' selector, so only the owner,
collaborators and curators see them; anyone else gets the same 404 as for a submission that does not exist."""

from __future__ import annotations

from django.db.models import QuerySet

from accessions.models import AccessionAssignment, AccessionKind, ApprovedRecord, ReleaseRequest
from accounts.models import User
from submissions.models import Submission
from submissions.selectors import submission_get_for_user

TABLE_COLUMNS = ("kind", "local_id", "protein_id", "transcript_id", "seq_id", "locus_tag", "accession")


def accession_table_for_user(*, user: User, submission_id: int) -> tuple[Submission, list[dict[str, str]]]:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission, accession_table(submission=submission)


def assignments(*, submission: Submission) -> QuerySet[AccessionAssignment]:
    return AccessionAssignment.objects.filter(submission=submission).select_related("accession")


def accession_table(*, submission: Submission) -> list[dict[str, str]]:
    """One row per identifier, the way NCBI's .accs returns them: the submitter's id -> accession.version."""
    rows = []
    for a in assignments(submission=submission).order_by("kind", "ordinal", "pk"):
        rows.append(
            {
                "kind": a.kind,
                "local_id": a.local_id if a.kind != AccessionKind.MASTER else "",
                "protein_id": a.protein_id,
                "transcript_id": a.transcript_id,
                "seq_id": a.seq_id,
                "locus_tag": a.locus_tag,
                "accession": a.accession_version,
            }
        )
    order = {AccessionKind.MASTER: 0, AccessionKind.NUCLEOTIDE: 1, AccessionKind.PROTEIN: 2}
    rows.sort(key=lambda r: order[AccessionKind(r["kind"])])
    return rows


def approved_record_for_user(*, user: User, submission_id: int) -> tuple[Submission, ApprovedRecord | None]:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission, ApprovedRecord.objects.filter(submission=submission).first()


def release_requests_for_user(
    *, user: User, submission_id: int
) -> tuple[Submission, QuerySet[ReleaseRequest]]:
    """The extension and early-release requests of a submission, oldest first, with who asked."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    return submission, ReleaseRequest.objects.filter(submission=submission).select_related("requested_by")
