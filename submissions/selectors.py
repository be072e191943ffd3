"""Owner-scoped reads. Views never fetch a submission by a request's id any other way.

Someone who may not see a submission gets 404, not 403: a 403 would confirm that it exists.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import user_can_review
from submissions.models import ReleaseChange, Submission, SubmissionFile


def submission_list_for_user(*, user: User) -> QuerySet[Submission]:
    if not user.is_authenticated:
        return Submission.objects.none()
    qs = Submission.objects.select_related("owner")
    if user_can_review(user):
        return qs
    return qs.filter(Q(owner=user) | Q(collaborators=user)).distinct()


def submission_with_relations(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """What a submission's API answer shows, fetched in a fixed number of queries however many rows: its
    project and prefix joined, files, collaborators, release history (with who changed it) and the latest
    run (as ``latest_runs``, a list of at most one) prefetched.

    The run is validation's: it is reached through the ``runs`` relation, without importing validation, and
    its ``overview`` (the report's picture, the largest column by far) and ``inputs`` are not loaded."""
    runs = Submission._meta.get_field("runs").related_model._default_manager.defer("overview", "inputs")  # type: ignore[union-attr]
    return qs.select_related("owner", "bioproject", "locus_tag_prefix").prefetch_related(
        "files",
        "collaborators",
        Prefetch("release_changes", queryset=ReleaseChange.objects.select_related("changed_by")),
        Prefetch("runs", queryset=runs.order_by("-pk")[:1], to_attr="latest_runs"),
    )


def submission_get_for_user(
    *,
    user: User,
    submission_id: int,
    shape: Callable[[QuerySet[Submission]], QuerySet[Submission]] | None = None,
) -> Submission:
    """``shape``: what to fetch along (e.g. ``submission_with_relations``)."""
    qs = submission_list_for_user(user=user)
    try:
        return (shape(qs) if shape else qs).get(pk=submission_id)
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
