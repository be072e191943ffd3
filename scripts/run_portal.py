"""`make run`: migrate, create demo accounts and a demo submission, then run web, worker and beat together.

With no environment set this is the embedded default (SQLite and Celery's filesystem broker under ./var);
DATABASE_URL and CELERY_BROKER_URL switch it to PostgreSQL and Redis. Ctrl-C stops all three.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HOST = os.environ.get("PORTAL_HOST", "127.0.0.1")
PORT = os.environ.get("PORTAL_PORT", "8000")


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, check=True)


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    os.environ.setdefault("PORTAL_SITE_URL", f"http://{HOST}:{PORT}")
    (ROOT / "var").mkdir(exist_ok=True)
    manage("migrate", "--no-input")
    manage("demo_setup")
    celery = [PY, "-m", "celery", "-A", "portal"]
    procs = {
        "web": subprocess.Popen([PY, "manage.py", "runserver", f"{HOST}:{PORT}", "--noreload"], cwd=ROOT),
        "worker": subprocess.Popen([*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"], cwd=ROOT),
        "beat": subprocess.Popen([*celery, "beat", "--loglevel", "INFO"], cwd=ROOT),
    }
    url = f"http://{HOST}:{PORT}/"
    for _ in range(60):
        try:
            urllib.request.urlopen(url + "healthz", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    print(
        f"\n  Genome Submission Portal is running at {url}  (Ctrl-C stops web, worker and beat)\n", flush=True
    )

    def stop(*_: object) -> None:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()

    def on_term(*_: object) -> None:
        stop()
        sys.exit(0)

    signal.signal(signal.SIGTERM, on_term)
    try:
        while all(proc.poll() is None for proc in procs.values()):
            time.sleep(1)
        dead = [name for name, proc in procs.items() if proc.poll() is not None]
        print(f"{', '.join(dead)} stopped; stopping the rest.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stop()


if __name__ == "__main__":
    sys.exit(main())
