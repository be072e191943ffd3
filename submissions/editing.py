"""The one status guard for every service that changes a submission's files or details.

A check on an object read at the start of a request is stale by the time a slow body has arrived (a 10,000-
author PATCH, a multipart upload still streaming): Submit may have moved the submission on meanwhile. So the
guard locks the row and checks the status it reads under the lock; the caller writes in the same transaction
and only the columns it changes (``update_fields``), never the whole stale row.
"""

from __future__ import annotations

from django.db import transaction

from portal.errors import ApplicationError
from submissions.models import Submission
from submissions.status import EDITABLE, Status


def submission_editable_check(submission: Submission, *, what: str) -> None:
    """Fail early (no lock) when the submission is plainly not editable; the locked check decides."""
    status = Status(submission.status)
    if status not in EDITABLE:
        raise _not_editable(status, what)


def submission_lock_editable(*, submission_id: int, what: str) -> Submission:
    """The submission's row, locked until the caller's transaction ends, if it is still editable.

    ``what`` names the change in the refusal ("Files can be added", "Its details change").
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("submission_lock_editable must run inside transaction.atomic()")
    locked = Submission.objects.select_for_update().get(pk=submission_id)
    status = Status(locked.status)
    if status not in EDITABLE:
        raise _not_editable(status, what)
    return locked


def _not_editable(status: Status, what: str) -> ApplicationError:
    return ApplicationError(
        f"This submission is '{status.label}'. {what} only while it is a draft or needs fixes.",
        code="invalid_state",
        status=409,
    )
