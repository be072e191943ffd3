"""The REST API under load: many clients at once against gunicorn + PostgreSQL + Redis on loopback.

    .venv/bin/python bench/bench_api.py [--clients 1,10,50] [--seconds 40] [--workers 4] [--repo DIR]

Makes a database of its own (``portal_bench_api``) on the PostgreSQL at 127.0.0.1:5432, migrates it under
production settings and seeds it: 10 owners with 2 submissions each (20; a FASTA and an .sbt in each), of
which 6 were validated (a finished run with a 160 KB overview, a summary and 7 outputs; three of them with
1,362 findings, the others 60). 50 client accounts, each with a token, each a
curator (so it reads all 20) and a collaborator on two of the 14 drafts (so it may upload to them). Then it starts gunicorn (``--workers`` sync workers, production settings, DEBUG off, the cache and
throttle counts in Redis) and, for each number of clients, runs that many clients for ``--seconds``.

A client is one account with its own token (throttles count per user: 600/min each, far above what one
client asks here). All clients come from 127.0.0.1, so the per-address throttle (120/min, which would stop
a load from one address in seconds) is raised for the bench through ``PORTAL_ANON_RATE``; nothing else is
changed. Each client repeats: think 0.5-1.5 s (uniform), then one of
  list its submissions (3), read one submission (2), poll a submission's runs (3), read a run (its report's
  summary) and its outputs (2), read a page of a run's findings (2), upload a 2 KB file to a draft (1)
(weights in brackets). Every answer other than 2xx counts as an error.

Prints, per level: requests, requests/s, errors, latency p50 / p95 / p99 and max (ms), and p95 per kind.
``--repo`` runs another checkout's code (e.g. a worktree of an older commit) with this same scenario.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DB_NAME = "portal_bench_api"
CLIENTS = 50
SBT = b"""Submit-block ::= {
  contact { contact { name name { last "Doe", first "Jane" }, affil std { affil "Example University",
    city "Utrecht", country "Netherlands", email "jane@example.org" } } },
  cit { authors { names std { { name name { last "Doe", first "Jane" } } },
    affil std { affil "Example University", city "Utrecht", country "Netherlands" } } } }
"""
WEIGHTS = {"list": 3, "detail": 2, "runs": 3, "report": 2, "findings": 2, "upload": 1}


def seed() -> None:
    """Runs in a child with Django set up (``--seed``); prints the plan the clients follow as JSON."""
    import io

    import django

    django.setup()
    from django.core.files.base import ContentFile
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from accounts.roles import user_make_curator
    from submissions.metadata import submission_collaborator_add
    from submissions.models import Submission
    from submissions.services import submission_create, submission_file_add
    from validation.models import RunArtifact, RunFinding, ValidationRun
    from validation.status import RunStatus

    rng = random.Random(5)
    owners = [User.objects.create_user(f"owner{i}", f"owner{i}@example.org", "x") for i in range(10)]
    clients = [User.objects.create_user(f"client{i}", f"client{i}@example.org", "x") for i in range(CLIENTS)]
    submissions: list[Submission] = []
    for i in range(20):
        owner = owners[i // 2]
        submission = submission_create(owner=owner, title=f"Genome {i}", organism="Saccharomyces cerevisiae")
        fasta = b">contig1 [organism=Saccharomyces cerevisiae]\n" + b"ACGT" * 2000 + b"\n"
        submission_file_add(submission=submission, by=owner, name="genome.fsa", content=io.BytesIO(fasta))
        submission_file_add(submission=submission, by=owner, name="template.sbt", content=io.BytesIO(SBT))
        submissions.append(submission)
    # Each client reads every submission as a curator (the list shows all 20) and may write to two drafts as
    # a collaborator (it uploads to them); each draft gets about seven collaborators.
    for i, client in enumerate(clients):
        user_make_curator(user=client)
        for draft in {submissions[6 + i % 14], submissions[6 + (i + 7) % 14]}:
            submission_collaborator_add(submission=draft, by=draft.owner, who=client.username)
    runs: list[dict[str, int]] = []
    problems: list[list[list[Any]]]
    for n, submission in enumerate(submissions[:6]):
        count = 1362 if n < 3 else 60
        problems = [[] for _ in range(16)]
        for k in range(count):
            problems[k % 16].append([k * 7 + 1, k * 7 + 90, "WARNING", "SEQ.Short", "g.tbl", k])
        sequences = [
            {
                "id": f"contig{s}",
                "length": 2_000_000,
                "features": [[k * 1000 + 1, k * 1000 + 900, "gene"] for k in range(300)],
                "problems": problems[s],
            }
            for s in range(16)
        ]
        run = ValidationRun.objects.create(
            submission=submission,
            requested_by=submission.owner,
            status=RunStatus.FINISHED,
            progress=100,
            summary={"errors": 0, "warnings": count, "by_code": {"SEQ.Short": count}},
            overview={"sequences": sequences, "more": 0},
        )
        RunFinding.objects.bulk_create(
            RunFinding(
                run=run,
                code=rng.choice(["SEQ.Short", "FEAT.NoProduct", "TBL.BadLocation"]),
                severity="WARNING",
                severity_level=1,
                message="A finding as the engine words it, with its place and what to do about it.",
                fix="Fix the line the finding names.",
                file="genome.tbl",
                line=k + 1,
                seq_id=f"contig{k % 16}",
            )
            for k in range(count)
        )
        for name in (
            "genome.sqn",
            "genome.gbf",
            "genome.val",
            "errorsummary.val",
            "discrepancy.txt",
            "a",
            "b",
        ):
            artifact = RunArtifact(run=run, name=name, size=100)
            artifact.stored.save(name, ContentFile(b"x" * 100), save=False)
            artifact.save()
        Submission.objects.filter(pk=submission.pk).update(status="in_review")
        runs.append({"submission": submission.pk, "run": run.pk, "findings": count})
    tokens = [Token.objects.create(user=c).key for c in clients]
    plan = {
        "tokens": tokens,
        "submissions": [s.pk for s in submissions],
        "drafts": [[submissions[6 + i % 14].pk, submissions[6 + (i + 7) % 14].pk] for i in range(CLIENTS)],
        "runs": runs,
    }
    print("PLAN " + json.dumps(plan))


async def request(port: int, method: str, path: str, token: str, body: bytes = b"", ctype: str = "") -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token {token}\r\nConnection: close\r\n"
    if body:
        head += f"Content-Type: {ctype}\r\nContent-Length: {len(body)}\r\n"
    writer.write(head.encode() + b"\r\n" + body)
    await writer.drain()
    data = await reader.read()
    writer.close()
    try:
        return int(data.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return 0


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


async def client(
    number: int, port: int, plan: dict[str, Any], until: float, results: list[tuple[str, float, int]]
) -> None:
    rng = random.Random(number)
    token = plan["tokens"][number]
    kinds = [k for k, w in WEIGHTS.items() for _ in range(w)]
    table = b">Feature contig1\n1\t900\tgene\n\t\t\tgene\tabcA\n" * 40
    while True:
        await asyncio.sleep(rng.uniform(0.5, 1.5))
        if time.monotonic() >= until:
            return
        kind = rng.choice(kinds)
        sid = rng.choice(plan["submissions"])
        run = rng.choice(plan["runs"])
        base = f"/api/v1/submissions/{run['submission']}/runs/{run['run']}/"
        started = time.perf_counter()
        try:
            if kind == "list":
                status = await request(port, "GET", "/api/v1/submissions/", token)
            elif kind == "detail":
                status = await request(port, "GET", f"/api/v1/submissions/{sid}/", token)
            elif kind == "runs":
                status = await request(port, "GET", f"/api/v1/submissions/{run['submission']}/runs/", token)
            elif kind == "report":
                status = await request(port, "GET", base, token)
                if status == 200:
                    status = await request(port, "GET", base + "artifacts/", token)
            elif kind == "findings":
                page = rng.randint(1, -(-run["findings"] // 50))
                status = await request(port, "GET", f"{base}findings/?page={page}&page_size=50", token)
            else:
                body, ctype = multipart(f"client{number}.tbl", table)
                draft = rng.choice(plan["drafts"][number])
                status = await request(
                    port, "POST", f"/api/v1/submissions/{draft}/files/", token, body, ctype
                )
        except OSError:
            status = 0
        results.append((kind, time.perf_counter() - started, status))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) of gunicorn's workers so far (the children of ``pid``)."""
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    for child in children:
        try:
            fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def level(port: int, plan: dict[str, Any], clients: int, seconds: float, server: int) -> None:
    results: list[tuple[str, float, int]] = []
    cpu_before = server_cpu(server)

    async def main() -> None:
        until = time.monotonic() + seconds
        await asyncio.gather(*(client(i, port, plan, until, results) for i in range(clients)))

    started = time.perf_counter()
    asyncio.run(main())
    elapsed = time.perf_counter() - started
    cpu = server_cpu(server) - cpu_before
    times = [t * 1000 for _, t, _ in results]
    errors = sum(1 for _, _, s in results if not 200 <= s < 300)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, t, _ in results:
        by_kind[kind].append(t * 1000)
    kinds = ", ".join(f"{k} {percentile(v, 95):.0f}" for k, v in sorted(by_kind.items()))
    print(
        f"{clients:3d} clients: {len(results)} requests in {elapsed:.0f} s, {len(results) / elapsed:.1f}/s, "
        f"{errors} errors; ms p50 {statistics.median(times):.0f}, p95 {percentile(times, 95):.0f}, "
        f"p99 {percentile(times, 99):.0f}, max {max(times):.0f}; server CPU {cpu * 1000 / len(results):.0f} ms "
        f"per request; p95 by kind (ms): {kinds}; "
        f"load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--clients", default="1,10,50")
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repo", type=Path, default=REPO, help="the checkout whose code is measured")
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-bench-api"))
    parser.add_argument("--seed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed:
        sys.path.insert(0, os.getcwd())
        seed()
        return 0
    import psycopg

    args.work.mkdir(parents=True, exist_ok=True)
    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB_NAME}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "PORTAL_TASK_QUEUE": f"bench-api-{os.getpid()}",  # its own queue and cache keys
        "PORTAL_VAR_DIR": str(args.work),
        "PORTAL_MEDIA_ROOT": str(args.work / "media"),
        "DJANGO_STATIC_ROOT": str(args.work / "static"),
        "PORTAL_ANON_RATE": "1000000/minute",  # one address for every client: see the docstring
    }
    for name in ("PORTAL_TEST_DB_NAME",):
        env.pop(name, None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=args.repo, env=env, check=True)
    out = subprocess.run(
        [python, str(Path(__file__).resolve()), "--seed"],
        cwd=args.repo,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    plan = json.loads(out.split("PLAN ", 1)[1])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    gunicorn = ["--workers", str(args.workers), "--timeout", "120", "--log-level", "warning"]
    server = subprocess.Popen(
        [python, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}", *gunicorn],
        cwd=args.repo,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        # Warm every worker (imports, connections) before anything is timed.
        level(port, plan, min(10, CLIENTS), 5, server.pid)
        print(
            f"code: {args.repo} at {subprocess.run(['git', 'rev-parse', '--short', 'HEAD'], cwd=args.repo, capture_output=True, text=True).stdout.strip()}; {args.workers} gunicorn sync workers; the line above is the warm-up"
        )
        for clients in (int(c) for c in args.clients.split(",")):
            level(port, plan, clients, args.seconds, server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
