"""Roles: submitter (default), curator (the staff group that reviews), admin (superuser).

Access to other people's submissions is a permission, so it is decided in one place: curators hold
``submissions.review_submission``; nobody else does.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from accounts.models import CURATORS, SUBMITTERS, User

CURATOR_PERMISSIONS = ("submissions.review_submission",)


def roles_ensure() -> None:
    """Create the role groups and give curators their permissions (idempotent)."""
    Group.objects.get_or_create(name=SUBMITTERS)
    curators, _ = Group.objects.get_or_create(name=CURATORS)
    for dotted in CURATOR_PERMISSIONS:
        app_label, codename = dotted.split(".")
        permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
        curators.permissions.add(permission)


def user_make_curator(*, user: User) -> None:
    roles_ensure()
    user.groups.add(Group.objects.get(name=CURATORS))
    # Curators use the Django admin for staff work.
    user.is_staff = True
    user.save(update_fields=["is_staff"])


def user_can_review(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(  # type: ignore[attr-defined]
        "submissions.review_submission"
    )
