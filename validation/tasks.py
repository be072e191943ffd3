"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from validation.services import (
    VALIDATION_RUN_TASK,
    validation_run_enqueue,
    validation_run_fail,
    validation_runs_reap,
)
from validation.spread import (
    VALIDATION_CHUNK_TASK,
    VALIDATION_MERGE_TASK,
    validation_chunk_execute,
    validation_run_dispatch,
    validation_run_merge,
)

log = logging.getLogger(__name__)


@shared_task(
    name=VALIDATION_RUN_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def validation_run_task(run_id: int) -> None:
    try:
        retry_after = validation_run_dispatch(run_id=run_id)
        if retry_after is not None:
            # Another worker holds the run; look again when its lease would have run out.
            validation_run_enqueue(run_id, countdown=retry_after)
    except SoftTimeLimitExceeded:
        validation_run_fail(run_id=run_id, attempt=None, reason="Validation took longer than the time limit.")
    except (OperationalError, InterfaceError):
        raise  # infrastructure: retried by Celery
    except Exception:
        # A bug in the engine must not leave the run hanging, nor be blamed on the submitter's files.
        log.exception("run %s: unexpected error", run_id)
        validation_run_fail(
            run_id=run_id,
            attempt=None,
            reason="An internal error stopped validation; the team has been told.",
        )


@shared_task(
    name=VALIDATION_CHUNK_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def validation_chunk_task(self: Task[Any, Any], run_id: int, attempt: int, index: int) -> None:
    # A chunk that raises is recorded as failed by the engine itself; what reaches here is infrastructure.
    validation_chunk_execute(run_id=run_id, attempt=attempt, index=index, worker=self.request.hostname or "")


@shared_task(
    name=VALIDATION_MERGE_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def validation_merge_task(run_id: int, attempt: int) -> None:
    try:
        validation_run_merge(run_id=run_id, attempt=attempt)
    except (OperationalError, InterfaceError):
        raise
    except Exception:
        log.exception("run %s: merge of attempt %s failed", run_id, attempt)
        validation_run_fail(
            run_id=run_id,
            attempt=attempt,
            reason="An internal error stopped validation; the team has been told.",
        )


@shared_task(name="validation.reap_stale_runs", acks_late=True)
def validation_reap_stale_runs_task() -> dict[str, int]:
    return validation_runs_reap()
