"""The engine's tasks on a real Celery worker over the real Redis, and in-process."""

import time
from contextlib import contextmanager
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from apps.core.changes import contract_changed_on_commit
from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.tasks import metrics_nightly, metrics_recompute_contract
from suzhou_pilot.celery import app as celery_app


@contextmanager
def real_worker():
    """A Celery worker thread taking tasks from the real Redis (tasks stop running eagerly)."""
    celery_app.conf.update(task_always_eager=False)
    celery_app.control.purge()  # nothing left over from an earlier run
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield celery_app
    finally:
        celery_app.conf.update(task_always_eager=True)


def wait_for(condition, what, seconds=60):
    """Poll ``condition`` until it holds; fail with ``what`` after ``seconds`` (a real worker
    answers in its own time)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_recompute_runs_on_a_real_worker():
    from tests.factories import build_world

    world = build_world()  # before the worker: contract creation recomputes in-process
    before = MetricRun.objects.count()
    with real_worker():
        metrics_recompute_contract.delay(contract_id=world.contract_a.pk)
        wait_for(
            lambda: MetricRun.objects.filter(finished_at__isnull=False).count() > before,
            "the worker never finished the run",
        )
    snap = Snapshot.objects.current().get(contract=world.contract_a, rule_code="COMMUNITIES")
    assert snap.value == 4
    assert MetricRun.objects.order_by("-pk").first().trigger == "record_change"


@pytest.mark.django_db(transaction=True)
def test_a_new_archive_reaches_the_dashboard_through_the_worker():
    """The service's on-commit hook goes through Redis to a worker; no full run is started."""
    from apps.community.services import archive_create
    from tests.factories import build_world

    world = build_world()
    key = Snapshot.objects.current().get(
        contract=world.contract_a,
        community=world.community_a,
        project_year__number=1,
        rule_code="C1",
    )
    assert key.value == 0
    with real_worker():
        with transaction.atomic():
            archive_create(
                actor=world.users["social_worker"],
                contract=world.contract_a,
                community=world.community_a,
                address="十全街1号",
                household_head="陈阿婆",
                recorded_on=date(2019, 3, 1),
                needs={"医疗健康": "需要陪同就医"},
            )
        wait_for(
            lambda: Snapshot.objects.current().filter(pk=key.pk).count() == 0,
            "the recompute never reached the worker",
        )
    fresh = Snapshot.objects.current().get(key=key.key)
    assert fresh.value == 1 and fresh.run.trigger == "record_change"
    assert not MetricRun.objects.filter(trigger__in=["manual", "nightly"]).exists()


def test_recompute_on_commit_runs_after_the_transaction(world, django_capture_on_commit_callbacks):
    runs = MetricRun.objects.filter(contract=world.contract_b)
    before = runs.count()
    with django_capture_on_commit_callbacks(execute=True):
        contract_changed_on_commit(contract_id=world.contract_b.pk)
        assert runs.count() == before  # nothing before commit
    assert runs.count() == before + 1
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
