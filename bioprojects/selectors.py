"""Owner-scoped reads of BioProjects: the owner and curators see one; anyone else gets 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import user_can_review
from bioprojects.models import BioProject, LocusTagPrefix


def bioproject_list_for_user(*, user: User) -> QuerySet[BioProject]:
    if not user.is_authenticated:
        return BioProject.objects.none()
    qs = BioProject.objects.select_related("owner").prefetch_related("locus_tag_prefixes")
    return qs if user_can_review(user) else qs.filter(owner=user)


def bioproject_get_for_user(*, user: User, bioproject_id: int) -> BioProject:
    try:
        return bioproject_list_for_user(user=user).get(pk=bioproject_id)
    except BioProject.DoesNotExist as exc:
        raise Http404("No such BioProject.") from exc


def bioproject_owned_by(*, user: User, bioproject_id: int) -> BioProject:
    """For writes: only the owner's own projects (anyone else, curators included, gets 404)."""
    try:
        return BioProject.objects.get(pk=bioproject_id, owner=user)
    except BioProject.DoesNotExist as exc:
        raise Http404("No such BioProject.") from exc


def locus_tag_prefix_list_for_user(*, user: User) -> QuerySet[LocusTagPrefix]:
    if not user.is_authenticated:
        return LocusTagPrefix.objects.none()
    qs = LocusTagPrefix.objects.select_related("bioproject")
    return qs if user_can_review(user) else qs.filter(bioproject__owner=user)
