"""A validation run's states and moves. FINISHED means the engine read everything (findings or not);
FAILED means the run could not complete (the worker was lost too often, or the engine broke)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    FINISHED = "finished", "Finished"
    FAILED = "failed", "Failed"


ALLOWED: Final[Mapping[RunStatus, frozenset[RunStatus]]] = {
    RunStatus.QUEUED: frozenset({RunStatus.RUNNING, RunStatus.FAILED}),
    # RUNNING -> RUNNING is a reclaim after the previous worker's lease ran out.
    RunStatus.RUNNING: frozenset({RunStatus.RUNNING, RunStatus.FINISHED, RunStatus.FAILED}),
    RunStatus.FINISHED: frozenset(),
    RunStatus.FAILED: frozenset(),
}
FINAL: Final = frozenset({RunStatus.FINISHED, RunStatus.FAILED})
