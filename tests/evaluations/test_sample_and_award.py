"""The verification sample (reproducible, sized by the rule) and the award's Annex 2 check."""

import math
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.community.models import HouseholdArchive
from apps.evaluations.models import SampleItem, SampleItemResult
from apps.evaluations.services import sample_draw, sample_item_check
from apps.procurement.models import Award
from apps.procurement.services import bid_record, tender_award, tender_open
from tests.community.builders import make_archives
from tests.evaluations.builders import start, year
from tests.factories import make_communities


def _expected(population, share=Decimal("0.1"), minimum=3):
    return min(population, max(minimum, math.ceil(share * population)))


def test_sample_size_follows_the_rule_and_the_seed_reproduces_it(world):
    y1 = year(world)
    others = [c for c in world.contract_a.communities.order_by("code") if c != world.community_a]
    sizes = {world.community_a: 45, others[0]: 5, others[1]: 2}
    for i, (community, n) in enumerate(sizes.items()):
        make_archives(world, community=community, year=y1, total=n, distressed=0, prefix=f"路{i}-")
    evaluation = start(world)
    sample = sample_draw(actor=evaluation.evaluator, evaluation=evaluation, seed=20180701)
    drawn = list(SampleItem.objects.filter(sample=sample).values_list("community_id", "record_id"))
    for community, n in sizes.items():
        got = [r for c, r in drawn if c == community.pk]
        # 45 → ceil(4.5) = 5; 5 → the minimum 3; 2 → all 2 (never more than there are).
        assert len(got) == _expected(n), community.name
        own = set(HouseholdArchive.objects.filter(community=community).values_list("pk", flat=True))
        assert set(got) <= own
    assert sample.seed == 20180701
    # The same seed draws the same records again (a fresh draw replaces an unchecked one).
    again = sample_draw(actor=evaluation.evaluator, evaluation=evaluation, seed=20180701)
    assert sorted(again.items.values_list("community_id", "record_id")) == sorted(drawn)


def test_checked_share_feeds_the_sample_indicator(world):
    make_archives(world, community=world.community_a, year=year(world), total=10, distressed=0)
    evaluation = start(world)
    sample = sample_draw(actor=evaluation.evaluator, evaluation=evaluation, seed=7)
    items = list(sample.items.all())
    assert len(items) == 3  # max(3, ceil(0.1 × 10) = 1)
    sample_item_check(actor=evaluation.evaluator, item=items[0], result=SampleItemResult.PASSED)
    sample_item_check(actor=evaluation.evaluator, item=items[1], result=SampleItemResult.PASSED)
    with pytest.raises(ValidationError):  # a failure needs its reason
        sample_item_check(actor=evaluation.evaluator, item=items[2], result=SampleItemResult.FAILED)
    sample_item_check(
        actor=evaluation.evaluator, item=items[2], result=SampleItemResult.FAILED, note="无签名"
    )
    score = evaluation.scores.get(indicator__code="SAMPLE")
    assert score.suggested == Decimal("6.67")  # 10 × 2 / 3
    assert score.points == score.suggested
    with pytest.raises(ValidationError):  # checked items: no redraw
        sample_draw(actor=evaluation.evaluator, evaluation=evaluation, seed=8)


def _tender_with_bid(world):
    tender = tender_open(actor=None, unit=world.unit_a, announced_on=date(2018, 5, 25))
    bid_record(actor=None, tender=tender, bidder=world.agency_a, submitted_on=date(2018, 6, 8))
    return tender


def test_award_refuses_an_unqualified_bidder_without_an_override(world):
    from apps.agencies.services import qualification_rules_load

    qualification_rules_load()
    tender = _tender_with_bid(world)
    # Agency A has no registration profile and no staff: Annex 2 fails.
    with pytest.raises(ValidationError) as exc:
        tender_award(
            actor=world.users["bureau"],
            tender=tender,
            agency=world.agency_a,
            awarded_on=date(2018, 6, 14),
        )
    assert "override_reason" in exc.value.error_dict
    assert not Award.objects.filter(tender=tender).exists()
    award = tender_award(
        actor=world.users["bureau"],
        tender=tender,
        agency=world.agency_a,
        awarded_on=date(2018, 6, 14),
        override_reason="唯一投标人,资格材料限期补正",
    )
    assert award.qualification_problems and award.override_by == world.users["bureau"]
    assert award.override_reason == "唯一投标人,资格材料限期补正"


def test_award_page_shows_the_refusal_and_signs_the_contract(world, client_for):
    from django.urls import reverse

    tender = _tender_with_bid(world)
    bureau = client_for("bureau")
    url = reverse("procurement:award_add", args=[tender.pk])
    data = {"agency": world.agency_a.pk, "awarded_on": "2018-06-14"}
    refused = bureau.post(url, data, follow=True)
    assert "例外授予理由" in refused.content.decode()  # the refusal names the way out
    assert not Award.objects.filter(tender=tender).exists()
    done = bureau.post(url, {**data, "override_reason": "材料补正中"})
    assert done.status_code == 302
    award = Award.objects.get(tender=tender)
    # The world's contract for this unit is linked already; a new unit's award signs one here.
    assert award.contract == world.contract_a
    assert client_for("agency_manager").post(url, data).status_code in (403, 404)


def test_award_contract_created_in_the_portal(world, client_for):
    from django.urls import reverse

    unit = world.pilot_round.units.get(street__code="gusu-wumenqiao")
    communities = make_communities(unit.street, 4)
    tender = tender_open(actor=None, unit=unit, announced_on=date(2018, 5, 25))
    bid_record(actor=None, tender=tender, bidder=world.agency_a, submitted_on=date(2018, 6, 8))
    tender_award(
        actor=None,
        tender=tender,
        agency=world.agency_a,
        awarded_on=date(2018, 6, 14),
        override_reason="测试",
    )
    response = client_for("bureau").post(
        reverse("procurement:award_contract", args=[tender.pk]),
        {
            "number": "T-W",
            "communities": [c.pk for c in communities],
            "start_date": "2018-07-01",
            "end_date": "2020-06-30",
        },
    )
    assert response.status_code == 302
    award = Award.objects.get(tender=tender)
    assert award.contract.number == "T-W" and award.contract.annual_amount == unit.annual_amount
