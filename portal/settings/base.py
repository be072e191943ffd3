"""Settings shared by every environment. Everything that differs between machines comes from the environment.

With nothing set, the portal runs embedded: SQLite and Celery's filesystem broker under ./var, so a laptop with
only Python can run it. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import django_stubs_ext
import environ

from portal.env import env_bool, env_int, env_list, env_str

# Lets typed generics such as ModelAdmin[Submission] work at run time, as django-stubs describes them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))
# The embedded defaults (SQLite, filesystem broker, uploads) live here; make it on first use.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env_str(
    "DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
)
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("PORTAL_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "portal",
    "submissions",
    "accounts",
    "validation",
    "bioprojects",
    "uploads",
    "accessions",
    "curation",
    "records",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost of ours: every /api/ answer is JSON, errors included; NUL in an address is refused at once.
    "portal.middleware.ApiErrorMiddleware",
    "portal.middleware.RefuseControlCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it answers for a sign-in that its backend refused as locked out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_DEFAULT_DB = f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(env_str("DATABASE_URL", _DEFAULT_DB))}
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker and the web server write at the same time; wait for the lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "portal.throttles.SignInBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# Curators land on their queue, everyone else on their submissions (curation.views.landing decides).
LOGIN_REDIRECT_URL = "curation:landing"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("PORTAL_MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are private: they are served through views that check access, never from a public URL.
MEDIA_URL = "/_private_media/"
STORAGES: dict[str, dict[str, object]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# S3-compatible object storage for uploads and run outputs (AWS, MinIO, Ceph...) when a bucket is named.
# Objects stay private: the portal streams them through views that check access.
PORTAL_S3_BUCKET = env_str("PORTAL_S3_BUCKET", "")
if PORTAL_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PORTAL_S3_BUCKET,
            "endpoint_url": env_str("PORTAL_S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("PORTAL_S3_REGION", "") or None,
            "access_key": env_str("PORTAL_S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env_str("PORTAL_S3_SECRET_ACCESS_KEY", "") or None,
            "location": env_str("PORTAL_S3_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
PORTAL_MAX_UPLOAD_BYTES = env_int("PORTAL_MAX_UPLOAD_BYTES", 50 * 1024**3)
# What a gzip upload may expand to: as much as the largest upload taken (the biggest eukaryotic FASTA we
# expect), not the 200 GiB it was, which let a 61 KB gzip make lines of many GB.
PORTAL_MAX_DECOMPRESSED_BYTES = env_int("PORTAL_MAX_DECOMPRESSED_BYTES", 50 * 1024**3)
# Resumable uploads: the browser sends chunks of this size; a finished upload up to the inline size is
# assembled in the last request, a bigger one by a worker (joining tens of GB must not hold a web request).
PORTAL_UPLOAD_CHUNK_BYTES = env_int("PORTAL_UPLOAD_CHUNK_BYTES", 16 * 1024**2)
PORTAL_UPLOAD_INLINE_FINALIZE_BYTES = env_int("PORTAL_UPLOAD_INLINE_FINALIZE_BYTES", 512 * 1024**2)
PORTAL_UPLOAD_EXPIRE_HOURS = env_int("PORTAL_UPLOAD_EXPIRE_HOURS", 7 * 24)

# BioProject accessions: PREFIX + zero-padded number (PRJGP000001), sequential and never reused.
BIOPROJECT_ACCESSION_PREFIX = env_str("PORTAL_BIOPROJECT_PREFIX", "PRJGP")
BIOPROJECT_ACCESSION_DIGITS = env_int("PORTAL_BIOPROJECT_DIGITS", 6)
# The longest a submitter may hold a release (a date, or "until publication" with a latest date).
PORTAL_MAX_HOLD_DAYS = env_int("PORTAL_MAX_HOLD_DAYS", 4 * 365)

# Accessions given at approval (accessions.numbering): the first prefix of each number line.
ACCESSIONS_WGS_FIRST_PREFIX = env_str("ACCESSIONS_WGS_FIRST_PREFIX", "JAAA")
ACCESSIONS_CHROMOSOME_FIRST_PREFIX = env_str("ACCESSIONS_CHROMOSOME_FIRST_PREFIX", "OZ")
ACCESSIONS_PROTEIN_FIRST_PREFIX = env_str("ACCESSIONS_PROTEIN_FIRST_PREFIX", "WAA")
ACCESSIONS_OUTPUTS_LEASE_SECONDS = env_int("ACCESSIONS_OUTPUTS_LEASE_SECONDS", 600)
ACCESSIONS_OUTPUTS_MAX_ATTEMPTS = env_int("ACCESSIONS_OUTPUTS_MAX_ATTEMPTS", 3)
# The submitter hears this many days before a scheduled release.
ACCESSIONS_RELEASE_NOTICE_DAYS = env_int("ACCESSIONS_RELEASE_NOTICE_DAYS", 14)

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Genome Portal <noreply@genome-portal.local>")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "portal.apis.PortalAutoSchema",  # adds the shared error responses
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
    # JSON with size and depth limits (portal.parsers); form and multipart as DRF has them.
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Counted in the cache (Redis where Redis runs), per client address and per user (portal.throttles).
    "DEFAULT_THROTTLE_CLASSES": ["portal.throttles.ClientThrottle", "portal.throttles.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "client": env_str("PORTAL_ANON_RATE", "120/minute"),
        "user": "600/minute",
        "signin": "10/minute",
    },
    # The client is REMOTE_ADDR: X-Forwarded-For is the client's to write unless a proxy we run sets it.
    "NUM_PROXIES": 0,
}

# The cache holds the throttles' and django-axes' counts. On Redis (wherever the broker is Redis) every web
# worker counts together; the embedded mode's local memory counts per process, which is fine for one user.
_CACHE_PREFIX = env_str("PORTAL_TASK_QUEUE", "portal")
if env_str("CELERY_BROKER_URL", "").startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("CELERY_BROKER_URL", ""),
            "KEY_PREFIX": f"cache-{_CACHE_PREFIX}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sign-in lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name from one
# address, that pair is refused for AXES_COOLOFF_TIME, on the login form and the token endpoint alike.
# Counted in Redis where the cache is Redis; the embedded mode (local-memory cache, which django-axes rightly
# refuses) counts in the database.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler"
    if CACHES["default"]["BACKEND"].endswith("RedisCache")
    else "axes.handlers.database.AxesDatabaseHandler"
)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.throttles.lockout_response"
AXES_VERBOSE = False

# Validation runs a user may start in a window (pages and API alike; runs are the costly thing we do).
VALIDATION_RUNS_PER_WINDOW = env_int("VALIDATION_RUNS_PER_WINDOW", 10)
VALIDATION_RUN_WINDOW_SECONDS = 600
# Findings kept per code per run; the true count of a code cut short is kept in the run's summary.
VALIDATION_FINDINGS_PER_CODE = env_int("VALIDATION_FINDINGS_PER_CODE", 1000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Genome Submission Portal API",
    "DESCRIPTION": "Deposit annotated eukaryotic genomes for GenBank: submissions, uploads and validation runs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files: the portal must work without reaching a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name per choice set, so generated clients get stable types.
    "ENUM_NAME_OVERRIDES": {
        "SubmissionStatusEnum": "submissions.status.Status",
        "RunStatusEnum": "validation.status.RunStatus",
        "UploadStatusEnum": "uploads.status.UploadStatus",
        "ReleaseModeEnum": "submissions.models.ReleaseMode",
        "ReleaseRequestKindEnum": "accessions.models.ReleaseRequest.Kind",
        "FileKindEnum": "submissions.models.FileKind",
    },
}

# --- Celery -------------------------------------------------------------------------------------------
_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 4 * 3600)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", CELERY_TASK_TIME_LIMIT - 300)
# Redis redelivers an unacknowledged message after the visibility timeout. It must outlast the longest task,
# or a second worker starts a run the first is still doing; the run lease (VALIDATION_LEASE_SECONDS) is the
# backstop that makes such a second delivery harmless.
CELERY_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 600)
if CELERY_BROKER_URL.startswith("filesystem"):
    for _folder in (_BROKER_DIR, VAR_DIR / "broker-control"):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
        "data_folder_in": str(_BROKER_DIR),
        "data_folder_out": str(_BROKER_DIR),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_TASK_DEFAULT_QUEUE = env_str("PORTAL_TASK_QUEUE", "celery")
CELERY_TASK_IGNORE_RESULT = True
# Validation runs are heavy; a deployment can give them workers of their own by naming another queue.
VALIDATION_QUEUE = env_str("PORTAL_VALIDATION_QUEUE", CELERY_TASK_DEFAULT_QUEUE)
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 50)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "reap-stale-validation-runs": {
        "task": "validation.reap_stale_runs",
        "schedule": env_int("VALIDATION_REAP_EVERY_SECONDS", 60),
    },
    "reap-abandoned-uploads": {"task": "uploads.reap", "schedule": 3600},
    "release-due-submissions": {
        "task": "accessions.release_due",
        "schedule": env_int("ACCESSIONS_RELEASE_EVERY_SECONDS", 300),
    },
    "release-notices": {"task": "accessions.release_notices", "schedule": 3600},
    "reap-approved-outputs": {"task": "accessions.reap_outputs", "schedule": 300},
    # Public records: publish newly released submissions, keep BLAST current, build the numbered release.
    "publish-released-records": {
        "task": "records.discover",
        "schedule": env_int("RECORDS_PUBLISH_EVERY_SECONDS", 60),
    },
    "refresh-blast-databases": {"task": "records.blast_refresh", "schedule": 600},
    "build-release": {
        "task": "records.release_build",
        "schedule": env_int("RECORDS_RELEASE_EVERY_SECONDS", 86400),
    },
}

# A running validation holds a lease it renews while it works; a run whose lease ran out lost its worker.
VALIDATION_LEASE_SECONDS = env_int("VALIDATION_LEASE_SECONDS", 120)
VALIDATION_MAX_ATTEMPTS = env_int("VALIDATION_MAX_ATTEMPTS", 3)
# How often a run writes its progress (and so renews its lease): more often only loads the database.
VALIDATION_PROGRESS_MS = env_int("VALIDATION_PROGRESS_MS", 2000)
# A run whose FASTA holds this many bytes or more is spread over the workers, one task per chunk of records
# (validation.spread); smaller ones stay one task. The folder holds the chunks while they run and must be
# shared by every worker (local disk for one machine, a network file system for several).
VALIDATION_SPREAD_BYTES = env_int("VALIDATION_SPREAD_BYTES", 50_000_000)
VALIDATION_SPREAD_DIR = Path(env_str("VALIDATION_SPREAD_DIR", str(VAR_DIR / "spread")))
VALIDATION_CHUNK_RESIDUES = env_int("VALIDATION_CHUNK_RESIDUES", 1_000_000)
VALIDATION_CHUNK_RECORDS = env_int("VALIDATION_CHUNK_RECORDS", 200)
VALIDATION_CHUNK_TRIES = env_int(
    "VALIDATION_CHUNK_TRIES", 3
)  # a chunk whose worker dies this often is named lost
# tbl2asn -M n: NCBI's genome-submission raise list applies. Off until the engine turns runs of N into
# assembly gaps (-a r10u); until then every scaffold's N run would be a blocking error.
VALIDATION_GENOME_MODE = env_bool("VALIDATION_GENOME_MODE", False)
# Engine processes per run (0: one per CPU). Celery's prefork children cannot fork pools of their own, so
# more than 1 needs workers started with --pool threads or solo.
VALIDATION_PROCESSES = env_int("VALIDATION_PROCESSES", 1)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}
