"""Owner-scoped reads. Views never fetch a submission by a request's id any other way.

Someone who may not see a submission gets 404, not 403: a 403 would confirm that it exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import user_can_review
from submissions.models import Submission, SubmissionFile


def submission_list_for_user(*, user: User) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    qs = Submission.objects.select_related("owner")
    if user_can_review(user):
        return qs
    return qs.filter(Q(owner=user) | Q(collaborators=user)).distinct()


def submission_get_for_user(*, user: User, submission_id: int) -> Submission:
    try:
        return submission_list_for_user(user=user).get(pk=submission_id)
    except Submission.DoesNotExist as exc:
        raise Http404("No such submission.") from exc


def submission_file_get_for_user(*, user: User, submission_id: int, file_id: int) -> SubmissionFile:
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    try:
        return submission.files.get(pk=file_id)
    except SubmissionFile.DoesNotExist as exc:
        raise Http404("No such file.") from exc


def submission_is_writer(*, user: User, submission: Submission) -> bool:
    """Whether the user may change the submission (owner or collaborator); curators only read it."""
    return submission.owner_id == user.pk or submission.collaborators.filter(pk=user.pk).exists()


def submission_get_for_writer(*, user: User, submission_id: int) -> Submission:
    """For changes: the owner and collaborators. Curators see the submission but do not edit it (403);
    anyone else gets the same 404 as for a submission that does not exist."""
    submission = submission_get_for_user(user=user, submission_id=submission_id)
    if not submission_is_writer(user=user, submission=submission):
        raise PermissionDenied("Curators review submissions; only the owner and collaborators change them.")
    return submission
