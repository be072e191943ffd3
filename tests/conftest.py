"""Root of the test tree: personas, factories and the real Celery worker come from tests/fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

pytest_plugins = [
    "tests.fixtures.users",
    "tests.fixtures.bioprojects",
    "tests.fixtures.submissions",
    "tests.fixtures.worker",
]


def pytest_report_header(config: pytest.Config) -> list[str]:
    database = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    broker = "Redis" if os.environ.get("CELERY_BROKER_URL", "").startswith("redis") else "filesystem"
    return [f"portal backends: database={database} broker={broker}"]


@pytest.fixture(autouse=True)
def _fresh_rate_counts() -> Iterator[None]:
    """Each test starts with no throttle or sign-in failure counts: only this run's keys go (other runs on the
    same Redis keep theirs; FLUSHDB would also drop the broker's queues)."""
    yield
    from django.conf import settings

    cache = settings.CACHES["default"]
    if cache["BACKEND"].endswith("RedisCache"):
        import redis

        client = redis.Redis.from_url(cache["LOCATION"])
        keys = list(client.scan_iter(match=f"{cache['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()
    else:
        from django.core.cache import caches

        caches["default"].clear()
