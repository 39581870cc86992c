"""Service commissions (§六(二)) and the 1–2 pilot coordinators per street and community."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.accounts.models import Role
from apps.plans.selectors import coordinators
from apps.plans.services import commission_save
from tests.agencies.builders import load_rules
from tests.factories import make_person

FIELDS = {
    "term_start": date(2018, 7, 1),
    "term_end": date(2020, 6, 30),
    "client_groups": "困境老人、困境儿童",
    "methods": "个案、小组、社区活动",
    "team": "项目主管1名、社工7名、督导1名",
    "indicators": "§三(二) 完成指标",
    "deliverables": "需求档案、资源地图、调研报告",
}


def test_commission_with_the_street_or_a_community_of_the_contract(world):
    c = commission_save(
        actor=None, contract=world.contract_a, organization=world.unit_a.street, **FIELDS
    )
    assert c.pk
    again = commission_save(
        actor=None,
        contract=world.contract_a,
        organization=world.unit_a.street,
        **(FIELDS | {"methods": "个案"}),
    )
    assert again.pk == c.pk and again.methods == "个案"
    with pytest.raises(ValidationError):
        commission_save(
            actor=None, contract=world.contract_a, organization=world.community_b, **FIELDS
        )


def _row(world, org):
    return coordinators(organizations=[org], pilot_round=world.pilot_round)[0]


def test_coordinators_zero_warns_one_and_two_pass_three_warns(world):
    load_rules(world)
    community = world.contract_a.communities.exclude(pk=world.community_a.pk).first()
    assert not _row(world, community).check.ok
    make_person("c1", Role.COMMUNITY_COORDINATOR, community)
    assert _row(world, community).check.ok
    make_person("c2", Role.COMMUNITY_COORDINATOR, community)
    assert _row(world, community).check.ok
    make_person("c3", Role.COMMUNITY_COORDINATOR, community)
    row = _row(world, community)
    assert not row.check.ok and "3名" in row.check.detail


def test_plan_page_shows_the_coordinators_and_warns(world, client_for):
    load_rules(world)
    html = client_for("street").get(reverse("plans:plan_detail", args=[world.contract_a.pk]))
    text = html.content.decode()
    assert "p_street" in text and "p_community" in text
    # Three of the four communities have no coordinator yet.
    assert text.count("⚠") == 3
