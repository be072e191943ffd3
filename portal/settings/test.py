"""The test suite: real database and broker from the environment, fast password hashing, mail kept in memory."""

from portal.env import env_str
from portal.settings.base import *  # noqa: F403
from portal.settings.base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A worker process started by a test must reach the same test database, so SQLite's test database is a file.
_TEST_DB = env_str("PORTAL_TEST_DB_NAME", "test_portal")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"{_TEST_DB}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB}
# A Celery worker started by a test is a separate process: it must open the test database, not the real one.
if env_str("PORTAL_WORKER_USES_TEST_DB", "") == "1":
    DATABASES["default"]["NAME"] = DATABASES["default"]["TEST"]["NAME"]
# The throttles stay on, counted in the real Redis like production's; the rates are high enough that only the
# tests about throttling (which lower them) meet them. Each test starts with no counts (tests/conftest.py).
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"client": "100000/minute", "user": "100000/minute", "signin": "1000/minute"},
}
VALIDATION_RUNS_PER_WINDOW = 1000
