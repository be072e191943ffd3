"""The records app's settings: each a ``RECORDS_*`` Django setting, with its default here."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def _get(name: str, default: object) -> object:
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(str(_get("RECORDS_MAX_ATTEMPTS", 3)))


def lease_seconds() -> int:
    return int(str(_get("RECORDS_LEASE_SECONDS", 1800)))


def blast_dir() -> Path:
    default = Path(str(settings.MEDIA_ROOT)) / "blastdb"
    return Path(str(_get("RECORDS_BLAST_DIR", str(default))))


def blast_keep_generations() -> int:
    return int(str(_get("RECORDS_BLAST_KEEP", 3)))


def blast_timeout() -> int:
    return int(str(_get("RECORDS_BLAST_TIMEOUT", 300)))


def blast_max_query() -> int:
    return int(str(_get("RECORDS_BLAST_MAX_QUERY", 100_000)))


def search_page_size() -> int:
    return int(str(_get("RECORDS_SEARCH_PAGE_SIZE", 20)))
