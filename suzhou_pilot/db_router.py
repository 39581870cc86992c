"""Dashboards read from a PostgreSQL read replica when one is configured.

``DATABASE_REPLICA_URL`` set → a ``replica`` alias, this router and its middleware are
installed (settings.py). A GET under one of ``REPLICA_READ_PATHS`` (the dashboards, the
contract and snapshot pages, the snapshot API) then reads the round's data from the replica;
everything else — every write, every POST (pages change data only by POST), every task
(the engine reads its current snapshots from the primary before it writes), and the session
and account tables even on those pages (a person who has just signed in must be found) —
stays on the primary. Replica lag shows as a dashboard a moment behind, never as a lost write.
"""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
REPLICA_READ_PATHS = ("/metrics/", "/api/v1/snapshots/")
# Session and identity state is read from the primary even on replica pages.
PRIMARY_ONLY_APPS = {"sessions", "auth", "accounts", "contenttypes", "guardian", "admin"}

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


class replica_reads:  # noqa: N801 (used like a function: ``with replica_reads():``)
    """Route this block's eligible reads to the replica (the middleware uses it per request)."""

    def __enter__(self):
        self._token = _replica_reads.set(True)
        return self

    def __exit__(self, *exc):
        _replica_reads.reset(self._token)
        return False


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if (
            _replica_reads.get()
            and REPLICA in settings.DATABASES
            and model._meta.app_label not in PRIMARY_ONLY_APPS
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, two copies of it

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """GET requests to the dashboards read from the replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path.startswith(REPLICA_READ_PATHS):
            with replica_reads():
                return self.get_response(request)
        return self.get_response(request)
