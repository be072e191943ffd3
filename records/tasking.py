"""Task names and the one place that sends them (services send by name; only tasks.py imports services)."""

from __future__ import annotations

from celery import current_app
from django.conf import settings

PUBLISH_TASK = "records.publish"
BLAST_BUILD_TASK = "records.blast_build"
BLAST_SEARCH_TASK = "records.blast_search"
RELEASE_BUILD_TASK = "records.release_build"


def send(name: str, *args: object) -> None:
    current_app.send_task(name, args=list(args), queue=settings.CELERY_TASK_DEFAULT_QUEUE)
