"""Demo evaluations and money: a rubric, submitted assessments, one approved mid-term with a
verification sample, one sent back, one draft, and payments (runs after the indicators).

Idempotent: a second run finds what the first one made and adds nothing.
"""

from datetime import date
from decimal import Decimal

from apps.accounts.models import User
from apps.procurement.models import Contract, EvaluatorContract

from .models import EvaluationKind, EvaluatorPayment, SampleItemResult, Status
from .permissions import evaluator_org_of
from .services import (
    assessment_save,
    assessment_submit,
    evaluation_approve,
    evaluation_send_back,
    evaluation_start,
    evaluation_submit,
    evaluator_payment_record,
    funding_declare,
    payment_record,
    rubric_default_create,
    sample_draw,
    sample_item_check,
    schedule_ensure,
    score_save,
    shortfall_decide,
)

QUESTIONS = "您是否了解社工在社区开展的服务?\n您对社工服务的态度和专业性是否满意?\n服务是否解决了您家庭的实际困难?"


def _assess(contract, year, actor):
    orgs = [contract.unit.street, *contract.communities.order_by("code")]
    from .models import Assessment

    done = set(
        Assessment.objects.filter(contract=contract, project_year=year).values_list(
            "organization_id", flat=True
        )
    )
    for n, org in enumerate(orgs):
        if org.pk in done:
            continue  # a second demo run finds it (submitted ones are read-only)
        a = assessment_save(
            actor=actor,
            contract=contract,
            organization=org,
            project_year=year,
            progress_score=Decimal(88 - n),
            effectiveness_score=Decimal(85 - n),
            survey_sample_size=30 + 5 * n,
            survey_questions=QUESTIONS,
            satisfaction_score=Decimal("91.5") - n,
            comment="按计划推进,社区居民反映良好。",
        )
        if a.status == Status.DRAFT:
            assessment_submit(actor=actor, assessment=a)


def _score(evaluation, adjust: dict):
    for s in evaluation.scores.select_related("indicator"):
        if s.indicator.code in adjust:
            score_save(
                actor=evaluation.evaluator,
                score=s,
                points=Decimal(adjust[s.indicator.code]),
                comment="现场核查后调整",
            )


def _decide_shortfalls(evaluation):
    c1 = evaluation.scores.filter(indicator__code="C1").first()
    for row in (c1.basis if c1 else []) or []:
        if row.get("shortfall") and "accepted" not in row:
            shortfall_decide(
                actor=evaluation.evaluator,
                evaluation=evaluation,
                community_id=row["community_id"],
                accept=True,
                reason="社区困境家庭总量有限,已尽力覆盖",
            )


def _submit(evaluation, summary: str):
    """Decide the shortfalls, then submit the evaluation to the bureau."""
    _decide_shortfalls(evaluation)
    evaluation.refresh_from_db()
    evaluation_submit(actor=evaluation.evaluator, evaluation=evaluation, summary=summary)


def demo_extend(*, pilot_round) -> None:
    bureau = User.objects.get(username="demo_bureau")
    evaluator = User.objects.get(username="demo_evaluator")
    rubric_default_create(actor=bureau, pilot_round=pilot_round)
    year1 = pilot_round.years.get(number=1)
    contracts = list(
        Contract.objects.filter(unit__pilot_round=pilot_round, number__endswith="(演示)")
        .select_related("unit__street", "unit__pilot_round")
        .order_by("number")
    )
    if len(contracts) < 3:
        return
    approved_c, sent_back_c, draft_c = contracts[:3]
    _assess(approved_c, year1, bureau)
    _assess(sent_back_c, year1, bureau)
    org = evaluator_org_of(evaluator)

    def start(contract):
        return evaluation_start(
            actor=evaluator,
            contract=contract,
            project_year=year1,
            kind=EvaluationKind.MID_TERM,
            evaluator_org=org,
        )

    from .models import EvaluationResult

    if not EvaluationResult.objects.filter(contract=approved_c, project_year=year1).exists():
        e = start(approved_c)
        if e.status == Status.DRAFT:
            sample = sample_draw(actor=evaluator, evaluation=e, seed=20190110)
            items = list(sample.items.order_by("pk"))
            # Every item passed but the last: the passed ones in one UPDATE, the last through
            # sample_item_check, which refreshes the suggestions and the total once for all.
            # (The service, per item, saves the result and then refreshes everything: a
            # hundred items took 20 s; the state after the last check is the same.)
            sample.items.filter(pk__in=[i.pk for i in items[:-1]]).update(
                result=SampleItemResult.PASSED, note=""
            )
            if items:
                failed = len(items) > 3
                sample_item_check(
                    actor=evaluator,
                    item=items[-1],
                    result=SampleItemResult.FAILED if failed else SampleItemResult.PASSED,
                    note="服务记录缺少服务对象签名" if failed else "",
                )
            _score(e, {"MEET": "2", "QREP": "1.5"})
            _submit(e, "中期进展总体良好。")
        evaluation_approve(
            actor=bureau,
            contract=approved_c,
            project_year=year1,
            kind=EvaluationKind.MID_TERM,
            note="同意评估结论。",
        )
    e2 = start(sent_back_c)
    if e2.status == Status.DRAFT and not e2.transitions.filter(to_status=Status.SENT_BACK).exists():
        _submit(e2, "")
        evaluation_send_back(
            actor=bureau,
            evaluation=e2,
            reason="未进行核查抽样,满意度依据不足,请补充后重新提交。",
        )
    start(draft_c)  # stays a draft on the evaluator's to-do list

    schedule_ensure(actor=bureau, contract=approved_c)
    first = approved_c.instalments.order_by("project_year__number", "order").first()
    if first is not None and not hasattr(first, "payment"):
        payment_record(actor=bureau, instalment=first, paid_on=date(2019, 1, 20))
    funding_declare(
        actor=bureau,
        contract=approved_c,
        text="本项目未与公益创投、为民服务专项经费、居民自治项目等其他资助项目重复(§六(三))。",
    )
    ev_contract = EvaluatorContract.objects.filter(pilot_round=pilot_round).first()
    if ev_contract and not EvaluatorPayment.objects.filter(evaluator_contract=ev_contract).exists():
        evaluator_payment_record(
            actor=bureau,
            evaluator_contract=ev_contract,
            amount=(ev_contract.amount * Decimal("0.3")).quantize(Decimal("0.01")),
            paid_on=date(2018, 12, 20),
        )
