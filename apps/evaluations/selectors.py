"""Reads: pre-filled suggestions, comparisons of evaluators, payment explainer, budget table.

The arithmetic and the decisions behind it live in ``rules.py``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from apps.core.clock import today
from apps.metrics.display import indicator_value
from apps.procurement.models import (
    BudgetLineKind,
    EvaluatorContract,
    LatenessDecision,
    round_budget_totals,
)

from .models import (
    Assessment,
    Evaluation,
    EvaluationResult,
    EvaluatorPayment,
    Instalment,
    Payment,
    Rubric,
    RubricIndicator,
    SampleItemResult,
    Score,
    SourceKind,
    Status,
)
from .rules import Explanation, Step, band_for, q2, weighted_total


def rubric_for_round(pilot_round) -> Rubric | None:
    return Rubric.objects.filter(pilot_round=pilot_round).first()


def rubric_indicators(rubric) -> list[RubricIndicator]:
    return list(
        RubricIndicator.objects.filter(dimension__rubric=rubric)
        .select_related("dimension")
        .order_by("dimension__order", "order", "id")
    )


def _elapsed(project_year, on: date) -> int:
    end = min(on, project_year.end)
    return max((end - project_year.start).days + 1, 0)


def suggestion(*, indicator, evaluation, accepted: dict | None = None):
    """(suggested points or None, basis rows [{clause, label, value}]) for one indicator.

    ``accepted``: community id → True/False, the evaluator's decision on C1's "原则上".
    """
    from apps.metrics.models import Snapshot

    contract, year, m = evaluation.contract, evaluation.project_year, indicator.max_points
    src = indicator.source
    if src == SourceKind.SNAPSHOT:
        snaps = list(
            Snapshot.objects.current()
            .filter(contract=contract, rule_code=indicator.rule_code, applicable=True)
            .filter(Q(project_year=year) | Q(project_year__isnull=True))
            .select_related("community", "rule")
            .order_by("community__code")
        )
        yearly = [s for s in snaps if s.project_year_id == year.pk]
        snaps = yearly or snaps
        if not snaps:
            return None, [{"clause": indicator.clause, "label": "尚无指标快照", "value": "—"}]
        met, basis = 0, []
        for s in snaps:
            ok = s.met
            values = s.values or {}
            # Only the "原则上" share is short (the count itself is met): the evaluator decides.
            min_count = (s.thresholds or {}).get("min_count")
            shortfall = (
                values.get("share_in_principle")
                and values.get("share_met") is False
                and min_count is not None
                and Decimal(values.get("count", 0)) >= Decimal(str(min_count))
            )
            if shortfall and s.community_id:
                decision = (accepted or {}).get(str(s.community_id))
                ok = s.met and decision is not False
            met += 1 if ok else 0
            basis.append(
                {
                    "clause": s.rule.clause,
                    "label": s.community.name if s.community_id else "合同(街道层面)",
                    "value": indicator_value(s),
                    "met": ok,
                    "shortfall": bool(shortfall),
                    "community_id": s.community_id,
                    "snapshot_id": s.pk,
                }
            )
        return q2(m * met / len(snaps)), basis
    if src == SourceKind.TEAM:
        from apps.agencies.rules import RulesMissing
        from apps.agencies.selectors import team_checks_for_contracts

        try:
            result = team_checks_for_contracts(contracts=[contract]).get(contract.pk)
        except RulesMissing:
            result = None
        if result is None or not result.checks:
            return Decimal(0), [{"clause": indicator.clause, "label": "团队未登记", "value": "0"}]
        ok = sum(1 for c in result.checks if c.ok)
        basis = [
            {"clause": c.clause, "label": c.name, "value": c.label, "met": c.ok}
            for c in result.checks
        ]
        return q2(m * ok / len(result.checks)), basis
    if src == SourceKind.LATENESS:
        decision = LatenessDecision.objects.filter(contract=contract).first()
        if decision and decision.deduct_points:
            return Decimal(0), [
                {
                    "clause": "§四",
                    "label": f"逾期{decision.days_late}天,市民政局决定评估中扣分",
                    "value": decision.reason,
                    "met": False,
                }
            ]
        label = f"逾期{decision.days_late}天,决定不扣分" if decision else "无逾期扣分决定"
        return m, [{"clause": "§四", "label": label, "value": "—", "met": True}]
    if src == SourceKind.PLAN:
        from apps.plans.selectors import plan_states

        state = plan_states(contracts=[contract]).get(contract.pk, "none")
        factor = {"approved": Decimal(1), "draft": Decimal("0.5")}.get(state, Decimal(0))
        labels = {"approved": "已审定备案", "draft": "待审定", "none": "未提交"}
        return q2(m * factor), [
            {"clause": indicator.clause, "label": "执行方案", "value": labels[state]}
        ]
    if src == SourceKind.MEETINGS:
        from apps.community.models import Meeting, MeetingKind

        days = _elapsed(year, evaluation_day(evaluation))
        held = defaultdict(int)
        for kind in Meeting.objects.filter(contract=contract, project_year=year).values_list(
            "kind", flat=True
        ):
            held[kind] += 1
        communities = contract.communities.count()
        expected_weekly = communities * (days // 7)
        expected_monthly = days // 30
        expected = expected_weekly + expected_monthly
        got = min(held[MeetingKind.WEEKLY], expected_weekly) + min(
            held[MeetingKind.MONTHLY], expected_monthly
        )
        basis = [
            {
                "clause": "§六(二)",
                "label": "社区周联席会议",
                "value": f"{held[MeetingKind.WEEKLY]}/{expected_weekly}",
            },
            {
                "clause": "§六(二)",
                "label": "街道月联席会议",
                "value": f"{held[MeetingKind.MONTHLY]}/{expected_monthly}",
            },
        ]
        return (q2(m * got / expected) if expected else m), basis
    if src == SourceKind.QUARTERLY:
        from apps.community.models import QuarterlyReport

        days = _elapsed(year, evaluation_day(evaluation))
        expected = min(4, days // 91)
        got = QuarterlyReport.objects.filter(
            contract=contract, period_start__gte=year.start, period_start__lte=year.end
        ).count()
        basis = [{"clause": "§六(二)", "label": "季度进展报告", "value": f"{got}/{expected}"}]
        return (q2(m * min(got, expected) / expected) if expected else m), basis
    if src in (SourceKind.ASSESSMENT, SourceKind.SATISFACTION):
        rows = list(
            Assessment.objects.filter(
                contract=contract, project_year=year, status=Status.SUBMITTED
            ).select_related("organization")
        )
        if not rows:
            return None, [
                {"clause": indicator.clause, "label": "尚无已提交的年度考核", "value": "—"}
            ]
        if src == SourceKind.ASSESSMENT:
            values = [(a.progress_score + a.effectiveness_score) / 2 for a in rows]
        else:
            values = [a.satisfaction_score for a in rows]
        basis = [
            {"clause": indicator.clause, "label": a.organization.name, "value": str(q2(v))}
            for a, v in zip(rows, values, strict=True)
        ]
        mean = sum(values, Decimal(0)) / len(values)
        return q2(m * mean / 100), basis
    if src == SourceKind.SAMPLE:
        sample = getattr(evaluation, "sample", None) if evaluation.pk else None
        if sample is None:
            return None, [{"clause": indicator.clause, "label": "尚未抽样", "value": "—"}]
        counts = defaultdict(int)
        for r in sample.items.values_list("result", flat=True):
            counts[r] += 1
        checked = counts[SampleItemResult.PASSED] + counts[SampleItemResult.FAILED]
        basis = [
            {
                "clause": indicator.clause,
                "label": "核查通过/已核查/抽样",
                "value": f"{counts[SampleItemResult.PASSED]}/{checked}/{sum(counts.values())}",
            }
        ]
        if not checked:
            return None, basis
        return q2(m * counts[SampleItemResult.PASSED] / checked), basis
    return None, []


def evaluation_day(evaluation) -> date:
    return min(today(), evaluation.project_year.end)


def evaluation_scores(*, evaluation) -> list[Score]:
    return list(
        evaluation.scores.select_related("indicator", "indicator__dimension").order_by(
            "indicator__dimension__order", "indicator__order", "indicator_id"
        )
    )


def evaluation_total(*, evaluation) -> tuple[Decimal, object]:
    """The evaluation's 0–100 total and its band (see rules.weighted_total)."""
    rows = [
        (s.points, s.indicator.max_points, s.indicator.weight)
        for s in evaluation_scores(evaluation=evaluation)
    ]
    total = weighted_total(rows)
    rubric = rubric_for_round(evaluation.contract.unit.pilot_round)
    return total, band_for(total, rubric.bands.all()) if rubric else None


def comparison(*, contract, project_year, kind) -> dict:
    """Every evaluation of one contract × year × kind side by side, differences flagged."""
    evaluations = list(
        Evaluation.objects.with_related()
        .filter(contract=contract, project_year=project_year, kind=kind)
        .exclude(status=Status.DRAFT)
        .order_by("id")
    )
    rubric = rubric_for_round(contract.unit.pilot_round)
    indicators = rubric_indicators(rubric) if rubric else []
    points = defaultdict(dict)
    for s in Score.objects.filter(evaluation__in=evaluations):
        points[s.indicator_id][s.evaluation_id] = s.points
    submitted = [e for e in evaluations if e.status in (Status.SUBMITTED, Status.APPROVED)]
    rows = []
    threshold = rubric.difference_threshold if rubric else Decimal("0.2")
    for ind in indicators:
        cells = [points[ind.pk].get(e.pk) for e in evaluations]
        used = [points[ind.pk][e.pk] for e in submitted if e.pk in points[ind.pk]]
        mean = q2(sum(used, Decimal(0)) / len(used)) if used else None
        spread = (max(used) - min(used)) if len(used) > 1 else Decimal(0)
        rows.append(
            {
                "indicator": ind,
                "cells": cells,
                "mean": mean,
                "spread": spread,
                "flagged": spread > ind.max_points * threshold,
            }
        )
    total = (
        weighted_total(
            [
                (r["mean"], r["indicator"].max_points, r["indicator"].weight)
                for r in rows
                if r["mean"] is not None
            ]
        )
        if rows and all(r["mean"] is not None for r in rows)
        else None
    )
    band = band_for(total, rubric.bands.all()) if (rubric and total is not None) else None
    return {
        "evaluations": evaluations,
        "submitted": submitted,
        "rows": rows,
        "total": total,
        "band": band,
        "result": EvaluationResult.objects.filter(
            contract=contract, project_year=project_year, kind=kind
        ).first(),
        "flagged": sum(1 for r in rows if r["flagged"]),
    }


def contract_term_amount(contract) -> Decimal:
    return contract.annual_amount * contract.unit.pilot_round.years.count()


def contract_cut(contract) -> Decimal:
    d = LatenessDecision.objects.filter(contract=contract).first()
    if d is None or d.amount_cut is None:
        return Decimal(0)
    return d.amount_cut


def payment_explain(*, instalment: Instalment, paid_on: date | None = None) -> Explanation:
    """Every amount of one instalment, step by step with its clause; ``blocked`` says why not."""
    contract = instalment.contract
    exp = Explanation(instalment=instalment, result=None)
    base = instalment.base_amount
    exp.steps.append(
        Step(
            "计划金额",
            base,
            "§五(一);合同;默认付款计划",
            f"年度金额 {contract.annual_amount:,.2f} × {instalment.share:.0%}({instalment.name})",
        )
    )
    if hasattr(instalment, "payment"):
        exp.blocked = "本期已付款。"
    result = EvaluationResult.objects.filter(
        contract=contract, project_year=instalment.project_year, kind=instalment.kind
    ).first()
    exp.result = result
    if result is None:
        kind_label = dict(Instalment._meta.get_field("kind").choices)[instalment.kind]
        exp.blocked = exp.blocked or f"尚无市民政局审定的{kind_label},不能放款(§六(一))。"
        exp.amount = Decimal(0)
        return exp
    scaled = q2(base * result.payment_factor)
    exp.steps.append(
        Step(
            "按评估等次调整",
            scaled,
            "§六(一) 根据综合评估结果支付",
            f"{result.get_kind_display()}总分 {result.total},等次“{result.grade}”,付款系数 {result.payment_factor}",
        )
    )
    cut_total = contract_cut(contract)
    used = Payment.objects.filter(instalment__contract=contract).exclude(
        instalment=instalment
    ).aggregate(s=Sum("cut_applied"))["s"] or Decimal(0)
    remaining_cut = max(cut_total - used, Decimal(0))
    cut_now = min(remaining_cut, scaled)
    amount = scaled - cut_now
    if cut_total:
        exp.steps.append(
            Step(
                "扣减合同金额(团队组建逾期)",
                -cut_now,
                "§四 逾期超过30天视情扣减合同金额",
                f"已决定扣减 {cut_total:,.2f},此前已抵扣 {used:,.2f},本期抵扣 {cut_now:,.2f}",
            )
        )
    exp.cut_applied = cut_now
    paid_contract = Payment.objects.filter(instalment__contract=contract).exclude(
        instalment=instalment
    ).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    ceiling = contract_term_amount(contract) - cut_total
    if paid_contract + amount > ceiling:
        exp.blocked = exp.blocked or (
            f"合同累计付款将超过合同金额(扣减后 {ceiling} 元,已付 {paid_contract} 元)。"
        )
    totals = round_budget_totals(contract.unit.pilot_round)
    paid_round = Payment.objects.filter(
        instalment__contract__unit__pilot_round=contract.unit.pilot_round
    ).exclude(instalment=instalment).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    if paid_round + amount > totals["units_total"]:
        exp.blocked = exp.blocked or (
            f"全轮付款将超过服务项目经费 {totals['units_total']} 元(已付 {paid_round} 元)。"
        )
    exp.steps.append(
        Step(
            "本期应付",
            amount,
            "§六(一)",
            f"合同此前已付 {paid_contract:,.2f} 元,合同上限(扣减后) {ceiling:,.2f} 元",
        )
    )
    exp.amount = amount
    return exp


def contract_schedule(*, contract) -> list[dict]:
    rows = []
    for inst in (
        Instalment.objects.filter(contract=contract)
        .select_related("project_year", "contract__unit__pilot_round", "payment")
        .order_by("project_year__number", "order")
    ):
        rows.append({"instalment": inst, "explanation": payment_explain(instalment=inst)})
    return rows


def budget_table(*, pilot_round) -> dict:
    """Paid, committed and remaining against the units' budget, the related costs and each
    funding year (a bounded number of queries)."""
    totals = round_budget_totals(pilot_round)
    years = totals["years"]
    from apps.procurement.models import Contract

    contracts = list(
        Contract.objects.filter(unit__pilot_round=pilot_round)
        .select_related("unit__street", "agency")
        .order_by("unit_id")  # the plan's order of §二
    )
    cuts = {
        d.contract_id: d.amount_cut or Decimal(0)
        for d in LatenessDecision.objects.filter(contract__in=contracts)
    }
    paid = defaultdict(Decimal)
    paid_by_year = defaultdict(Decimal)
    for c_id, amount, fy in Payment.objects.filter(instalment__contract__in=contracts).values_list(
        "instalment__contract_id", "amount", "fiscal_year"
    ):
        paid[c_id] += amount
        paid_by_year[fy] += amount
    rows = []
    for c in contracts:
        committed = c.annual_amount * years - cuts.get(c.pk, Decimal(0))
        rows.append(
            {
                "contract": c,
                "committed": committed,
                "cut": cuts.get(c.pk, Decimal(0)),
                "paid": paid[c.pk],
                "remaining": committed - paid[c.pk],
            }
        )
    units_paid = sum((r["paid"] for r in rows), Decimal(0))
    units_committed = sum((r["committed"] for r in rows), Decimal(0))
    ev_contracts = list(
        EvaluatorContract.objects.filter(pilot_round=pilot_round).select_related("evaluator")
    )
    ev_paid = defaultdict(Decimal)
    for ec_id, amount, fy in EvaluatorPayment.objects.filter(
        evaluator_contract__in=ev_contracts
    ).values_list("evaluator_contract_id", "amount", "fiscal_year"):
        ev_paid[ec_id] += amount
        paid_by_year[fy] += amount
    related_committed = sum((e.amount for e in ev_contracts), Decimal(0))
    related_paid = sum(ev_paid.values(), Decimal(0))
    funding = [
        {
            "line": line,
            "paid": paid_by_year.get(line.fiscal_year, Decimal(0)),
            "remaining": line.amount - paid_by_year.get(line.fiscal_year, Decimal(0)),
        }
        for line in pilot_round.budget_lines.filter(kind=BudgetLineKind.FUNDING).order_by(
            "fiscal_year"
        )
    ]
    return {
        "totals": totals,
        "rows": rows,
        "units": {
            "budget": totals["units_total"],
            "committed": units_committed,
            "paid": units_paid,
            "remaining": totals["units_total"] - units_paid,
        },
        "related": {
            "budget": totals["related_costs"],
            "committed": related_committed,
            "paid": related_paid,
            "remaining": totals["related_costs"] - related_paid,
            "contracts": [(e, ev_paid[e.pk]) for e in ev_contracts],
        },
        "all": {
            "budget": totals["total"],
            "paid": units_paid + related_paid,
            "remaining": totals["total"] - units_paid - related_paid,
        },
        "funding": funding,
    }


def double_funding_flags(*, contract) -> list[dict]:
    """§六(三): clients or activities of this contract also recorded under another funded project."""
    from apps.cases.models import Case
    from apps.community.models import GovernanceProject

    from .models import OtherFundedProject

    flags = []
    others = list(OtherFundedProject.objects.filter(contract=contract).prefetch_related("clients"))
    served = set(
        Case.objects.filter(contract=contract, client__isnull=False).values_list(
            "client_id", flat=True
        )
    )
    titles = {
        t.strip(): pk
        for pk, t in GovernanceProject.objects.filter(contract=contract).values_list("pk", "title")
    }
    for other in others:
        both = [c for c in other.clients.all() if c.pk in served]
        for client in both:
            flags.append(
                {
                    "kind": "client",
                    "other": other,
                    "what": f"服务对象(编号{client.pk})同时由“{other.name}”资助服务",
                }
            )
        if other.name.strip() in titles:
            flags.append(
                {
                    "kind": "activity",
                    "other": other,
                    "what": f"治理项目“{other.name}”同时列为{other.get_kind_display()}",
                }
            )
    return flags


def evaluator_todo(*, user) -> list[dict]:
    """What waits for an evaluator: their drafts and sent-back evaluations."""
    return [
        {"evaluation": e}
        for e in Evaluation.objects.with_related()
        .filter(evaluator=user, status__in=[Status.DRAFT, Status.SENT_BACK])
        .order_by("status", "id")
    ]


def approval_queue() -> list[dict]:
    """Contract × year × kind with submitted evaluations and no approved result yet."""
    keys = (
        Evaluation.objects.filter(status=Status.SUBMITTED)
        .values(
            "contract_id", "contract__number", "project_year_id", "project_year__number", "kind"
        )
        .distinct()
        .order_by("contract__number", "project_year__number", "kind")
    )
    return list(keys)


def evaluation_report_data(*, evaluation) -> dict:
    """Everything a contract evaluation report (apps/reports) needs, in one dict.

    Keys: ``evaluation`` (the Evaluation), ``contract``, ``project_year``, ``kind_label``,
    ``rubric``, ``scores`` (list of dicts: dimension, code, name, clause, max_points, weight,
    points, suggested, basis rows, comment, evidence links), ``total`` and ``grade`` (this
    evaluator's), ``result`` (the bureau's consolidated EvaluationResult or None, with its
    total, grade and payment factor), ``transitions`` (each step with reason and actor),
    ``sample`` (seed, share, minimum and its items with results) and ``coordination`` (the
    streets'/communities' coordination scores). Personal names are never included.
    """
    total, band = evaluation_total(evaluation=evaluation)
    sample = getattr(evaluation, "sample", None)
    return {
        "evaluation": evaluation,
        "contract": evaluation.contract,
        "project_year": evaluation.project_year,
        "kind_label": evaluation.get_kind_display(),
        "rubric": rubric_for_round(evaluation.contract.unit.pilot_round),
        "scores": [
            {
                "dimension": s.indicator.dimension.name,
                "code": s.indicator.code,
                "name": s.indicator.name,
                "clause": s.indicator.clause,
                "max_points": s.indicator.max_points,
                "weight": s.indicator.weight,
                "points": s.points,
                "suggested": s.suggested,
                "basis": s.basis,
                "comment": s.comment,
                "evidence_links": [x for x in s.evidence_links.splitlines() if x.strip()],
            }
            for s in evaluation_scores(evaluation=evaluation)
        ],
        "total": total,
        "grade": band.label if band else "",
        "result": EvaluationResult.objects.filter(
            contract=evaluation.contract,
            project_year=evaluation.project_year,
            kind=evaluation.kind,
        ).first(),
        "transitions": list(evaluation.transitions.select_related("actor")),
        "sample": sample,
        "sample_items": list(sample.items.select_related("community")) if sample else [],
        "coordination": list(evaluation.coordination.select_related("organization")),
    }
