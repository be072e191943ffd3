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


def test_s3_compatible_storage_is_a_setting(tmp_path: Path) -> None:
    """Naming a bucket switches uploads and run outputs to S3-compatible storage, through the same API."""
    code = (
        "import django; django.setup();"
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__module__, s.bucket_name, s.endpoint_url, s.default_acl, s.file_overwrite)"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_S3_BUCKET": "genomes",
        "PORTAL_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == [
        "storages.backends.s3",
        "genomes",
        "http://127.0.0.1:9000",
        "private",
        "False",
    ]
