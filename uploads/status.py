"""An upload's life: bytes arrive, then the whole file is assembled, hashed and checked, then it is a file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models


class UploadStatus(models.TextChoices):
    RECEIVING = "receiving", "Receiving"
    ASSEMBLING = "assembling", "Checking"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


ALLOWED: Final[Mapping[UploadStatus, frozenset[UploadStatus]]] = {
    UploadStatus.RECEIVING: frozenset({UploadStatus.ASSEMBLING, UploadStatus.CANCELLED}),
    # ASSEMBLING -> ASSEMBLING: a retried finalisation after a lost worker.
    UploadStatus.ASSEMBLING: frozenset({UploadStatus.ASSEMBLING, UploadStatus.DONE, UploadStatus.FAILED}),
    UploadStatus.DONE: frozenset(),
    UploadStatus.FAILED: frozenset(),
    UploadStatus.CANCELLED: frozenset(),
}
FINAL: Final = frozenset({UploadStatus.DONE, UploadStatus.FAILED, UploadStatus.CANCELLED})
