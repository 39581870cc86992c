"""The minimal contract: an agency, one unit, at least the rule's number of its communities."""

import pytest
from django.core.exceptions import ValidationError

from apps.catalogue.models import IndicatorRule
from apps.procurement.services import contract_create
from tests.factories import make_communities


def _create(world, communities, number="N-1"):
    return contract_create(
        actor=None,
        unit=world.pilot_round.units.get(street__code="gusu-pingjiang"),
        agency=world.agency_a,
        number=number,
        communities=communities,
        start_date=world.pilot_round.service_start,
        end_date=world.pilot_round.service_end,
    )


def test_three_communities_are_refused_four_are_accepted(world):
    street = world.pilot_round.units.get(street__code="gusu-pingjiang").street
    communities = make_communities(street, 4)
    with pytest.raises(ValidationError) as exc:
        _create(world, communities[:3])
    assert "不少于4个社区" in str(exc.value) and "§三(三)" in str(exc.value)
    contract = _create(world, communities)
    assert contract.communities.count() == 4
    assert contract.annual_amount == world.pilot_round.units.first().annual_amount


def test_communities_of_another_street_are_refused(world):
    street = world.pilot_round.units.get(street__code="gusu-pingjiang").street
    mine = make_communities(street, 3)
    with pytest.raises(ValidationError) as exc:
        _create(world, [*mine, world.community_b])
    assert "不属于平江街道" in str(exc.value)


def test_minimum_comes_from_the_rule_data(world):
    IndicatorRule.objects.filter(code="COMMUNITIES").update(thresholds={"min_count": 5})
    street = world.pilot_round.units.get(street__code="gusu-pingjiang").street
    with pytest.raises(ValidationError) as exc:
        _create(world, make_communities(street, 4))
    assert "不少于5个社区" in str(exc.value)
