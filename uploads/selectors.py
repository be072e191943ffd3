"""Uploads are read through their submission's access check: strangers get 404."""

from __future__ import annotations

import uuid

from django.http import Http404

from accounts.models import User
from submissions.selectors import submission_get_for_user, submission_get_for_writer
from uploads.models import Upload


def upload_get_for_user(
    *, user: User, submission_id: int, upload_id: uuid.UUID, write: bool = False
) -> Upload:
    if write:
        submission = submission_get_for_writer(user=user, submission_id=submission_id)
    else:
        submission = submission_get_for_user(user=user, submission_id=submission_id)
    try:
        return submission.uploads.get(pk=upload_id)
    except Upload.DoesNotExist as exc:
        raise Http404("No such upload.") from exc
