"""Execution plans against the catalogue rules; approvals in order; versions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.plans.services import plan_approval_record, plan_save, version_content
from tests.plans.builders import REQUIRED, content, sub_ids


def test_a_plan_with_every_required_item_is_saved_as_version_one(world):
    version = plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    assert version.number == 1
    assert version.communities.count() == world.contract_a.communities.count()


@pytest.mark.parametrize("missing", ["A1-T2-1-1", "A1-T2-2-1", "A1-T3-3-1"])
def test_a_missing_mandatory_item_is_refused(world, missing):
    codes = [c for c in REQUIRED if c != missing]
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a, codes))
    assert "必选大项" in str(exc.value) and missing.rsplit("-", 1)[0] in str(exc.value)


def test_an_item_with_no_sub_item_chosen_fails_its_minimum(world):
    codes = [c for c in REQUIRED if c != "A1-T4-3-1"]
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a, codes))
    assert "A1-T4-3" in str(exc.value) and "已选0个细项(要求≥1)" in str(exc.value)


def test_minimum_comes_from_the_rule_params(world):
    from apps.catalogue.models import CatalogueRule

    CatalogueRule.objects.filter(code="A1-T4-1-min").update(params={"min": 2})
    with pytest.raises(ValidationError):
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    codes = [*REQUIRED, "A1-T4-1-2"]
    assert plan_save(
        actor=None, contract=world.contract_a, content=content(world.contract_a, codes)
    )


def test_lost_only_child_families_are_excluded_in_gusu_but_allowed_in_the_park(world):
    codes = [*REQUIRED, "A1-T1-8-1"]
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a, codes))
    assert "A1-T1-8" in str(exc.value) and "不重复提供" in str(exc.value)
    assert plan_save(
        actor=None, contract=world.contract_b, content=content(world.contract_b, codes)
    )


def test_every_community_of_the_contract_needs_its_part(world):
    data = content(world.contract_a)
    data.pop(next(iter(data)))
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=data)
    assert "缺少以下社区的方案" in str(exc.value)


def test_a_community_outside_the_contract_is_refused(world):
    data = content(world.contract_a, overrides={world.community_b.pk: {"sub_items": []}})
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=data)
    assert "不是本合同的服务社区" in str(exc.value)


def test_approvals_are_recorded_in_order_and_then_the_plan_is_frozen(world):
    version = plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    pc = version.communities.first()
    with pytest.raises(ValidationError):
        plan_approval_record(
            actor=None, plan_community=pc, step="committee_approved_on", on=date(2018, 7, 5)
        )
    for step, day in [
        ("residents_consulted_on", 3),
        ("committee_approved_on", 5),
        ("filed_with_street_on", 8),
    ]:
        plan_approval_record(actor=None, plan_community=pc, step=step, on=date(2018, 7, day))
    pc.refresh_from_db()
    assert pc.approved
    with pytest.raises(ValidationError) as exc:
        plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    assert "调整申请" in str(exc.value)


def test_a_draft_can_be_replaced_before_any_approval(world):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    extra = sub_ids(world.pilot_round, ["A1-T1-2-1"])[0]
    v = plan_save(
        actor=None,
        contract=world.contract_a,
        content=content(world.contract_a, [*REQUIRED, "A1-T1-2-1"]),
    )
    assert v.number == 1
    assert all(extra in part["sub_items"] for part in version_content(v).values())
