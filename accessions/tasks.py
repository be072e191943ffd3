"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import InterfaceError, OperationalError

from accessions.services import approved_outputs_build, approved_outputs_fail, approved_outputs_reap

log = logging.getLogger(__name__)


@shared_task(
    name="accessions.build_outputs",
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


@shared_task(name="accessions.reap_outputs", acks_late=True)
def approved_outputs_reap_task() -> int:
    return approved_outputs_reap()


@shared_task(name="accessions.release_due", acks_late=True)
def release_due_task() -> list[int]:
    from accessions.release import submissions_release_due

    return submissions_release_due()


@shared_task(name="accessions.release_notices", acks_late=True)
def release_notices_task() -> int:
    from accessions.release import release_notices_send

    return release_notices_send()
