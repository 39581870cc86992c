"""Test settings: the real PostgreSQL and Redis of this machine unless told otherwise."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/suzhou_pilot")
os.environ.setdefault("DJANGO_DEBUG", "true")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Tests talk to the real Redis; tasks run in-process unless a test starts a real worker
# (tests/metrics/test_tasks.py), which then takes them from this broker.
CELERY_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = True

# A second alias for the read-replica router's tests: a test mirror of the default database
# (no router is installed unless a test installs it; production sets DATABASE_REPLICA_URL).
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405

# The persona matrix sends thousands of API requests per person; tests of the throttle set
# their own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute", "user": "100000/minute"},
}
