"""Cases and service records: opening, logging, referrals, closing, review — at the boundaries."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.cases.models import CaseStatus, ServiceRecord
from apps.cases.services import (
    MAX_RECORD_MINUTES,
    case_close,
    case_review,
    referral_add,
    service_record_add,
)
from tests.cases.conftest import open_case, register, sub_item


def log(world, case, **kw):
    values = {
        "actor": case.assigned_worker,
        "case": case,
        "date": date(2019, 3, 5),
        "duration_minutes": 60,
        "mode": "home_visit",
        "sub_item": sub_item(world),
        "note": "入户探访,了解近况",
    }
    values.update(kw)
    return service_record_add(**values)


def test_case_opens_only_in_the_contracts_communities(world, client_b):
    with pytest.raises(ValidationError, match="合同覆盖的社区"):
        open_case(
            world, client_b, world.contract_a, world.community_b, world.users["social_worker"]
        )


def test_case_needs_recorded_consent(world):
    client = register(world, "未同意", world.community_a, 800, consent=False)
    with pytest.raises(ValidationError, match="知情同意"):
        open_case(world, client, world.contract_a, world.community_a, world.users["social_worker"])


def test_assigned_worker_must_work_for_the_contracts_agency(world, client_a):
    with pytest.raises(ValidationError, match="负责社工"):
        open_case(
            world, client_a, world.contract_a, world.community_a, world.users["other_social_worker"]
        )


def test_case_sub_items_must_come_from_table_1(world, client_a):
    from apps.cases.services import case_open

    with pytest.raises(ValidationError, match="附件1表1"):
        case_open(
            actor=None,
            contract=world.contract_a,
            community=world.community_a,
            kind="individual",
            client=client_a,
            sub_items=[sub_item(world, "A1-T2-2-1")],
            assessment="a",
            plan="p",
            assigned_worker=world.users["social_worker"],
            opened_on=date(2019, 3, 1),
        )


def test_opening_date_boundaries_are_the_contract_term(world, client_a):
    worker = world.users["social_worker"]
    c = world.contract_a
    open_case(world, client_a, c, world.community_a, worker, opened_on=c.start_date)
    with pytest.raises(ValidationError, match="合同期内"):
        open_case(
            world, client_a, c, world.community_a, worker, opened_on=c.start_date - timedelta(1)
        )
    open_case(world, client_a, c, world.community_a, worker, opened_on=c.end_date)
    with pytest.raises(ValidationError, match="合同期内"):
        open_case(
            world, client_a, c, world.community_a, worker, opened_on=c.end_date + timedelta(1)
        )


def test_service_record_date_boundaries(world, case_a):
    log(world, case_a, date=case_a.opened_on)
    with pytest.raises(ValidationError, match="早于开案日期"):
        log(world, case_a, date=case_a.opened_on - timedelta(1))
    log(world, case_a, date=world.contract_a.end_date)
    with pytest.raises(ValidationError, match="合同结束日期"):
        log(world, case_a, date=world.contract_a.end_date + timedelta(1))


def test_service_record_duration_boundaries(world, case_a):
    log(world, case_a, duration_minutes=1)
    with pytest.raises(ValidationError, match="至少1分钟"):
        log(world, case_a, duration_minutes=0)
    log(world, case_a, duration_minutes=MAX_RECORD_MINUTES)
    with pytest.raises(ValidationError, match="不能超过"):
        log(world, case_a, duration_minutes=MAX_RECORD_MINUTES + 1)
    assert ServiceRecord.objects.count() == 2


def test_service_record_sub_item_must_be_one_the_case_serves(world, case_a):
    with pytest.raises(ValidationError, match="该个案所服务的细项"):
        log(world, case_a, sub_item=sub_item(world, "A1-T1-2-1"))


def test_closing_not_before_the_last_record_and_then_no_more_records(world, case_a):
    log(world, case_a, date=date(2019, 4, 1))
    with pytest.raises(ValidationError, match="最后一次服务日期"):
        case_close(actor=None, case=case_a, closed_on=date(2019, 3, 31), summary="结案")
    with pytest.raises(ValidationError, match="结案小结"):
        case_close(actor=None, case=case_a, closed_on=date(2019, 4, 1), summary="")
    case_close(actor=None, case=case_a, closed_on=date(2019, 4, 1), summary="目标达成")
    assert case_a.status == CaseStatus.CLOSED
    with pytest.raises(ValidationError, match="已结案"):
        log(world, case_a, date=date(2019, 4, 2))


def test_referral_and_review(world, case_a):
    referral_add(
        actor=case_a.assigned_worker,
        case=case_a,
        date=date(2019, 3, 2),
        to_organization="区残联",
        reason="辅具申请",
    )
    with pytest.raises(ValidationError, match="意见"):
        case_review(actor=world.users["supervisor"], case=case_a, decision="returned")
    review = case_review(actor=world.users["supervisor"], case=case_a, decision="approved")
    assert review.role == "督导"
