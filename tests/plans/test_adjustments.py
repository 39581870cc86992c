"""Adjustments: street → district → bureau, send back with reasons, new version, no reductions."""

import pytest
from django.core.exceptions import ValidationError

from apps.plans.models import AdjustmentStage, StepDecision
from apps.plans.services import (
    adjustment_decide,
    adjustment_file,
    adjustment_resubmit,
    plan_save,
    version_content,
)
from tests.plans.builders import REQUIRED, content, sub_ids


@pytest.fixture
def plan(world):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    return world.contract_a.execution_plan


def _more(world, people=45):
    return content(world.contract_a, [*REQUIRED, "A1-T1-1-1", "A1-T1-3-1"], people=people)


def _file(world, plan, proposal=None, *, by="street", reason="x"):
    """``by`` files an adjustment of ``plan`` proposing ``proposal`` (``_more`` unless given)."""
    proposal = proposal or _more(world)
    return adjustment_file(actor=world.users[by], plan=plan, reason=reason, proposal=proposal)


def _decide(world, adj, by, approve=True, **reason):
    return adjustment_decide(actor=world.users[by], adjustment=adj, approve=approve, **reason)


def test_street_files_district_and_bureau_approve_and_a_new_version_appears(world, plan):
    adj = _file(world, plan, reason="增加残疾人服务")
    assert adj.stage == AdjustmentStage.DISTRICT
    adj = _decide(world, adj, "district")
    assert adj.stage == AdjustmentStage.BUREAU
    assert plan.versions.count() == 1
    adj = _decide(world, adj, "bureau")
    assert adj.stage == AdjustmentStage.APPROVED
    v2 = plan.versions.order_by("-number").first()
    assert v2.number == 2 and v2.adjustment == adj
    assert all(p["people_served"] == 45 for p in version_content(v2).values())
    assert [s.decision for s in adj.steps.all()] == [
        StepDecision.FILE,
        StepDecision.APPROVE,
        StepDecision.APPROVE,
    ]


def test_an_agency_request_starts_at_the_street(world, plan):
    adj = _file(world, plan, by="agency_manager", reason="调整")
    assert adj.stage == AdjustmentStage.STREET
    adj = _decide(world, adj, "street")
    assert adj.stage == AdjustmentStage.DISTRICT


def test_send_back_needs_a_reason_and_the_request_can_be_filed_again(world, plan):
    adj = _file(world, plan, reason="调整")
    with pytest.raises(ValidationError):
        _decide(world, adj, "district", approve=False)
    adj = _decide(world, adj, "district", approve=False, reason="请补充需求调查依据")
    assert adj.stage == AdjustmentStage.SENT_BACK
    assert adj.steps.last().reason == "请补充需求调查依据"
    with pytest.raises(ValidationError):
        _decide(world, adj, "bureau")
    adj = adjustment_resubmit(
        actor=world.users["street"], adjustment=adj, reason="已补充依据", proposal=_more(world, 50)
    )
    assert adj.stage == AdjustmentStage.DISTRICT
    adj = _decide(world, adj, "district")
    adj = _decide(world, adj, "bureau", approve=False, reason="人数依据不足")
    assert adj.stage == AdjustmentStage.SENT_BACK
    assert plan.versions.count() == 1


def test_dropping_an_item_is_refused(world, plan):
    proposal = content(world.contract_a, REQUIRED, people=50)  # drops A1-T1-1
    with pytest.raises(ValidationError) as exc:
        _file(world, plan, proposal, reason="精简")
    assert "不得减少服务大项(A1-T1-1)" in str(exc.value)


def test_swapping_sub_items_within_an_item_keeps_composition(world, plan):
    codes = [*REQUIRED, "A1-T1-1-2"]
    adj = _file(world, plan, content(world.contract_a, codes), reason="换细项")
    assert adj.stage == AdjustmentStage.DISTRICT


def test_fewer_people_served_is_refused_same_number_allowed(world, plan):
    with pytest.raises(ValidationError) as exc:
        _file(world, plan, _more(world, people=39))
    assert "不得减少服务人数(40 → 39)" in str(exc.value)
    assert _file(world, plan, _more(world, people=40))


def test_an_adjustment_breaking_a_catalogue_rule_is_refused(world, plan):
    proposal = content(world.contract_a, [*REQUIRED, "A1-T1-1-1", "A1-T1-8-1"])
    with pytest.raises(ValidationError) as exc:
        _file(world, plan, proposal, reason="增加失独家庭服务")
    assert "不重复提供" in str(exc.value)


def test_only_one_open_adjustment_and_no_empty_change(world, plan):
    with pytest.raises(ValidationError):
        _file(world, plan, content(world.contract_a))
    _file(world, plan)
    with pytest.raises(ValidationError):
        _file(world, plan, _more(world, 60), reason="y")
    assert sub_ids(world.pilot_round, ["A1-T1-3-1"])
