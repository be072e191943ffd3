"""Infrastructure faults in the middle of a run, on real processes:

* the broker (a Redis server of the test's own) restarts, empty, while a worker runs the run: the run finishes
  exactly once, and the worker goes on taking work from the restarted Redis;
* PostgreSQL drops the worker's connection (``pg_terminate_backend``) while it runs: the task's retry finds
  the run still leased, waits the lease out, reclaims it (attempt 2) and finishes it.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from celery import current_app
from django.conf import settings as django_settings
from django.db import connection

from accounts.models import User
from submissions.models import Submission, SubmissionEvent
from tests.fixtures.worker import WorkerProcess, wait_for
from validation.models import ValidationRun
from validation.services import VALIDATION_RUN_TASK, validation_run_start
from validation.status import RunStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker, pytest.mark.slow]

# A short lease, so a run whose worker lost its database is reclaimed in seconds, and one-task runs. Progress
# written every 0.1 s: the tests strike when the engine is seen past its start, and the run lasts about 2 s.
FAST_RECOVERY = {
    "VALIDATION_LEASE_SECONDS": "8",
    "VALIDATION_SPREAD_BYTES": "0",
    "VALIDATION_PROGRESS_MS": "100",
}
SETTLED = (RunStatus.FINISHED, RunStatus.FAILED)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """``redis-server`` as a process of this test's own, on a free port, with nothing kept on disk."""

    def __init__(self, log_dir: Path) -> None:
        self.port = _free_port()
        self.log_dir = log_dir
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (CI installs it)"
        log = (self.log_dir / f"redis-{self.port}.log").open("ab")
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=10, what=f"redis-server on port {self.port}")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def own_redis(worker_log_dir: Path) -> Iterator[RedisServer]:
    server = RedisServer(worker_log_dir)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def own_queue(settings: Any) -> str:
    settings.VALIDATION_QUEUE = f"{settings.CELERY_TASK_DEFAULT_QUEUE}-faults"
    return str(settings.VALIDATION_QUEUE)


def _big_submission(
    owner: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> Submission:
    # Big enough that the run takes several seconds, so the fault lands mid-run.
    return make_submission(owner, synthetic_genome(size=40_000_000, genes=1200, contigs=20, seed=7))


def _running(run: ValidationRun) -> Callable[[], bool]:
    def check() -> bool:
        run.refresh_from_db()
        return run.status == RunStatus.RUNNING and run.progress >= 5

    return check


def _settled(run: ValidationRun) -> Callable[[], ValidationRun | None]:
    def check() -> ValidationRun | None:
        run.refresh_from_db()
        return run if run.status in SETTLED else None

    return check


def _publish(url: str, run: ValidationRun, queue: str) -> None:
    """Send the run's task to the given broker (validation_run_start sent it to the suite's own Redis, on a
    queue nobody there reads)."""
    with current_app.connection_for_write(url) as conn:
        current_app.send_task(VALIDATION_RUN_TASK, args=[run.pk], queue=queue, connection=conn)


def _drop_stray_queue(queue: str) -> None:
    broker = str(django_settings.CELERY_BROKER_URL)
    if broker.startswith("redis"):
        import redis

        client = redis.Redis.from_url(broker)
        client.delete(queue)
        client.close()


def test_a_broker_restart_mid_run_finishes_the_run_exactly_once(
    own_redis: RedisServer,
    own_queue: str,
    worker_factory: Callable[..., WorkerProcess],
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> None:
    worker = worker_factory(
        PORTAL_VALIDATION_QUEUE=own_queue, CELERY_BROKER_URL=own_redis.url, **FAST_RECOVERY
    )
    worker.start()
    submission = _big_submission(submitter, make_submission, synthetic_genome)
    try:
        run = validation_run_start(submission=submission, by=submitter, submit=True)
        _publish(own_redis.url, run, own_queue)
        wait_for(_running(run), timeout=120, interval=0.05, what="the run to report progress")

        own_redis.stop()  # the broker goes away with the unacknowledged message ...
        own_redis.start()  # ... and comes back empty (no persistence)
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING, "the restart must land mid-run for this test to mean anything"

        wait_for(_settled(run), timeout=240, what="the run to finish after the broker restart")
        assert run.status == RunStatus.FINISHED, run.failure
        assert run.attempts == 1
        settled_events = SubmissionEvent.objects.filter(submission=submission, from_status="validating")
        assert settled_events.count() == 1, list(settled_events.values_list("to_status", flat=True))

        # The worker took up with the restarted Redis: a second run on it finishes too.
        small = make_submission(submitter, {"genome.fsa": b">c1 [organism=Saccharomyces cerevisiae]\nACGT\n"})
        second = validation_run_start(submission=small, by=submitter, submit=False)
        _publish(own_redis.url, second, own_queue)
        wait_for(_settled(second), timeout=120, what="a run sent after the restart to finish")
        assert second.status == RunStatus.FINISHED, second.failure
        # Nothing ran the first run again meanwhile.
        run.refresh_from_db()
        assert run.attempts == 1 and run.status == RunStatus.FINISHED
    finally:
        _drop_stray_queue(own_queue)


def test_a_lost_database_connection_mid_run_is_reclaimed_and_finishes(
    own_queue: str,
    worker_factory: Callable[..., WorkerProcess],
    submitter: User,
    make_submission: Callable[..., Submission],
    synthetic_genome: Callable[..., dict[str, bytes]],
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("pg_terminate_backend needs PostgreSQL")
    worker = worker_factory(PORTAL_VALIDATION_QUEUE=own_queue, **FAST_RECOVERY)
    worker.start()
    submission = _big_submission(submitter, make_submission, synthetic_genome)
    run = validation_run_start(submission=submission, by=submitter, submit=True)
    wait_for(_running(run), timeout=120, interval=0.05, what="the run to report progress")

    with connection.cursor() as cursor:
        # Every other session on the test database: the worker's (its main process and its pool child).
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        terminated = sum(1 for (ok,) in cursor.fetchall() if ok)
    assert terminated >= 1
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING and run.attempts == 1

    wait_for(_settled(run), timeout=300, what="the run to be reclaimed and finish")
    assert run.status == RunStatus.FINISHED, run.failure
    assert run.attempts == 2, "the worker that lost its connection must not finish the run as attempt 1"
    settled_events = SubmissionEvent.objects.filter(submission=submission, from_status="validating")
    assert settled_events.count() == 1
    assert b"OperationalError" in worker.log() or b"InterfaceError" in worker.log()
