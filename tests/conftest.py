"""Root of the test tree: personas, factories and the real Celery worker come from tests/fixtures."""

from __future__ import annotations

import os

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
