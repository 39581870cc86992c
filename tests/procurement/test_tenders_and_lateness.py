"""Tender → award → contract; team-formation lateness (§四): proposal computed, bureau decides."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.procurement.models import LatenessLevel, TenderStatus
from apps.procurement.selectors import contract_lateness
from apps.procurement.services import (
    bid_record,
    contract_team_formed_record,
    evaluator_contract_create,
    lateness_decide,
    tender_award,
    tender_open,
)


def _formed(world, days_after_deadline):
    deadline = world.pilot_round.team_deadline
    contract = contract_team_formed_record(
        actor=world.users["bureau"],
        contract=world.contract_a,
        formed_on=deadline + timedelta(days=days_after_deadline),
    )
    return contract_lateness(contract=contract)


@pytest.mark.parametrize(
    ("days", "level"),
    [
        (0, LatenessLevel.NONE),
        (15, LatenessLevel.NONE),
        (16, LatenessLevel.DEDUCTION),
        (30, LatenessLevel.DEDUCTION),
        (31, LatenessLevel.TERMINATION),
    ],
)
def test_lateness_boundaries_15_16_30_31(world, days, level):
    lateness = _formed(world, days)
    assert lateness.days_late == days
    assert lateness.level == level


def test_lateness_days_come_from_the_round(world):
    world.pilot_round.late_deduction_days = 10
    world.pilot_round.save()
    world.contract_a.unit.pilot_round.refresh_from_db()
    assert _formed(world, 11).level == LatenessLevel.DEDUCTION


def test_unformed_team_counts_days_until_today(world):
    deadline = world.pilot_round.team_deadline
    lateness = contract_lateness(contract=world.contract_a, on=deadline + timedelta(days=20))
    assert lateness.formed_on is None and lateness.days_late == 20
    assert lateness.level == LatenessLevel.DEDUCTION


def test_decision_is_kept_apart_from_the_proposal(world):
    _formed(world, 31)
    decision = lateness_decide(
        actor=world.users["bureau"],
        contract=world.contract_a,
        deduct_points=True,
        reason="因疫情延误,仅扣分,不解除合同",
    )
    assert decision.proposed_level == LatenessLevel.TERMINATION
    assert decision.deduct_points and not decision.terminate and not decision.bad_record
    assert decision.days_late == 31


def test_decision_needs_a_reason_and_a_late_team(world):
    _formed(world, 20)
    with pytest.raises(ValidationError):
        lateness_decide(actor=world.users["bureau"], contract=world.contract_a, reason=" ")
    _formed(world, 0)
    with pytest.raises(ValidationError):
        lateness_decide(
            actor=world.users["bureau"], contract=world.contract_a, deduct_points=True, reason="x"
        )


def test_tender_bids_and_award_link_the_contract(world):
    tender = tender_open(actor=None, unit=world.unit_a, announced_on=date(2018, 5, 25))
    assert tender.purchaser_street == world.unit_a.street
    assert tender.purchaser_district.code == "gusu"
    bid_record(actor=None, tender=tender, bidder=world.agency_a, submitted_on=date(2018, 6, 8))
    bid_record(actor=None, tender=tender, bidder=world.agency_b, submitted_on=date(2018, 6, 8))
    with pytest.raises(ValidationError):
        bid_record(actor=None, tender=tender, bidder=world.agency_a, submitted_on=date(2018, 6, 8))
    # agency A has no staff on record: Annex 2 fails, so the award needs a recorded override.
    award = tender_award(
        actor=None,
        tender=tender,
        agency=world.agency_a,
        awarded_on=date(2018, 6, 14),
        override_reason="资格材料已线下核验",
    )
    tender.refresh_from_db()
    assert tender.status == TenderStatus.AWARDED
    assert award.contract == world.contract_a
    with pytest.raises(ValidationError):
        bid_record(actor=None, tender=tender, bidder=world.agency_b, submitted_on=date(2018, 6, 9))


def test_award_only_to_a_bidder(world):
    tender = tender_open(actor=None, unit=world.unit_a, announced_on=date(2018, 5, 25))
    with pytest.raises(ValidationError):
        tender_award(actor=None, tender=tender, agency=world.agency_b, awarded_on=date(2018, 6, 14))


def test_evaluator_contract_is_within_related_costs(world):
    evaluator = world.users["evaluator"].memberships.get().organization
    kwargs = {
        "actor": None,
        "pilot_round": world.pilot_round,
        "evaluator": evaluator,
        "start_date": world.pilot_round.service_start,
        "end_date": world.pilot_round.service_end,
    }
    with pytest.raises(ValidationError):
        evaluator_contract_create(number="EV-X", amount=Decimal("2000000.01"), **kwargs)
    contract = evaluator_contract_create(number="EV-1", amount=Decimal("2000000"), **kwargs)
    assert contract.budget_line.kind == "related_costs"


def test_an_unformed_team_is_never_counted_past_the_contract_end(world):
    far = world.contract_a.end_date.replace(year=world.contract_a.end_date.year + 5)
    lateness = contract_lateness(contract=world.contract_a, on=far)
    assert lateness.days_late == (world.contract_a.end_date - world.pilot_round.team_deadline).days
