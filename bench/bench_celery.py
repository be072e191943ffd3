"""One genome over 1 and 2 Celery workers: the portal's whole validation run, wall time side by side.

    .venv/bin/python bench/bench_celery.py [--set s120m] [--workers 1,2] [--work /tmp/portal-bench]
                                          [--skip-tbl2asn]

Uses PostgreSQL (database ``portal_bench``, created if missing) and Redis at 127.0.0.1 when they answer,
else SQLite and the filesystem broker under --work. For each worker count it starts that many
``celery worker --concurrency 1`` processes on a queue of its own, uploads the generated genome into a fresh
submission through the portal's services, starts a run and times it from the start to the run's end (the
cut, every chunk, the merge, and storing findings and outputs). Runs whose FASTA reaches
``VALIDATION_SPREAD_BYTES`` (set to 1 here) are spread over the workers chunk by chunk; the table shows how
many chunks each worker took. tbl2asn on the same input (``-a s -V vb -Z``) is timed beside it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from genomes import DEFAULT_TEMPLATE, REPO, generate


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings.dev"
    env["PORTAL_VAR_DIR"] = str(work / "var")
    env["PORTAL_TASK_QUEUE"] = f"bench-{uuid.uuid4().hex[:6]}"
    env["VALIDATION_SPREAD_BYTES"] = "1"
    env["VALIDATION_LEASE_SECONDS"] = "600"
    if _answers(5432):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", "portal_bench"], capture_output=True)
        env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/portal_bench"
    if _answers(6379):
        env["CELERY_BROKER_URL"] = "redis://127.0.0.1:6379/14"
    return env


def _start_workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for number in range(count):
        log = (logs / f"worker-{count}-{number}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool", "prefork",
                 "--concurrency", "1", "-Q", env["PORTAL_TASK_QUEUE"], "--without-gossip", "--without-mingle",
                 "-n", f"bench{number}-{uuid.uuid4().hex[:4]}@%h", "--loglevel", "WARNING"],
                cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        )  # fmt: skip
    time.sleep(6)  # the workers connect and subscribe
    return workers


def _stop(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        os.killpg(worker.pid, 15)
    for worker in workers:
        worker.wait(timeout=60)


def _portal_run(inputs: Path, env: dict[str, str]) -> dict[str, Any]:
    """In this process, with the portal's settings: a submission with the genome, one run, timed."""
    os.environ.update(env)
    import django

    django.setup()
    from accounts.models import User
    from submissions.services import submission_create, submission_file_add
    from validation.models import ValidationRun
    from validation.services import validation_run_start
    from validation.status import RunStatus

    user, _ = User.objects.get_or_create(username="bench", defaults={"email": "bench@example.org"})
    submission = submission_create(owner=user, title="bench genome", organism="Saccharomyces cerevisiae")
    for path in sorted(inputs.iterdir()):
        with path.open("rb") as handle:
            submission_file_add(submission=submission, by=user, name=path.name, content=handle)
    started = time.perf_counter()
    run = validation_run_start(submission=submission, by=user, submit=False)
    while True:
        run = ValidationRun.objects.get(pk=run.pk)
        if run.status in (RunStatus.FINISHED, RunStatus.FAILED):
            break
        time.sleep(0.2)
    wall = time.perf_counter() - started
    stats = run.summary.get("stats", {}) if run.status == RunStatus.FINISHED else {}
    return {"wall": wall, "status": run.status, "failure": run.failure, "spread": stats.get("spread", {})}


def _tbl2asn(inputs: Path, out: Path) -> float:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(
        ["tbl2asn", "-p", str(inputs), "-r", str(out), "-t", str(DEFAULT_TEMPLATE), "-a", "s", "-V", "vb",
         "-Z", str(out / "discrep.txt")],
        capture_output=True, check=False,
    )  # fmt: skip
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="s120m")
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--work", default="/tmp/portal-bench")
    parser.add_argument("--skip-tbl2asn", action="store_true")
    args = parser.parse_args()
    work = Path(args.work)
    inputs = generate(work, args.set)
    env = _environment(work / f"celery-{args.set}")
    Path(env["PORTAL_VAR_DIR"]).mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
    rows: list[tuple[str, float, str]] = []
    if not args.skip_tbl2asn and shutil.which("tbl2asn"):
        rows.append(("tbl2asn 25.3", _tbl2asn(inputs, work / f"celery-{args.set}" / "tbl2asn"), ""))
    for count in [int(n) for n in args.workers.split(",")]:
        workers = _start_workers(count, env, work / f"celery-{args.set}")
        try:
            # Each measurement in a child of its own: Django is set up once per process.
            probe = subprocess.run(
                [sys.executable, "-c", f"import sys, json; sys.path.insert(0, {str(REPO / 'bench')!r}); "
                 f"sys.path.insert(0, {str(REPO)!r}); import bench_celery as b; from pathlib import Path; "
                 f"print(json.dumps(b._portal_run(Path({str(inputs)!r}), {env!r})))"],
                cwd=REPO, env=env, capture_output=True, text=True, check=True,
            )  # fmt: skip
        finally:
            _stop(workers)
        import json

        result = json.loads(probe.stdout.strip().splitlines()[-1])
        taken = ", ".join(f"{n}" for n in sorted(result["spread"].get("workers", {}).values(), reverse=True))
        note = f"{result['status']}; {result['spread'].get('chunks', 0)} chunks, per worker: {taken}"
        rows.append((f"ours, {count} Celery worker{'s' if count > 1 else ''}", result["wall"], note))
    base = rows[0][1] if rows and rows[0][0].startswith("tbl2asn") else None
    print(f"\n{args.set}: whole validation run, wall seconds (2-core machine)")
    print(f"{'':28} {'wall s':>8} {'vs tbl2asn':>11}  notes")
    for name, wall, note in rows:
        ratio = f"{wall / base:.2f}x" if base else "-"
        print(f"{name:28} {wall:8.1f} {ratio:>11}  {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
