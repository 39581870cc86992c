from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from apps.core.spreadsheets import safe_cell
from apps.procurement.permissions import contract_get_for_user_or_404
from apps.procurement.selectors import current_round

from .charts import bar_chart_svg, line_chart_svg, street_tone
from .drilldown import snapshot_drilldown
from .permissions import require_can_run_metrics, snapshot_get_for_user_or_404
from .selectors import (
    STATUS_LABEL,
    budget,
    community_matrix,
    contract_snapshots,
    dashboard,
    latest_period_snapshots,
    light,
    met_history,
    worker_table,
)
from .services import metrics_full_run_request, missing_computations

WILL_MISS = "按当前进度预计未达标"
PAYMENT_PENDING = "待评估后录入"
# Rows of the pace table shown on the page (those heading to miss come first).
PACE_SHOWN = 30


def _round_or_404():
    pilot_round = current_round()
    if pilot_round is None:
        raise Http404
    return pilot_round


def _cell(value) -> str:
    """Every exported value is text (as the page shows it), never read as a formula."""
    return safe_cell("" if value is None else str(value))


def _xlsx_response(sheets: list[tuple[str, list[str], list[list]]], filename: str):
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append([_cell(v) for v in header])
        for row in rows:
            ws.append([_cell(v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _pick(request, sheets: dict[str, tuple]) -> list[tuple]:
    """``?table=<key>`` exports one table; otherwise every table, one sheet each."""
    table = request.GET.get("table", "")
    if table:
        if table not in sheets:
            raise Http404
        return [sheets[table]]
    return list(sheets.values())


def _cell_text(cell) -> str:
    if cell is None:
        return "未计算"
    if cell.status == "grey":
        return cell.label
    return f"{cell.label} {cell.met}/{cell.total}"


def _num(value) -> str:
    if value is None:
        return ""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


def _year_links(year) -> dict:
    """Query-string pieces that keep the project year across links."""
    return {
        "year_qs": f"?year={year}" if year else "",
        "year_amp": f"&year={year}" if year else "",
    }


def _snapshot_text(s) -> str:
    if not s.applicable:
        return "不适用"
    return f"{_num(s.value)} {STATUS_LABEL[light(s)]}"


def _dashboard_data(request, *, community_tables: bool = False) -> dict:
    pilot_round = _round_or_404()
    data = dashboard(
        user=request.user,
        pilot_round=pilot_round,
        year=_year(request),
        community_tables=community_tables,
    )
    return {
        **data,
        "round": pilot_round,
        "budget": budget(
            user=request.user,
            pilot_round=pilot_round,
            rows=data["rows"],
            years=data["project_years"],
        ),
        "history": met_history(user=request.user, pilot_round=pilot_round),
    }


@login_required
def dashboard_view(request):
    """Every unit in the person's scope × every indicator, from current snapshots.

    Bureau and evaluator: all units of the round (未签约 included) and the round's budget;
    district, street and community coordinators: the same narrowed to their area; agencies:
    their contracts. Below the matrix: pace of annual quotas, indicators met over time,
    budget, and per contract the community-level indicators per community and the counts
    per social worker. Only the bureau sees the run button.
    """
    data = _dashboard_data(request)
    chart = bar_chart_svg(
        [
            (
                row["unit"].street.name,
                sum(1 for c in row["cells"] if c and c.status == "green"),
                float(len(data["codes"])),
                street_tone([c.status for c in row["cells"] if c]),
            )
            for row in data["rows"]
        ],
        title=f"各采购单元达标指标数(第{data['year'] or '-'}项目年度)",
        unit="项",
        threshold_label=f"虚线:全部{len(data['codes'])}项达标 · 绿 全部达标 · 黄 进度中 · 红 有未达标",
    )
    trend = bar_chart_svg(
        [(f"第{t['year']}项目年度", t["percent"], None) for t in data["trend"]],
        title="各项目年度指标达标率",
        unit="%",
    )
    history = line_chart_svg(
        [(f"{p['as_of']:%Y-%m}", p["percent"]) for p in data["history"]],
        title="指标达标率变化(每月最后一次全量计算)",
    )
    return render(
        request,
        "metrics/dashboard.html",
        {
            **data,
            "chart": chart,
            "trend_chart": trend if data["trend"] else "",
            "history_chart": history if data["history"] else "",
            # The page lists the rows heading to miss first and stops after PACE_SHOWN; the
            # Excel export keeps every row (a city-wide year has one per community and quota).
            "pace": data["pace"][:PACE_SHOWN],
            "pace_hidden": max(len(data["pace"]) - PACE_SHOWN, 0),
            "missing": missing_computations(data["round"]),
            "will_miss_label": WILL_MISS,
            **_year_links(data["year"]),
        },
    )


def _pace_rows(snapshots) -> list[list]:
    return [
        [
            s.contract.unit.street.name,
            s.contract.number,
            s.community.name if s.community_id else "(街道)",
            f"{s.rule_code} {s.rule.name}",
            f"{s.rule.clause} {s.rule.threshold_text}",
            f"第{s.project_year.number}项目年度" if s.project_year_id else "合同期",
            _num(s.value),
            _num(s.expected_to_date),
            _num(s.projected),
            WILL_MISS if s.will_miss else "进度正常",
            _when(s.computed_at),
        ]
        for s in snapshots
    ]


PACE_HEADER = [
    "街道(镇)",
    "合同",
    "社区(村)",
    "指标",
    "条款与阈值",
    "年度",
    "当前数值",
    "按进度应达",
    "按当前进度预计年末",
    "提示",
    "计算时间",
]


def _union(tables, key: str) -> list:
    """The columns of several tables, each once, in order of first appearance."""
    out = []
    for t in tables:
        out += [c for c in t[key] if c not in out]
    return out


# Columns that lead the rows of a flattened sheet: (header, value of (table, row)).
_STREET = ("街道(镇)", lambda t, row: t["contract"].unit.street.name)
_CONTRACT = ("合同", lambda t, row: t["contract"].number)
_YEAR = ("年度", lambda t, row: f"第{t['year']}项目年度")


def _flat_sheet(tables, lead, columns: str, values: str, cell) -> tuple[list, list]:
    """Several contracts' tables as one sheet: the ``lead`` columns, then the union of the
    tables' ``columns``, each holding ``cell(value)`` (the value None where that table has no
    such column)."""
    names = _union(tables, columns)
    rows = []
    for t in tables:
        for row in t["rows"]:
            by_column = dict(zip(t[columns], row[values], strict=True))
            rows.append(
                [*(value(t, row) for _, value in lead), *[cell(by_column.get(n)) for n in names]]
            )
    return [*(header for header, _ in lead), *names], rows


def _community_sheet(tables) -> tuple[list, list]:
    return _flat_sheet(
        tables,
        (_STREET, _CONTRACT, ("社区(村)", lambda t, row: row["community"].name), _YEAR),
        "codes",
        "cells",
        lambda snapshot: _snapshot_text(snapshot.first) if snapshot else "",
    )


def _worker_sheet(tables) -> tuple[list, list]:
    return _flat_sheet(
        tables,
        (_STREET, _CONTRACT, _YEAR, ("社工", lambda t, row: row["worker"])),
        "headers",
        "counts",
        lambda count: "" if count is None else count,
    )


@login_required
def dashboard_xlsx(request):
    """Every table of the dashboard, one sheet each (``?table=`` for one): values as text,
    so nothing in the workbook is a formula."""
    data = _dashboard_data(request, community_tables=True)
    money = data["budget"]
    matrix = [
        [
            row["unit"].street.name,
            row["contract"].number if row["contract"] else "未签约",
            row["contract"].agency.name if row["contract"] else "",
            row["unit"].street.parent.name,
            *[_cell_text(cell) for cell in row["cells"]],
        ]
        for row in data["rows"]
    ]
    matrix += [[], ["计算时间", _when(data["computed_at"]) or "尚未计算"]]
    heads = [f"{r.code} {r.name}({r.clause} {r.threshold_text})" for r in data["columns"]]
    budget_rows = [
        [
            line["unit"].street.name,
            line["contract"].number if line["contract"] else "未签约",
            line["contract"].agency.name if line["contract"] else "",
            line["annual"],
            line["term"],
            PAYMENT_PENDING,
        ]
        for line in money["lines"]
    ]
    budget_rows.append(["合计(本表)", "", "", "", money["shown_total"], ""])
    if money["totals"]:
        totals = money["totals"]
        budget_rows += [
            [],
            [
                f"采购单元合计({totals['unit_count']}个 × {money['years']}年)",
                "",
                "",
                "",
                totals["units_total"],
                "",
            ],
            ["相关费用(评估等)", "", "", "", totals["related_costs"], ""],
            ["合计", "", "", "", totals["total"], ""],
            [],
            *[
                [
                    line.name,
                    line.get_kind_display(),
                    line.fiscal_year or "",
                    line.clause,
                    line.amount,
                    "",
                ]
                for line in money["budget_lines"]
            ],
        ]
    community_header, community_rows = _community_sheet(data["by_community"])
    worker_header, worker_rows = _worker_sheet(data["by_worker"])
    sheets = {
        "matrix": ("完成指标", ["街道(镇)", "合同", "承接机构", "区", *heads], matrix),
        "budget": (
            "预算与付款",
            [
                "街道(镇)",
                "合同",
                "承接机构",
                "年度金额(元)",
                f"合同期金额(元,{money['years']}年)",
                "付款",
            ],
            budget_rows,
        ),
        "pace": ("年度进度", PACE_HEADER, _pace_rows(data["pace"])),
        "history": (
            "达标率变化",
            ["计算基准日", "达标", "计入总数", "达标率(%)"],
            [[str(p["as_of"]), p["met"], p["total"], p["percent"]] for p in data["history"]],
        ),
        "years": (
            "年度趋势",
            ["项目年度", "达标", "总数", "达标率(%)"],
            [[f"第{t['year']}项目年度", t["met"], t["total"], t["percent"]] for t in data["trend"]],
        ),
        "communities": ("按社区", community_header, community_rows),
        "workers": ("按社工", worker_header, worker_rows),
    }
    return _xlsx_response(_pick(request, sheets), "indicators.xlsx")


def _contract_data(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    snapshots = contract_snapshots(user=request.user, contract=contract)
    years = sorted({s.project_year.number for s in snapshots if s.project_year_id})
    year = _year(request)
    year = year if year in years else (years[-1] if years else None)
    kept = latest_period_snapshots(snapshots, year)
    codes = list(dict.fromkeys(s.rule_code for s in snapshots))
    rule = request.GET.get("rule", "")
    rule = rule if rule in codes else ""
    return {
        "contract": contract,
        "snapshots": [s for s in snapshots if s.rule_code == rule] if rule else snapshots,
        "rule": next((s.rule for s in snapshots if s.rule_code == rule), None),
        "years": years,
        "year": year,
        "matrix": community_matrix(snapshots=kept),
        # Asked for a year: that year's work; else the latest year with counted work.
        "workers": worker_table(
            user=request.user,
            contract=contract,
            snapshots=kept if _year(request) in years else snapshots,
        ),
        "pace": [s for s in kept if s.applicable and s.expected_to_date is not None],
        "will_miss_label": WILL_MISS,
        **_year_links(year),
    }


@login_required
def contract_view(request, pk):
    """One contract: every current snapshot (``?rule=`` narrows to one indicator, as a
    dashboard cell links), by community, and by social worker, for ``?year=``."""
    return render(request, "metrics/contract.html", _contract_data(request, pk))


@login_required
def contract_xlsx(request, pk):
    """The contract page's tables, one sheet each (``?table=`` for one)."""
    data = _contract_data(request, pk)
    all_rows = [
        [
            s.rule_code,
            s.rule.name,
            s.community.name if s.community_id else "(街道)",
            f"第{s.project_year.number}年" if s.project_year_id else "合同期",
            _num(s.value) if s.applicable else "不适用",
            STATUS_LABEL[light(s)],
            s.rule.threshold_text,
            s.rule.clause,
            _num(s.expected_to_date),
            _num(s.projected),
            WILL_MISS if s.will_miss else "",
            _when(s.computed_at),
        ]
        for s in data["snapshots"]
    ]
    matrix = data["matrix"]
    community_rows = [
        [row["community"].name, *[(_snapshot_text(c.first) if c else "") for c in row["cells"]]]
        for row in matrix["rows"]
    ]
    workers = data["workers"]
    worker_rows = [[w["worker"], *w["counts"]] for w in workers["rows"]] if workers else []
    sheets = {
        "all": (
            "全部指标",
            [
                "指标",
                "名称",
                "社区(村)",
                "年度",
                "数值",
                "结果",
                "阈值",
                "条款",
                "按进度应达",
                "按当前进度预计年末",
                "提示",
                "计算时间",
            ],
            all_rows,
        ),
        "communities": ("按社区", ["社区(村)", *matrix["codes"]], community_rows),
        "workers": ("按社工", ["社工", *(workers["headers"] if workers else [])], worker_rows),
    }
    return _xlsx_response(_pick(request, sheets), f"contract-{data['contract'].pk}-indicators.xlsx")


@login_required
def snapshot_view(request, pk):
    """One number and the records it counted, with its clause and when it was computed."""
    snapshot = snapshot_get_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "metrics/snapshot.html",
        {
            "s": snapshot,
            "drill": snapshot_drilldown(snapshot=snapshot, user=request.user),
        },
    )


@login_required
@require_POST
def run_view(request):
    require_can_run_metrics(user=request.user)
    job = metrics_full_run_request(actor=request.user, pilot_round=_round_or_404())
    return redirect("jobs:detail", pk=job.pk)
