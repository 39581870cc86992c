"""The portal's own settings, plus one trivial view (the HTTP floor) under /bench/trivial/."""

import os

os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret-0123456789abcdef")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gtb25seS1maWVsZC1rZXktbm90LXByb2QhISE=")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
# Plain http on 127.0.0.1 (as `make run`): no HTTPS redirect, or every page measures a 301.
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
# Throughput is measured for one person under load: the per-person API throttle (a deploy
# setting, 600 requests a minute by default) would turn the measurement into 429s.
os.environ.setdefault("API_THROTTLE_USER", "1000000/minute")

from suzhou_pilot.settings import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
