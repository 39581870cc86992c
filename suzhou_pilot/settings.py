"""Settings for the Suzhou pilot portal: one module, everything from the environment.

Defaults serve a laptop (SQLite under var/, tasks in-process, DEBUG on). Production
(``DJANGO_DEBUG=false``) refuses to boot without a real secret key and allowed hosts.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# Local state of the embedded path: the SQLite file, uploads, the demo accounts table.
VAR_DIR = Path(env.str("DJANGO_VAR_DIR", default=str(BASE_DIR / "var")))

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_DEV_SECRET if DEBUG else "")
if not SECRET_KEY or (not DEBUG and SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false.")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "guardian",
    "axes",
    "csp",
    "apps.accounts",
    "apps.orgs",
    "apps.procurement",
    "apps.catalogue",
    "apps.core",
    "apps.agencies",
    "apps.plans",
    "apps.cases",
    "apps.records",
    "apps.community",
    "apps.volunteers",
    "apps.metrics",
    "apps.evaluations",
    "apps.reports",
    "apps.portal",
    "apps.security",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Refuses an over-size body before anything (CSRF, the form) reads it.
    "apps.security.middleware.UploadLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.security.middleware.MethodNotAllowedPageMiddleware",
    "apps.security.middleware.NoStoreMiddleware",
    "apps.security.middleware.DeniedAccessMiddleware",
    # Last, as django-axes requires.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "suzhou_pilot.urls"
WSGI_APPLICATION = "suzhou_pilot.wsgi.application"

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
                "apps.accounts.context_processors.roles",
                "apps.core.context_processors.portal_date",
                "csp.context_processors.nonce",
            ],
            # ``person_name`` everywhere: the one masking decision (apps.accounts.masking).
            "builtins": ["apps.accounts.templatetags.privacy"],
        },
    },
]

# DATABASE_URL unset → an SQLite file under var/ (the embedded path of `make run`).
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)
# A read replica (optional): dashboards read from it (suzhou_pilot/db_router.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db_url("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASE_ROUTERS = ["suzhou_pilot.db_router.ReplicaRouter"]
    MIDDLEWARE.append("suzhou_pilot.db_router.ReplicaReadsMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Login throttling (django-axes) first: a locked account+address never reaches a password check.
    "apps.accounts.backends.ThrottledLoginBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# Django's validators speak Chinese under zh-hans; ours adds character classes.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Login throttling by account AND address together (a street office shares one address):
# after LOGIN_SLOWDOWN_AFTER failures each try waits (apps.accounts.login), at
# LOGIN_FAILURE_LIMIT the account is locked at that address for LOGIN_LOCKOUT_MINUTES.
LOGIN_SLOWDOWN_AFTER = env.int("LOGIN_SLOWDOWN_AFTER", default=3)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=6)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# guardian: no anonymous user row; gates never grant anything to anonymous visitors.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
# A demonstration/training instance's fixed date (apps/core/clock.py); empty: the real date.
PORTAL_TODAY = env("PORTAL_TODAY", default="")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Idle expiry: a session ends SESSION_IDLE_HOURS after the last request (renewed on each).
SESSION_COOKIE_AGE = int(env.float("SESSION_IDLE_HOURS", default=4) * 3600)
SESSION_SAVE_EVERY_REQUEST = True

# HTTPS: on by default in production; behind a TLS-terminating proxy either keep the redirect
# and name the proxy's header (DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https)
# or switch the redirect off (DJANGO_SECURE_SSL_REDIRECT=false) if the proxy redirects.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
_proxy_header = env.list("DJANGO_SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_proxy_header) if len(_proxy_header) == 2 else None
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4): our own origin only; no inline script or style
# except elements carrying the request's nonce. Every asset is served locally.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "apps.core.api.exception_handler",
    # Per person (and per address for anonymous callers), over the whole API.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="30/minute"),
        "user": env.str("API_THROTTLE_USER", default="600/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "苏州市新一轮市级社区服务社会化试点 门户 API",
    "DESCRIPTION": "Every list is scoped to the caller's role memberships.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
}

# Celery: CELERY_BROKER_URL unset → tasks run in-process (eagerly) for the laptop path.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Two kinds of work, two queues, so that one never waits behind the other: interactive
# (imports, reports: a person watches the progress bar) and recompute (the engine's record
# changes, full and nightly runs). Unset, both are Celery's default queue (one worker serves
# everything; the compose file names them and runs a worker per queue).
CELERY_INTERACTIVE_QUEUE = env.str("CELERY_INTERACTIVE_QUEUE", default="celery")
CELERY_RECOMPUTE_QUEUE = env.str("CELERY_RECOMPUTE_QUEUE", default="celery")
CELERY_TASK_ROUTES = {
    "apps.cases.tasks.*": {"queue": CELERY_INTERACTIVE_QUEUE},
    "apps.core.tasks.*": {"queue": CELERY_INTERACTIVE_QUEUE},
    "apps.reports.tasks.*": {"queue": CELERY_INTERACTIVE_QUEUE},
    "apps.metrics.tasks.*": {"queue": CELERY_RECOMPUTE_QUEUE},
}
# Beat's schedule state: a writable path for the non-root user of the image.
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    # Every indicator of every round, recomputed each night (Asia/Shanghai).
    "metrics-nightly": {
        "task": "apps.metrics.tasks.metrics_nightly",
        "schedule": crontab(hour=2, minute=0),
    },
}

# Personal identifiers (resident identity numbers) are encrypted at rest with this key
# (Fernet, urlsafe base64 of 32 bytes). Required in production; a fixed dev key otherwise.
FIELD_ENCRYPTION_KEY = env.str(
    "FIELD_ENCRYPTION_KEY",
    default="" if not DEBUG else "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZCE=",
)
# Key rotation: FIELD_ENCRYPTION_KEYS=new,old — the first encrypts, every one decrypts,
# `manage.py rotate_field_key` re-encrypts everything under the first (docs/security.md).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=[FIELD_ENCRYPTION_KEY] if FIELD_ENCRYPTION_KEY else []
)
if not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DJANGO_DEBUG is false.")
FIELD_ENCRYPTION_KEY = FIELD_ENCRYPTION_KEYS[0]
# The secret of the identity numbers' lookup hash; it must not change when encryption keys
# rotate (every stored hash depends on it). Default: the single FIELD_ENCRYPTION_KEY of a
# portal that never rotated, else the last (oldest) of FIELD_ENCRYPTION_KEYS.
FIELD_HASH_KEY = env.str(
    "FIELD_HASH_KEY",
    default=env.str("FIELD_ENCRYPTION_KEY", default="") or FIELD_ENCRYPTION_KEYS[-1],
)

# Uploads: target-client lists and attachments (photos, scans, reports).
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20000)
# Imports above this many rows run in Celery with a progress bar instead of in the request.
IMPORT_ASYNC_ROWS = env.int("IMPORT_ASYNC_ROWS", default=500)
# A request body may hold one upload plus its form; larger is refused before it is read
# (apps.security.middleware.UploadLimitMiddleware on Content-Length, LimitedUploadHandler
# while a chunked body streams). Files above FILE_UPLOAD_MAX_MEMORY_SIZE spool to disk.
UPLOAD_FORM_OVERHEAD_BYTES = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = UPLOAD_MAX_BYTES + UPLOAD_FORM_OVERHEAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "apps.security.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # WeasyPrint narrates every rendering step at INFO: keep the workers' logs readable.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
