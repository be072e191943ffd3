"""A submission's life: the states and the one table of moves between them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    VALIDATING = "validating", "Being validated"
    NEEDS_FIX = "needs_fix", "Needs fixes"
    IN_REVIEW = "in_review", "In curator review"
    APPROVED = "approved", "Approved"
    RELEASED = "released", "Released"
    # A curator's final no: the submission cannot be fixed into shape (a new submission starts over).
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


ALLOWED: Final[Mapping[Status, frozenset[Status]]] = {
    Status.DRAFT: frozenset({Status.VALIDATING, Status.WITHDRAWN}),
    Status.VALIDATING: frozenset({Status.IN_REVIEW, Status.NEEDS_FIX}),
    Status.NEEDS_FIX: frozenset({Status.VALIDATING, Status.WITHDRAWN}),
    Status.IN_REVIEW: frozenset({Status.APPROVED, Status.NEEDS_FIX, Status.REJECTED, Status.WITHDRAWN}),
    Status.APPROVED: frozenset({Status.RELEASED}),
    Status.RELEASED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.WITHDRAWN: frozenset(),
}

# Files may change only while the submitter holds the pen.
EDITABLE: Final = frozenset({Status.DRAFT, Status.NEEDS_FIX})
FINAL: Final = frozenset({Status.RELEASED, Status.REJECTED, Status.WITHDRAWN})
