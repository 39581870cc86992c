"""The engine's tasks on a real Celery worker over the real Redis, and in-process."""

import time

import pytest
from celery.contrib.testing.worker import start_worker

from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.services import metrics_recompute_on_commit
from apps.metrics.tasks import metrics_nightly, metrics_recompute_contract
from suzhou_pilot.celery import app as celery_app


@pytest.fixture
def real_worker():
    celery_app.conf.update(task_always_eager=False)
    celery_app.control.purge()  # nothing left over from an earlier run
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield celery_app
    finally:
        celery_app.conf.update(task_always_eager=True)


@pytest.mark.django_db(transaction=True)
def test_recompute_runs_on_a_real_worker(real_worker):
    from tests.factories import build_world

    world = build_world()
    metrics_recompute_contract.delay(contract_id=world.contract_a.pk)
    # Wait (bounded) for the worker thread to finish the run it took from Redis.
    deadline = time.monotonic() + 60
    while not MetricRun.objects.filter(finished_at__isnull=False).exists():
        assert time.monotonic() < deadline, "the worker never finished the run"
        time.sleep(0.2)
    snap = Snapshot.objects.current().get(contract=world.contract_a, rule_code="COMMUNITIES")
    assert snap.value == 4
    assert MetricRun.objects.get().trigger == "record_change"


def test_recompute_on_commit_runs_after_the_transaction(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        metrics_recompute_on_commit(contract_id=world.contract_b.pk)
        assert not Snapshot.objects.exists()  # nothing before commit
    assert Snapshot.objects.current().filter(contract=world.contract_b).exists()


def test_nightly_run_covers_every_contract_and_is_idempotent(world):
    metrics_nightly()
    first = set(Snapshot.objects.current().values_list("key", "value"))
    metrics_nightly()
    assert set(Snapshot.objects.current().values_list("key", "value")) == first
    assert {k.split(":")[0] for k, _ in first} == {
        str(world.contract_a.pk),
        str(world.contract_b.pk),
    }
