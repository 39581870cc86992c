"""A change to a counted record queues its contract's recompute on commit, once, and only its."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from apps.cases.services import case_close, client_consent_record
from apps.cases.services.imports import target_list_confirm
from apps.community.services import archive_create, training_create
from apps.core.changes import contract_changes_paused
from apps.metrics.models import MetricRun, Snapshot
from tests.cases.conftest import add_record, open_case, register
from tests.cases.helpers import street_a_upload
from tests.changes import announced
from tests.volunteers.builders import volunteer_team


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def queue_block(django_capture_on_commit_callbacks):
    """Capture the on-commit callbacks of a block (run them with ``queued``)."""
    return django_capture_on_commit_callbacks


def queued(callbacks) -> list[int]:
    return announced(callbacks)


def _archive(world, address="十全街1号", needs=None):
    return archive_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=world.community_a,
        address=address,
        household_head="陈阿婆",
        recorded_on=date(2019, 3, 1),
        needs=needs if needs is not None else {"医疗健康": "需要陪同就医"},
    )


def test_case_work_queues_its_contract(world, queue_block):
    worker = world.users["social_worker"]
    client = register(world, "测试对象", world.community_a, 701)
    with queue_block() as callbacks:
        case = open_case(world, client, world.contract_a, world.community_a, worker)
    assert queued(callbacks) == [world.contract_a.pk]
    with queue_block() as callbacks:
        add_record(
            world, case, worker, date(2019, 3, 5), minutes=45, mode="home_visit", note="探访"
        )
    assert queued(callbacks) == [world.contract_a.pk]
    with queue_block() as callbacks:  # consent recorded again (say, by the guardian)
        client_consent_record(actor=worker, client=client, given_by="self", on=date(2019, 3, 2))
    assert queued(callbacks) == [world.contract_a.pk]
    with queue_block() as callbacks:
        case_close(actor=worker, case=case, closed_on=date(2019, 6, 1), summary="目标达成")
    assert queued(callbacks) == [world.contract_a.pk]


def test_community_and_volunteer_records_queue_their_contract(world, queue_block):
    worker = world.users["social_worker"]
    with queue_block() as callbacks:
        _archive(world)
    assert queued(callbacks) == [world.contract_a.pk]
    with queue_block() as callbacks:
        training_create(
            actor=worker,
            contract=world.contract_a,
            held_on=date(2019, 3, 1),
            topic="实务培训",
            hours=Decimal(4),
            trainer="讲师",
            attendee_count=20,
        )
    assert queued(callbacks) == [world.contract_a.pk]
    with queue_block() as callbacks:  # the team and its member
        volunteer_team(world.contract_a, world.community_a, date(2018, 9, 1), actor=worker)
    assert queued(callbacks) == [world.contract_a.pk]  # two changes, queued once


def test_a_street_list_queues_the_streets_contracts_only(world, queue_block):
    street_user = world.users["street"]
    upload = street_a_upload(world, "测试甲", 801)
    with queue_block() as callbacks:
        target_list_confirm(actor=street_user, list_import=upload)
    assert queued(callbacks) == [world.contract_a.pk]


def test_rolled_back_changes_queue_nothing_and_bulk_loads_can_pause(world, queue_block):
    with queue_block() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _archive(world)
        raise RuntimeError
    assert queued(callbacks) == []
    with queue_block() as callbacks, contract_changes_paused():
        _archive(world, address="十全街2号")
    assert queued(callbacks) == []


def test_a_changed_record_shows_on_the_dashboard_without_a_full_run(
    world, client_for, django_capture_on_commit_callbacks
):
    def c1():
        return Snapshot.objects.current().get(
            contract=world.contract_a,
            community=world.community_a,
            project_year__number=1,
            rule_code="C1",
        )

    assert c1().value == 0  # the world's contracts were computed when they were created
    with django_capture_on_commit_callbacks(execute=True):
        _archive(world)
        _archive(world, address="十全街2号", needs={})  # needs not filled in: not counted
    snapshot = c1()
    assert snapshot.value == 1
    assert snapshot.run.trigger == "record_change" and snapshot.run.contract == world.contract_a
    assert not MetricRun.objects.filter(contract__isnull=True).exists()  # no full run
    page = client_for("agency_manager").get(f"/metrics/contracts/{world.contract_a.pk}/")
    assert f'href="/metrics/snapshots/{snapshot.pk}/"' in page.content.decode()
    detail = client_for("agency_manager").get(f"/metrics/snapshots/{snapshot.pk}/")
    assert "十全街1号" in detail.content.decode()
    assert "十全街2号" in detail.content.decode()  # listed with the reason it is not counted
