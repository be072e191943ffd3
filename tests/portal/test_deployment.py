"""The deployment files agree with the settings: compose services, commands and environment names; and
`check --deploy` is clean under production settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
# Names the compose file may set that are not read by our settings modules.
NOT_SETTINGS = {"DJANGO_SETTINGS_MODULE", "POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


def _compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    assert isinstance(data, dict)
    return data


def _names_read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in [*(REPO / "portal" / "settings").glob("*.py"), REPO / "portal" / "env.py"]:
        names |= set(re.findall(r"env_(?:str|bool|int|list|required)\(\s*\"([A-Z0-9_]+)\"", path.read_text()))
    return names


def test_services_and_commands() -> None:
    services = _compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    assert "gunicorn portal.wsgi:application" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A portal worker")
    assert services["beat"]["command"].startswith("celery -A portal beat")
    for name in ("web", "worker", "beat"):
        assert "files:/data" in services[name]["volumes"], name
    assert "files" in _compose()["volumes"]


def test_environment_names_are_ones_the_settings_read() -> None:
    known = _names_read_by_settings()
    assert {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY", "PORTAL_MEDIA_ROOT"} <= known
    for name in ("web", "worker", "beat"):
        env = _compose()["services"][name]["environment"]
        unknown = set(env) - known - NOT_SETTINGS
        assert not unknown, f"{name} sets {sorted(unknown)}, which no settings module reads"
        assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        for required in ("DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SECRET_KEY"):
            assert required in env, (name, required)


def _production_env() -> dict[str, str]:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for themselves; a deployment never has it.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "a-real-looking-secret-key-for-the-deploy-check-0123456789",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_VAR_DIR=str(REPO / "var" / "deploy-check"),
    )
    return env


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = _production_env()
    del env["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
