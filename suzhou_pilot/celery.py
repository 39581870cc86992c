"""Celery application; tasks run in-process when no broker is configured (see settings)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "suzhou_pilot.settings")

app = Celery("suzhou_pilot")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
