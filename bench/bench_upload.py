"""Stream a large upload through the real web stack: end-to-end rate, and the server's memory stays flat.

    .venv/bin/python bench/bench_upload.py [--size-mib 1024] [--chunk-mib 64] [--runs 3] [--work DIR]

Starts the portal under gunicorn (one sync worker, dev settings, SQLite and files under --work), creates a
user and a draft, then sends ``--size-mib`` of data over tus 1.0 in ``--chunk-mib`` PATCH requests from a
client that generates the bytes as it sends them (it holds one 1 MiB block), ``--runs`` times. The server
writes each chunk into the upload's data file and hashes it (SHA-256) as it arrives, keeping the digest's
state on the row between requests; the last PATCH makes the file a submission file (on local storage a
rename: nothing is read again). Meanwhile the gunicorn worker's resident memory (VmRSS) is sampled every
50 ms.

Prints, per run, the transfer rate (MB/s, 10^6 bytes) for all but the last PATCH, the last PATCH's time (its
bytes, then finishing the file), the end-to-end rate (first byte sent to the last response), and the worker's
RSS before, at its peak, and the peak's growth over the baseline (a server that read bodies into memory would
grow by at least one chunk; this one grows by a few 4 MiB pieces whatever the size). The file's SHA-256 as
the server computed it is checked against the client's.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


class Sampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.05)


def body(block: bytes, length: int) -> Iterator[bytes]:
    sent = 0
    while sent < length:
        piece = block[: min(len(block), length - sent)]
        sent += len(piece)
        yield piece


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--chunk-mib", type=int, default=64)
    parser.add_argument("--runs", type=int, default=3, help="uploads in a row (the machine may be shared)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/portal-bench-upload"))
    args = parser.parse_args()
    size, chunk = args.size_mib * MIB, args.chunk_mib * MIB

    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "DJANGO_DEBUG": "false",
        "PORTAL_VAR_DIR": str(args.work),
        "PORTAL_MEDIA_ROOT": str(args.work / "media"),
        "PORTAL_MAX_UPLOAD_BYTES": str(size * 2),
        "PORTAL_UPLOAD_INLINE_FINALIZE_BYTES": str(size * 2),  # join in the request, so it is measured here
        "DATABASE_URL": f"sqlite:///{args.work / 'bench.sqlite3'}",
        "CELERY_BROKER_URL": "filesystem://",
    }
    env.pop("PORTAL_TEST_DB_NAME", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v", "0"], cwd=REPO, env=env, check=True)
    setup = (
        "from accounts.models import User; from rest_framework.authtoken.models import Token;"
        "from submissions.services import submission_create;"
        "u = User.objects.create_user('bench', 'bench@example.org', 'x');"
        "s = submission_create(owner=u, title='bench');"
        "print(Token.objects.create(user=u).key, s.pk)"
    )
    out = subprocess.run(
        [python, "manage.py", "shell", "-c", setup],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    token, sid = out.stdout.split()[-2:]
    port = free_port()
    server = subprocess.Popen(
        [
            python,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            if children(server.pid):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    pass
            time.sleep(0.1)
        worker = children(server.pid)[0]
        headers = {"Authorization": f"Token {token}", "Tus-Resumable": "1.0.0"}

        def call(
            method: str, path: str, extra: dict[str, str], data: object = None
        ) -> http.client.HTTPResponse:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
            connection.request(method, path, body=data, headers={**headers, **extra})  # type: ignore[arg-type]
            response = connection.getresponse()
            response.read()
            connection.close()
            return response

        block = os.urandom(MIB)
        digest = hashlib.sha256()
        for piece in body(block, size):
            digest.update(piece)
        print(f"upload: {size / MIB:.0f} MiB in {chunk // MIB} MiB PATCHes to gunicorn (1 sync worker)")
        rates: list[float] = []
        ok = True
        for number in range(1, args.runs + 1):
            meta = f"filename {base64.b64encode(b'bench.fsa').decode()}"
            created = call(
                "POST",
                f"/api/v1/submissions/{sid}/files/",
                {"Upload-Length": str(size), "Upload-Metadata": meta},
            )
            assert created.status == 201, created.status
            location = created.getheader("Location") or ""
            location = "/" + location.split("/", 3)[3]
            baseline = rss_kib(worker)
            sampler = Sampler(worker)
            sampler.start()
            started = time.perf_counter()
            offset = 0
            last_patch_done = started
            last_request = 0.0
            while offset < size:
                length = min(chunk, size - offset)
                before = time.perf_counter()
                response = call(
                    "PATCH",
                    location,
                    {
                        "Upload-Offset": str(offset),
                        "Content-Type": "application/offset+octet-stream",
                        "Content-Length": str(length),
                    },
                    body(block, length),
                )
                assert response.status == 204, response.status
                offset = int(response.getheader("Upload-Offset") or 0)
                if offset < size:
                    last_patch_done = time.perf_counter()
                else:
                    last_request = time.perf_counter() - before
            total = time.perf_counter() - started
            sampler.running = False
            sampler.join()
            check = subprocess.run(
                [
                    python,
                    "manage.py",
                    "shell",
                    "-c",
                    "from submissions.models import SubmissionFile as F; f = F.objects.get(); print(f.sha256, f.size)",
                ],
                cwd=REPO,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-2:]
            transfer = last_patch_done - started
            sent_before_last = size - min(chunk, size) if size > chunk else 0
            rates.append(size / total / 1e6)
            print(f" run {number}:")
            if sent_before_last:
                print(
                    f"  transfer rate: {sent_before_last / transfer / 1e6:.0f} MB/s (all but the last PATCH)"
                )
            print(f"  last PATCH (its bytes, then the file made a submission file): {last_request:.2f} s")
            print(f"  end to end: {total:.2f} s, {rates[-1]:.0f} MB/s")
            print(
                f"  server worker RSS: baseline {baseline / 1024:.1f} MB, peak {sampler.peak / 1024:.1f} MB, "
                f"growth {(sampler.peak - baseline) / 1024:.1f} MB (one chunk is {chunk / MIB:.0f} MiB)"
            )
            matches = check == [digest.hexdigest(), str(size)]
            ok = ok and matches
            print(f"  server SHA-256 matches the client's: {matches}")
        rates.sort()
        print(
            f"end to end over {len(rates)} runs: min {rates[0]:.0f}, median {rates[len(rates) // 2]:.0f}, "
            f"max {rates[-1]:.0f} MB/s; load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
        return 0 if ok else 1
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
