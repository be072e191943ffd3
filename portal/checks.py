"""Start-up checks: configuration that would fail later, said at once."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Info, register


@register()
def celery_timing_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    messages: list[CheckMessage] = []
    if settings.CELERY_TASK_SOFT_TIME_LIMIT >= settings.CELERY_TASK_TIME_LIMIT:
        messages.append(
            Error(
                "CELERY_TASK_SOFT_TIME_LIMIT must be below CELERY_TASK_TIME_LIMIT",
                hint="The soft limit lets a run record its failure before the hard limit kills it.",
                id="portal.E001",
            )
        )
    if settings.VALIDATION_LEASE_SECONDS < 10:
        messages.append(
            Error(
                "VALIDATION_LEASE_SECONDS is below 10 s",
                hint="Runs renew the lease every few seconds.",
                id="portal.E002",
            )
        )
    return messages


@register()
def ncbi_tools_check(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    if shutil.which("asnval") is None:
        return [
            Info(
                "NCBI's asnval is not installed; oracle comparisons are unavailable.",
                hint="apt-get install ncbi-tools-bin",
                id="portal.I001",
            )
        ]
    return []
