"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from accessions.outputs import approved_outputs_build, approved_outputs_fail, approved_outputs_reap
from accessions.release import release_notices_send, submissions_release_due
from accessions.services import (
    APPROVED_OUTPUTS_BUILD_TASK,
    APPROVED_OUTPUTS_REAP_TASK,
    RELEASE_DUE_TASK,
    RELEASE_NOTICES_TASK,
)

log = logging.getLogger(__name__)


@shared_task(
    name=APPROVED_OUTPUTS_BUILD_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def approved_outputs_build_task(record_id: int) -> None:
    try:
        approved_outputs_build(record_id=record_id)
    except SoftTimeLimitExceeded:
        approved_outputs_fail(record_id=record_id, reason="Building the approved files took too long.")
    except (OperationalError, InterfaceError):
        raise  # infrastructure: retried by Celery
    except Exception:
        log.exception("approved record %s: unexpected error", record_id)
        approved_outputs_fail(record_id=record_id, reason="An internal error stopped the build.")


@shared_task(name=APPROVED_OUTPUTS_REAP_TASK, acks_late=True)
def approved_outputs_reap_task() -> int:
    return approved_outputs_reap()


@shared_task(name=RELEASE_DUE_TASK, acks_late=True)
def release_due_task() -> list[int]:
    return submissions_release_due()


@shared_task(name=RELEASE_NOTICES_TASK, acks_late=True)
def release_notices_task() -> int:
    return release_notices_send()
