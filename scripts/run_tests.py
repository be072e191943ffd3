"""`make test`: run the whole suite on the real services when they are reachable, and say which were used.

PostgreSQL (127.0.0.1:5432, user postgres) and Redis (127.0.0.1:6379) are used when they answer; otherwise the
suite falls back to SQLite and the filesystem broker. PORTAL_REQUIRE_SERVICES=1 (CI) makes a missing service an
error instead of a fallback.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def main(argv: list[str]) -> int:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    require = env.get("PORTAL_REQUIRE_SERVICES") == "1"
    if "DATABASE_URL" not in env and reachable("127.0.0.1", 5432):
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/postgres"
    if "CELERY_BROKER_URL" not in env and reachable("127.0.0.1", 6379):
        env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/15"
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    broker = "Redis" if env.get("CELERY_BROKER_URL", "").startswith("redis") else "filesystem"
    print(f"Test backends: database={database} broker={broker}", flush=True)
    if require and (database != "PostgreSQL" or broker != "Redis"):
        print("PORTAL_REQUIRE_SERVICES=1 but PostgreSQL or Redis is not reachable.", file=sys.stderr)
        return 2
    # A queue of our own, so a developer's running worker never takes the tests' messages (or the reverse).
    run_id = uuid.uuid4().hex[:8]
    env.setdefault("PORTAL_TASK_QUEUE", f"test-{run_id}")
    # Two test runs on one machine (a developer's and CI's) must not share, or drop, each other's database.
    env.setdefault("PORTAL_TEST_DB_NAME", f"test_portal_{run_id}")
    env.setdefault("PORTAL_VAR_DIR", str(ROOT / "var" / "test"))
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "pytest", *argv], cwd=ROOT, env=env)
    print(f"Test backends used: database={database} broker={broker}", flush=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
