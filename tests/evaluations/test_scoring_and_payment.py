"""The issue's "done when": rubric arithmetic, grade boundaries, lateness reaching the payment,
no release without approval, sent-back reasons, ceilings. Numbers are worked out here."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.evaluations.models import (
    EvaluationKind,
    EvaluationTransition,
    GradeBand,
    Payment,
    RubricIndicator,
    Status,
)
from apps.evaluations.rules import band_for, weighted_total
from apps.evaluations.selectors import payment_explain
from apps.evaluations.services import (
    evaluation_approve,
    evaluation_send_back,
    evaluation_submit,
    payment_record,
)
from apps.procurement.models import Contract
from apps.procurement.services import contract_team_formed_record, lateness_decide
from tests.evaluations.builders import instalments, rubric, set_points, start, submitted, year

PAID_ON = date(2019, 1, 15)


def _approve(world, kind=EvaluationKind.MID_TERM, number=1, contract=None):
    return evaluation_approve(
        actor=world.users["bureau"],
        contract=contract or world.contract_a,
        project_year=year(world, number),
        kind=kind,
    )


def test_weighted_total_scales_by_weight_over_max_points():
    # 3 of 4 points at weight 30, 10 of 10 at weight 70: (0.75×30 + 1×70) / 100 × 100 = 92.5
    assert weighted_total([(3, 4, 30), (10, 10, 70)]) == Decimal("92.50")
    # Weights summing to 50 are rescaled to 100: (2/4×25 + 5/5×25) / 50 × 100 = 75
    assert weighted_total([(2, 4, 25), (5, 5, 25)]) == Decimal("75.00")


def test_default_rubric_sums_to_100_and_bands_meet_at_their_minimum(world):
    r = rubric(world)
    indicators = RubricIndicator.objects.filter(dimension__rubric=r)
    assert sum(i.max_points for i in indicators) == Decimal(100)
    bands = list(r.bands.all())
    cases = {
        "100": "优秀",
        "90.00": "优秀",
        "89.99": "良好",
        "80": "良好",
        "79.99": "合格",
        "60": "合格",
        "59.99": "不合格",
        "0": "不合格",
    }
    for total, label in cases.items():
        assert band_for(Decimal(total), bands).label == label, total


def test_evaluation_total_at_band_boundary_through_the_scores(world):
    evaluation = start(world)
    # All maxima (100) minus 10 on SAMPLE (max 10) = 90.00: 优秀; minus 0.01 more: 良好.
    set_points(evaluation, {"SAMPLE": "0"})
    assert evaluation.total == Decimal("90.00") and evaluation.grade == "优秀"
    set_points(evaluation, {"SAMPLE": "0", "SATIS": "9.99"})
    assert evaluation.total == Decimal("89.99") and evaluation.grade == "良好"


def test_16_day_late_team_deduction_reaches_the_payment(world):
    bureau = world.users["bureau"]
    deadline = world.pilot_round.team_deadline
    contract_team_formed_record(
        actor=bureau, contract=world.contract_a, formed_on=deadline + timedelta(days=16)
    )
    lateness_decide(actor=bureau, contract=world.contract_a, reason="逾期16天", deduct_points=True)
    evaluation = start(world)
    late = evaluation.scores.get(indicator__code="LATE")
    assert late.suggested == Decimal(0) and late.points == Decimal(0)
    # Everything else at maximum except 18 points off SAMPLE+SATIS: 100 - 4 - 18 = 78 → 合格.
    set_points(evaluation, {"LATE": "0", "SAMPLE": "0", "SATIS": "2"})
    assert evaluation.total == Decimal("78.00")
    evaluation_submit(actor=evaluation.evaluator, evaluation=evaluation)
    result = _approve(world)
    factor = GradeBand.objects.get(rubric__pilot_round=world.pilot_round, label="合格")
    assert result.grade == "合格" and result.payment_factor == factor.payment_factor
    first = instalments(world)[0]
    payment = payment_record(actor=bureau, instalment=first, paid_on=PAID_ON)
    annual = world.contract_a.annual_amount
    assert payment.amount == (annual * Decimal("0.5") * Decimal("0.9")).quantize(Decimal("0.01"))
    # Without the deduction the same scores total 82 (良好, factor 1.00): the 4 points moved money.
    assert payment.amount < annual * Decimal("0.5")


def test_31_day_late_cut_reaches_the_payments_and_carries_over(world):
    bureau = world.users["bureau"]
    deadline = world.pilot_round.team_deadline
    contract_team_formed_record(
        actor=bureau, contract=world.contract_a, formed_on=deadline + timedelta(days=31)
    )
    cut = Decimal("600000.00")
    lateness_decide(
        actor=bureau, contract=world.contract_a, reason="逾期31天,扣减合同金额", amount_cut=cut
    )
    submitted(world)  # all maxima: 优秀, factor 1.00
    _approve(world)
    submitted(world, kind=EvaluationKind.FINAL)
    _approve(world, kind=EvaluationKind.FINAL)
    first, second = instalments(world)[:2]
    half = world.contract_a.annual_amount * Decimal("0.5")  # 550,000
    p1 = payment_record(actor=bureau, instalment=first, paid_on=PAID_ON)
    assert p1.amount == Decimal(0) and p1.cut_applied == half
    p2 = payment_record(actor=bureau, instalment=second, paid_on=PAID_ON)
    assert p2.cut_applied == cut - half and p2.amount == half - (cut - half)
    assert [s["clause"] for s in p2.steps if s["label"].startswith("扣减")] == [
        "§四 逾期超过30天视情扣减合同金额"
    ]


def test_no_instalment_without_an_approved_evaluation(world):
    first = instalments(world)[0]
    with pytest.raises(ValidationError):
        payment_record(actor=world.users["bureau"], instalment=first, paid_on=PAID_ON)
    submitted(world)  # submitted is not approved
    explanation = payment_explain(instalment=first)
    assert not explanation.releasable and "审定" in explanation.blocked
    with pytest.raises(ValidationError):
        payment_record(actor=world.users["bureau"], instalment=first, paid_on=PAID_ON)
    _approve(world)
    assert payment_record(actor=world.users["bureau"], instalment=first, paid_on=PAID_ON)
    # The final instalment of the same year still waits for the final evaluation.
    with pytest.raises(ValidationError):
        payment_record(
            actor=world.users["bureau"], instalment=instalments(world)[1], paid_on=PAID_ON
        )


def test_sent_back_evaluation_keeps_its_reasons(world):
    evaluation = submitted(world, {"SAMPLE": "0"})
    evaluation_send_back(actor=world.users["bureau"], evaluation=evaluation, reason="抽样未核查完")
    assert evaluation.status == Status.SENT_BACK
    set_points(evaluation, {"SAMPLE": "8"})
    evaluation_submit(actor=evaluation.evaluator, evaluation=evaluation)
    steps = list(EvaluationTransition.objects.filter(evaluation=evaluation).order_by("id"))
    assert [(s.from_status, s.to_status) for s in steps] == [
        ("", Status.DRAFT),
        (Status.DRAFT, Status.SUBMITTED),
        (Status.SUBMITTED, Status.SENT_BACK),
        (Status.SENT_BACK, Status.SUBMITTED),
    ]
    assert steps[2].reason == "抽样未核查完" and steps[2].actor == world.users["bureau"]
    with pytest.raises(ValidationError):
        evaluation_send_back(actor=world.users["bureau"], evaluation=evaluation, reason=" ")


def test_two_evaluators_are_consolidated_by_their_mean(world):
    from apps.accounts.models import Role
    from tests.factories import make_person

    evaluator_org = world.users["evaluator"].memberships.get().organization
    second = make_person("p_evaluator_2", Role.EVALUATOR, evaluator_org)
    submitted(world, {"SAMPLE": "10", "SATIS": "10"})
    submitted(world, {"SAMPLE": "4", "SATIS": "6"}, user=second)
    result = _approve(world)
    # Means: SAMPLE (10+4)/2 = 7, SATIS (10+6)/2 = 8; others at maximum: 100 - 3 - 2 = 95.
    assert result.per_indicator["SAMPLE"] == "7.00" and result.per_indicator["SATIS"] == "8.00"
    assert result.total == Decimal("95.00") and result.grade == "优秀"
    assert result.evaluations.count() == 2


def test_payments_never_exceed_the_contract(world):
    first = instalments(world)[0]
    submitted(world)
    _approve(world)
    # A planned amount above the whole term (2 × annual) is refused, nothing recorded.
    first.base_amount = world.contract_a.annual_amount * 3
    first.save(update_fields=["base_amount"])
    with pytest.raises(ValidationError, match="合同金额"):
        payment_record(actor=world.users["bureau"], instalment=first, paid_on=PAID_ON)
    assert not Payment.objects.exists()


def test_payments_never_exceed_the_round_budget(world):
    units_total = sum(u.annual_amount for u in world.pilot_round.units.all()) * 2  # 30.8 M
    assert units_total == Decimal("30800000")
    huge = Decimal("20000000.00")  # each instalment 10 M, contract term 40 M
    Contract.objects.filter(pk__in=[world.contract_a.pk, world.contract_b.pk]).update(
        annual_amount=huge
    )
    world.contract_a.refresh_from_db()
    world.contract_b.refresh_from_db()
    for contract in (world.contract_a, world.contract_b):
        submitted(world, contract=contract)
        _approve(world, contract=contract)
        submitted(world, contract=contract, kind=EvaluationKind.FINAL)
        _approve(world, contract=contract, kind=EvaluationKind.FINAL)
    a1, a2 = instalments(world, world.contract_a)[:2]
    b1, b2 = instalments(world, world.contract_b)[:2]
    bureau = world.users["bureau"]
    for inst in (a1, a2, b1):  # 30 M paid, within 30.8 M
        payment_record(actor=bureau, instalment=inst, paid_on=PAID_ON)
    with pytest.raises(ValidationError, match="服务项目经费"):
        payment_record(actor=bureau, instalment=b2, paid_on=PAID_ON)  # would reach 40 M
    assert sum(p.amount for p in Payment.objects.all()) == Decimal("30000000.00")
