"""Throttles and sign-in lockout, counted in the real Redis: 429 with Retry-After, JSON under /api/.

The gunicorn test runs two worker processes: a count kept per process (DRF's default cache was local memory)
would let twice the guesses through; counted in Redis, the lockout comes at the same attempt.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from accounts.models import User
from submissions.models import Submission
from tests.fixtures.users import PASSWORD, api_client_for
from tests.fixtures.worker import wait_for

REPO = Path(__file__).resolve().parents[2]
WRONG = "not-the-password-1"


def _token(client: Client, username: str, password: str) -> Any:
    return client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json"
    )


@pytest.mark.django_db
def test_wrong_passwords_lock_the_token_endpoint(submitter: User) -> None:
    client = Client()
    statuses = [_token(client, submitter.username, WRONG).status_code for _ in range(30)]
    assert 429 in statuses[: django_settings.AXES_FAILURE_LIMIT + 1], statuses
    locked = _token(client, submitter.username, PASSWORD)
    assert locked.status_code == 429
    assert int(locked["Retry-After"]) > 0
    assert locked.json()["code"] == "locked_out"


@pytest.mark.django_db
def test_wrong_passwords_lock_the_login_form(submitter: User) -> None:
    client = Client()
    url = reverse("accounts:login")
    statuses = [
        client.post(url, {"username": submitter.username, "password": WRONG}).status_code for _ in range(30)
    ]
    assert 429 in statuses[: django_settings.AXES_FAILURE_LIMIT + 1], statuses
    right = client.post(url, {"username": submitter.username, "password": PASSWORD})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_token_endpoint_is_throttled_per_client(submitter: User, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "signin": "3/minute"},
    }
    client = Client()
    for _ in range(3):
        assert _token(client, submitter.username, PASSWORD).status_code == 200
    throttled = _token(client, submitter.username, PASSWORD)
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert set(throttled.json()) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_api_requests_are_throttled_per_user(submitter: User, settings: Any) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "user": "5/minute"},
    }
    client = api_client_for(submitter)
    statuses = [client.get(reverse("api-submission-list")).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@pytest.mark.django_db
def test_validation_runs_are_limited_per_user(
    submitter: User, make_submission: Callable[..., Submission], settings: Any
) -> None:
    settings.VALIDATION_RUNS_PER_WINDOW = 3
    client = api_client_for(submitter)
    submission = make_submission(submitter)
    url = reverse("api-submission-validate", args=[submission.pk])
    assert [client.post(url).status_code for _ in range(3)] == [202] * 3
    refused = client.post(url)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 601
    assert refused.json()["code"] == "throttled"
    assert submission.runs.count() == 3


# --- two gunicorn workers --------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gunicorn(transactional_db: None, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.test",
        PORTAL_WORKER_USES_TEST_DB="1",
        PORTAL_MEDIA_ROOT=str(django_settings.MEDIA_ROOT),
    )
    log = (tmp_path / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def up() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            return proc.poll() is not None

    try:
        wait_for(up, timeout=60, what="gunicorn to listen")
        assert proc.poll() is None, (tmp_path / "gunicorn.log").read_text()
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)


def _post(
    opener: urllib.request.OpenerDirector, url: str, data: bytes, headers: dict[str, str]
) -> tuple[int, set[int]]:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, set()
    except urllib.error.HTTPError as exc:
        return exc.code, set()


@pytest.mark.slow
def test_lockout_is_shared_by_two_gunicorn_workers(gunicorn: str, submitter: User) -> None:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    token_url = gunicorn + reverse("api-token")
    body = json.dumps({"username": submitter.username, "password": WRONG}).encode()
    headers = {"Content-Type": "application/json", "Connection": "close"}
    statuses = [_post(opener, token_url, body, headers)[0] for _ in range(30)]
    first = statuses.index(429) + 1
    # Per-process counts would need the limit's worth of failures in each of the two workers.
    assert first <= django_settings.AXES_FAILURE_LIMIT + 1, statuses
    right = json.dumps({"username": submitter.username, "password": PASSWORD}).encode()
    assert _post(opener, token_url, right, headers)[0] == 429

    # The login form, for another account, through the same two workers.
    other = User.objects.create_user(username="form_user", email="f@example.org", password=PASSWORD)
    login_url = gunicorn + reverse("accounts:login")
    statuses = []
    for _ in range(30):
        page = opener.open(login_url, timeout=30).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert csrf, page[:500]
        form = urllib.parse.urlencode(
            {"username": other.username, "password": WRONG, "csrfmiddlewaretoken": csrf.group(1)}
        ).encode()
        statuses.append(
            _post(
                opener,
                login_url,
                form,
                {"Content-Type": "application/x-www-form-urlencoded", "Referer": login_url},
            )[0]
        )
        if statuses[-1] == 429:
            break
    assert statuses[-1] == 429 and len(statuses) <= django_settings.AXES_FAILURE_LIMIT + 1, statuses
