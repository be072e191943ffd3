"""Celery tasks: thin, named, idempotent. They fetch by id and call a service."""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from records import tasking
from records.blast import blast_database_stale, blast_databases_build, blast_job_run
from records.publish import publication_run, publications_enqueue
from records.releases import release_build

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


@shared_task(name=tasking.BLAST_BUILD_TASK, acks_late=True, autoretry_for=INFRA, max_retries=3)
def blast_databases_build_task() -> int | None:
    generation = blast_databases_build()
    return generation.generation if generation else None


@shared_task(name="records.blast_refresh", acks_late=True)
def blast_databases_refresh_task() -> int | None:
    """The beat's backstop: rebuild when records changed since the current generation (a lost message)."""
    if not blast_database_stale():
        return None
    generation = blast_databases_build()
    return generation.generation if generation else None


@shared_task(
    name=tasking.BLAST_SEARCH_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=INFRA,
    retry_backoff=True,
    max_retries=5,
)
def blast_job_run_task(job_id: str) -> bool:
    return blast_job_run(job_id=job_id)


@shared_task(name=tasking.RELEASE_BUILD_TASK, acks_late=True)
def release_build_task() -> int | None:
    release = release_build()
    return release.number if release else None
