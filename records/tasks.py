"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from records import tasking
from records.publish import publication_run, publications_enqueue

INFRA = (OperationalError, InterfaceError)  # retried by Celery; anything else is the service's to record


@shared_task(name="records.discover", acks_late=True)
def publications_discover_task() -> list[int]:
    return publications_enqueue()


@shared_task(
    name=tasking.PUBLISH_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=INFRA,
    retry_backoff=True,
    max_retries=5,
)
def publication_run_task(publication_id: int) -> bool:
    return publication_run(publication_id=publication_id)
