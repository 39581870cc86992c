"""What each report prints: its context, built from the engine's snapshots and the records.

One builder per kind. A builder reads through the requester's gates (the report shows what the
person who asked may see) and returns the template context plus ``snapshot_at``, the newest
snapshot time it used. No builder prints a person's name: organisations sign these documents,
and a masked copy (evaluators) also leaves out free text that could name someone.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from apps.accounts.gates import get_in_scope_or_404
from apps.community.models import QuarterlyReport
from apps.community.permissions import quarterly_reports_visible_to
from apps.metrics.charts import bar_chart_svg, street_tone
from apps.metrics.display import indicator_value as page_value
from apps.metrics.display import is_share
from apps.metrics.selectors import (
    STATUS_LABEL,
    budget,
    contract_snapshots,
    dashboard,
    latest_period_snapshots,
    light,
)
from apps.plans.permissions import commissions_visible_to
from apps.procurement.models import ProjectYear
from apps.records.kinds import figure_labels

from .rendering import svg_data_url

MASKED_NOTE = "(评估人员副本:本节为机构填写的文字,可能含个人信息,不予打印。)"


@dataclass
class Built:
    context: dict
    snapshot_at: object = None


def number(value) -> str:
    """A value as people write it: 40, 62.5 (never 40.0000)."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def indicator_value(snapshot) -> str:
    """A snapshot's value exactly as the pages print it (``63%`` for a share, ``152``)."""
    if not snapshot.applicable:
        return "不适用"
    return page_value(snapshot)


def indicator_rows(snapshots) -> list[dict]:
    """One row per snapshot: code, name, clause, place, value, threshold, traffic light."""
    rows = []
    for s in snapshots:
        status = light(s)
        rows.append(
            {
                "code": s.rule_code,
                "name": s.rule.name,
                "clause": s.rule.clause,
                "place": s.community.name if s.community_id else "(街道)",
                "year": f"第{s.project_year.number}年" if s.project_year_id else "合同期",
                "value": indicator_value(s),
                "threshold": s.rule.threshold_text,
                "status": status,
                "status_label": STATUS_LABEL[status],
                "computed_at": s.computed_at,
            }
        )
    return rows


def _contract_subject(visible, *, pk):
    """One row of ``visible`` (404 outside the scope) with the contract's parties joined."""
    return get_in_scope_or_404(
        visible.select_related(
            "contract__unit__street__parent", "contract__unit__pilot_round", "contract__agency"
        ),
        pk=pk,
    )


def _contract_parties(contract) -> dict:
    return {
        "contract": contract,
        "agency": contract.agency,
        "street": contract.unit.street,
        "district": contract.unit.street.parent,
        "pilot_round": contract.unit.pilot_round,
        "communities": list(contract.communities.order_by("code")),
    }


# --- the agency's quarterly progress report (§六(二)) -------------------------------------------


def quarterly_subject(*, user, pk) -> QuarterlyReport:
    return _contract_subject(quarterly_reports_visible_to(user=user), pk=pk)


def build_quarterly(*, user, report) -> Built:
    quarterly = quarterly_subject(user=user, pk=report.subject_id)
    contract = quarterly.contract
    snapshots = contract_snapshots(user=user, contract=contract)
    year = (
        ProjectYear.objects.filter(
            pilot_round=contract.unit.pilot_round,
            start__lte=quarterly.period_end,
            end__gte=quarterly.period_end,
        )
        .values_list("number", flat=True)
        .first()
    )
    kept = latest_period_snapshots(snapshots, year)
    street_rows = indicator_rows([s for s in kept if not s.community_id])
    community_snaps = [s for s in kept if s.community_id]
    community_rows = indicator_rows(community_snaps)
    figures = quarterly.figures or {}
    met = sum(1 for r in street_rows + community_rows if r["status"] == "green")
    applicable = sum(1 for r in street_rows + community_rows if r["status"] != "grey")
    street_snaps = [s for s in kept if not s.community_id and s.applicable]
    chart = bar_chart_svg(
        [(f"{s.rule_code} {s.rule.name}"[:12], *_bar(s)) for s in street_snaps],
        title="街道层面指标(占比类以%计)",
        threshold_label="阈值",
    )
    return Built(
        context={
            **_contract_parties(contract),
            "quarterly": quarterly,
            "project_year": year,
            # Labels from the same registry that counted the figures (apps.records).
            "figure_rows": _pairs(
                [(label, figures.get(key, 0)) for key, label in figure_labels().items()]
            ),
            "street_rows": street_rows,
            "community_rows": community_rows,
            "grid": community_grid(community_snaps),
            "met": met,
            "applicable": applicable,
            "chart": svg_data_url(chart) if street_snaps else "",
        },
        snapshot_at=max((s.computed_at for s in kept), default=None),
    )


def community_grid(snapshots) -> dict:
    """Communities (rows) × community-level indicators (columns): value and traffic light."""
    rules, communities, cells = {}, {}, {}
    for s in snapshots:
        rules.setdefault(s.rule_code, s.rule)
        communities[s.community_id] = s.community
        status = light(s)
        cells[(s.community_id, s.rule_code)] = {
            "value": indicator_value(s) if s.applicable else "—",
            "status": status,
        }
    codes = sorted(rules, key=lambda c: (rules[c].order, c))
    return {
        "rules": [rules[c] for c in codes],
        "heads": [short_header(c) for c in codes],
        "columns": [(short_header(c), rules[c]) for c in codes],
        "rows": [
            {
                "community": c,
                "cells": [
                    cells.get((c.pk, code), {"value": "", "status": "none"}) for code in codes
                ],
            }
            for c in sorted(communities.values(), key=lambda c: c.code)
        ],
    }


SHORT_HEADERS = {
    "COMMUNITIES": "社区数",
    "FUND": "公益金",
    "MANDATORY": "必选项",
    "MIN_SUB_ITEMS": "细项",
}


def short_header(code: str) -> str:
    """A column head that fits a grid cell (the legend under the table gives the full rule)."""
    return SHORT_HEADERS.get(code, code)


def _pairs(items: list) -> list[list]:
    """Two figures per table row; the last row padded with an empty pair."""
    rows = [items[i : i + 2] for i in range(0, len(items), 2)]
    if rows and len(rows[-1]) == 1:
        rows[-1].append(("", ""))
    return rows


def _bar(snapshot) -> tuple[float, float | None]:
    """(value, threshold) of a bar: shares in per cent; rules with several parts (S5: sessions
    and hours) have no single threshold line."""
    numbers = [
        v
        for v in (snapshot.thresholds or {}).values()
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]
    threshold = float(numbers[0]) if len(numbers) == 1 else None
    value = float(snapshot.value)
    if is_share(snapshot.rule):
        value *= 100
        threshold = threshold * 100 if threshold is not None else None
    return value, threshold


# --- the bureau's city-wide overview of a project year ------------------------------------------


def overview_subject(*, user, pk) -> ProjectYear:
    from apps.procurement.selectors import current_round

    pilot_round = current_round()
    queryset = ProjectYear.objects.select_related("pilot_round").filter(pilot_round=pilot_round)
    return get_in_scope_or_404(queryset, pk=pk)


def build_city_overview(*, user, report) -> Built:
    year = overview_subject(user=user, pk=report.subject_id)
    pilot_round = year.pilot_round
    data = dashboard(user=user, pilot_round=pilot_round, year=year.number)
    money = budget(user=user, pilot_round=pilot_round, rows=data["rows"])
    payments = payments_of_round(user=user, pilot_round=pilot_round)
    for line in money["lines"]:
        line["payment"] = payments["by_contract"].get(
            line["contract"].pk if line["contract"] else None
        )
    rows = []
    for row in data["rows"]:
        cells = row["cells"]
        rows.append(
            {
                "unit": row["unit"],
                "contract": row["contract"],
                "cells": [
                    {
                        "status": c.status if c else "none",
                        "text": "—" if c is None or c.status == "grey" else f"{c.met}/{c.total}",
                    }
                    for c in cells
                ],
                "green": sum(1 for c in cells if c and c.status == "green"),
                "tone": street_tone([c.status for c in cells if c]),
            }
        )
    units_chart = bar_chart_svg(
        [
            (r["unit"].street.name, float(r["green"]), float(len(data["codes"])), r["tone"])
            for r in rows
        ],
        title=f"各采购单元达标指标数(第{year.number}项目年度)",
        unit="项",
        threshold_label="指标总数",
    )
    trend_chart = bar_chart_svg(
        [(f"第{t['year']}项目年度", t["percent"], None) for t in data["trend"]],
        title="各项目年度指标达标率",
        unit="%",
    )
    signed = [r for r in rows if r["contract"]]
    return Built(
        context={
            "pilot_round": pilot_round,
            "project_year": year,
            "columns": [(short_header(r.code), r) for r in data["columns"]],
            "rows": rows,
            "signed": len(signed),
            "trend": data["trend"],
            "money": money,
            "payments": payments,
            "units_chart": svg_data_url(units_chart),
            "trend_chart": svg_data_url(trend_chart) if data["trend"] else "",
            "computed_at": data["computed_at"],
        },
        snapshot_at=data["computed_at"],
    )


def payments_of_round(*, user, pilot_round) -> dict:
    """Paid, committed and remaining per contract and in all, from the evaluations app's budget
    table (payments are recorded there on approved results, §六(一))."""
    from apps.evaluations.permissions import require_budget_reader
    from apps.evaluations.selectors import budget_table

    require_budget_reader(user=user)
    table = budget_table(pilot_round=pilot_round)
    return {
        "by_contract": {row["contract"].pk: row for row in table["rows"]},
        "units": table["units"],
        "related": table["related"],
        "all": table["all"],
    }


# --- the service commission (服务委托书) ----------------------------------------------------------


def commission_subject(*, user, pk):
    return _contract_subject(commissions_visible_to(user=user), pk=pk)


def build_commission(*, user, report) -> Built:
    commission = commission_subject(user=user, pk=report.subject_id)
    return Built(context={**_contract_parties(commission.contract), "commission": commission})


# --- titles ----------------------------------------------------------------------------------


def quarterly_title(subject) -> str:
    street = subject.contract.unit.street.name
    return f"{street}社区服务社会化试点项目{subject.year}年第{subject.quarter}季度进展报告"


def overview_title(subject) -> str:
    return f"苏州市社区服务社会化试点全市情况总览(第{subject.number}项目年度)"


def commission_title(subject) -> str:
    return f"{subject.organization.name}社区服务社会化试点服务委托书"


# --- the contract evaluation report ------------------------------------------------------------

RECORD_TYPE_LABELS = {"cases.case": "个案", "community.householdarchive": "需求档案"}


def contract_evaluations_reportable_to(*, user):
    """Evaluations whose report ``user`` may see, through the evaluations app's gates.

    Approved evaluations: the bureau all, an evaluator its own organization's, and those who
    read the approved result (the agency of the contract, the district and street) the ones
    counted in it. Submitted ones (not yet approved): the bureau only.
    """
    from apps.evaluations.models import EvaluationResult, Status
    from apps.evaluations.permissions import (
        can_administer,
        evaluations_visible_to,
        is_evaluator,
        results_visible_to,
    )

    own = evaluations_visible_to(user=user)
    if can_administer(user):
        return own.filter(status__in=[Status.APPROVED, Status.SUBMITTED])
    if is_evaluator(user):
        return own.filter(status=Status.APPROVED)
    counted = EvaluationResult.evaluations.through.objects.filter(
        evaluationresult__in=results_visible_to(user=user).values("pk")
    ).values("evaluation_id")
    from apps.evaluations.models import Evaluation

    return Evaluation.objects.with_related().filter(status=Status.APPROVED, pk__in=counted)


def evaluation_subject(*, user, pk):
    return _contract_subject(contract_evaluations_reportable_to(user=user), pk=pk)


def sample_summary(items) -> dict:
    """Sizes and shares of the verification sample, per community and in all (record ids only)."""
    from apps.evaluations.models import SampleItemResult

    def counts(rows):
        size = len(rows)
        failed = sum(1 for i in rows if i.result == SampleItemResult.FAILED)
        checked = sum(1 for i in rows if i.result != SampleItemResult.PENDING)
        return {
            "size": size,
            "checked": checked,
            "failed": failed,
            "checked_share": f"{round(100 * checked / size)}%" if size else "—",
            "failed_share": f"{round(100 * failed / checked)}%" if checked else "—",
        }

    by_community: dict = {}
    for item in items:
        by_community.setdefault(item.community_id, (item.community, []))[1].append(item)
    return {
        "all": counts(items),
        "communities": [
            {"community": community, **counts(rows)}
            for community, rows in sorted(by_community.values(), key=lambda p: p[0].code)
        ],
        "items": [
            {
                "community": i.community,
                "type": RECORD_TYPE_LABELS.get(i.record_type, i.record_type),
                "record_id": i.record_id,
                "result": i.get_result_display(),
                "failed": i.result == SampleItemResult.FAILED,
                "note": i.note,
            }
            for i in items
        ],
    }


def build_contract_evaluation(*, user, report) -> Built:
    from apps.evaluations.selectors import evaluation_report_data

    evaluation = evaluation_subject(user=user, pk=report.subject_id)
    data = evaluation_report_data(evaluation=evaluation)
    contract = evaluation.contract
    dimensions: dict = {}
    for s in data["scores"]:
        d = dimensions.setdefault(
            s["dimension"], {"name": s["dimension"], "points": Decimal(0), "max": Decimal(0)}
        )
        d["points"] += s["points"] or Decimal(0)
        d["max"] += s["max_points"] or Decimal(0)
    deductions = [
        {**s, "lost": s["max_points"] - (s["points"] or Decimal(0))}
        for s in data["scores"]
        if (s["points"] or Decimal(0)) < s["max_points"]
    ]
    evidence = [(s["code"], link) for s in data["scores"] for link in s["evidence_links"]]
    # A dimension has full marks, not a pass mark: its bar is blue whatever it scored (red or
    # green would judge it; the grade band of the total does that, above the chart).
    chart = bar_chart_svg(
        [
            (d["name"].split("(")[0][:12], float(d["points"]), float(d["max"]), "blue")
            for d in dimensions.values()
        ],
        title="各维度得分",
        unit="分",
        threshold_label="满分",
    )
    snapshots = contract_snapshots(user=user, contract=contract)
    kept = latest_period_snapshots(snapshots, evaluation.project_year.number)
    result = data["result"]
    return Built(
        context={
            **_contract_parties(contract),
            **data,
            "dimensions": list(dimensions.values()),
            "deductions": deductions,
            "evidence": evidence,
            "chart": svg_data_url(chart) if dimensions else "",
            "street_rows": indicator_rows([s for s in kept if not s.community_id]),
            "grid": community_grid([s for s in kept if s.community_id]),
            "sample_summary": sample_summary(data["sample_items"]),
            "final_grade": result.grade if result else data["grade"],
            "final_total": result.total if result else data["total"],
            # Steps without who took them: organisations sign, people are not named.
            "steps": [{"at": t.at, "to": t.get_to_status_display()} for t in data["transitions"]],
        },
        snapshot_at=max((s.computed_at for s in kept), default=None),
    )


def evaluation_title(subject) -> str:
    street = subject.contract.unit.street.name
    return (
        f"{street}社区服务社会化试点项目第{subject.project_year.number}项目年度"
        f"{subject.get_kind_display()}报告"
    )
