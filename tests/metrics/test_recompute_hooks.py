"""Recompute hooks of the records not covered in test_recompute_on_change: governance projects
and their fund entries, volunteer activities, plan versions, lists naming another contract's
community, and one transaction touching many records of two contracts."""

from datetime import date
from decimal import Decimal

import pytest

from apps.cases.services.imports import target_list_confirm
from apps.catalogue.models import SubItem
from apps.community.models import FundDirection
from apps.community.services import archive_create, fund_entry_add, project_create
from apps.core.changes import contract_changes_paused
from apps.plans.services import plan_save
from apps.volunteers.services import activity_create, member_add
from tests.cases.helpers import street_a_upload
from tests.changes import announced
from tests.plans.builders import content
from tests.volunteers.builders import volunteer_team


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def queued(callbacks) -> list[int]:
    return announced(callbacks)


def _sub_item(world, code):
    return SubItem.objects.get(item__category__pilot_round=world.pilot_round, code=code)


def _fund_project(world, contract, community):
    return project_create(
        actor=None,
        contract=contract,
        community=community,
        sub_item=_sub_item(world, "A1-T4-2-1"),
        title="社区公益金",
        started_on=date(2019, 3, 1),
        fund_amount=Decimal("30000"),
    )


def test_a_governance_project_queues_its_contract_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _fund_project(world, world.contract_a, world.community_a)
    assert queued(callbacks) == [world.contract_a.pk]


def test_a_fund_entry_queues_its_projects_contract(world, django_capture_on_commit_callbacks):
    # A contract is queued once per transaction: the project is made with the hooks paused,
    # so what queues the contract below is the entry's own hook.
    with contract_changes_paused():
        project = _fund_project(world, world.contract_b, world.community_b)
    with django_capture_on_commit_callbacks() as callbacks:
        fund_entry_add(
            actor=None,
            project=project,
            entry_date=date(2019, 3, 5),
            direction=FundDirection.INCOME,
            amount="1000",
            note="捐赠",
        )
    assert queued(callbacks) == [world.contract_b.pk]


def test_a_volunteer_activity_queues_the_teams_contract(world, django_capture_on_commit_callbacks):
    with contract_changes_paused():  # the team and member queue the contract themselves
        team = volunteer_team(
            world.contract_b, world.community_b, date(2018, 9, 1), name="楼道志愿队", member=False
        )
        member = member_add(
            actor=None, team=team, name="王芳", phone="13912345678", joined_on=date(2018, 9, 2)
        )
    with django_capture_on_commit_callbacks() as callbacks:
        activity_create(
            actor=None,
            team=team,
            held_on=date(2019, 3, 1),
            title="敬老探访",
            hours="2",
            participants=[member.volunteer],
        )
    assert queued(callbacks) == [world.contract_b.pk]


def test_a_plan_version_queues_its_contract(world, django_capture_on_commit_callbacks):
    """The chosen sub-items decide whether the fund rule applies to a community."""
    with django_capture_on_commit_callbacks() as callbacks:
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    assert queued(callbacks) == [world.contract_a.pk]


def test_a_list_queues_every_contract_covering_one_of_its_communities(
    world, django_capture_on_commit_callbacks
):
    # A contract of another street that (unusually) also covers the listed community.
    world.contract_b.communities.add(world.community_a)
    street_user = world.users["street"]
    upload = street_a_upload(world, "测试乙", 802)
    with django_capture_on_commit_callbacks() as callbacks:
        target_list_confirm(actor=street_user, list_import=upload)
    assert queued(callbacks) == [world.contract_a.pk, world.contract_b.pk]


def test_many_changes_in_one_transaction_queue_each_contract_once(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for n in range(3):
            archive_create(
                actor=None,
                contract=world.contract_a,
                community=world.community_a,
                address=f"十全街{n + 10}号",
                household_head="陈阿婆",
                recorded_on=date(2019, 3, 1),
                needs={"医疗健康": "需要陪同就医"},
            )
        _fund_project(world, world.contract_b, world.community_b)
        _fund_project(world, world.contract_a, world.community_a)
    assert queued(callbacks) == [
        world.contract_a.pk,
        world.contract_b.pk,
    ]
