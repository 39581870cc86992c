"""The read-replica router: dashboards' reads go to the replica alias, writes and sessions
stay on the primary, and nothing inside a transaction reads a possibly stale replica."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext, override_settings

from apps.metrics.models import Snapshot
from apps.procurement.models import Contract
from suzhou_pilot.db_router import ReplicaRouter, replica_reads

ROUTED = override_settings(
    DATABASE_ROUTERS=["suzhou_pilot.db_router.ReplicaRouter"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "suzhou_pilot.db_router.ReplicaReadsMiddleware",
    ],
)


def test_router_sends_only_eligible_reads_to_the_replica():
    router = ReplicaRouter()
    from apps.accounts.models import User

    assert router.db_for_read(Snapshot) == "default"  # outside a replica block
    with replica_reads():
        assert router.db_for_read(Snapshot) == "replica"
        assert router.db_for_read(Contract) == "replica"
        assert router.db_for_read(User) == "default"  # who is signed in: the primary
        assert router.db_for_write(Snapshot) == "default"
    assert router.allow_migrate("replica", "metrics") is False
    assert router.allow_migrate("default", "metrics") is True


@pytest.fixture
def replica_closed():
    """The mirror alias opens its own connection: closed after the test (teardown drops the db)."""
    yield
    connections["replica"].close()


@pytest.mark.django_db(databases=["default", "replica"])
@pytest.mark.usefixtures("replica_closed")
def test_the_dashboard_reads_the_round_from_the_replica_alias(world, client_for):
    client = client_for("bureau")
    with ROUTED:
        with (
            CaptureQueriesContext(connections["replica"]) as replica,
            CaptureQueriesContext(connections["default"]) as primary,
        ):
            response = client.get("/metrics/")
        assert response.status_code == 200
        replica_sql = " ".join(q["sql"] for q in replica.captured_queries)
        primary_sql = " ".join(q["sql"] for q in primary.captured_queries)
        assert "metrics_snapshot" in replica_sql
        assert "metrics_snapshot" not in primary_sql
        assert "django_session" in primary_sql and "django_session" not in replica_sql
        # A page outside the dashboards reads everything from the primary.
        with CaptureQueriesContext(connections["replica"]) as replica:
            assert client.get("/cases/list/").status_code == 200
        assert len(replica) == 0
        # A POST to a dashboard path (the bureau's run button) reads from the primary.
        with CaptureQueriesContext(connections["replica"]) as replica:
            client.post("/metrics/run/")
        assert len(replica) == 0
