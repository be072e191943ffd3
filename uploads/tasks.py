"""Celery tasks for uploads: thin, named, idempotent."""

from __future__ import annotations

import uuid

from celery import shared_task
from django.db import InterfaceError, OperationalError

from uploads.services import UPLOAD_FINALIZE_TASK, upload_finalize, uploads_reap


@shared_task(
    name=UPLOAD_FINALIZE_TASK,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=5,
)
def upload_finalize_task(upload_id: str) -> None:
    upload_finalize(upload_id=uuid.UUID(upload_id))


@shared_task(name="uploads.reap", acks_late=True)
def uploads_reap_task() -> dict[str, int]:
    return uploads_reap()
