from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from apps.core.selectors import current_round
from apps.procurement.permissions import contract_get_for_user_or_404

from .charts import bar_chart_svg
from .drilldown import names_masked_for, snapshot_drilldown
from .permissions import require_can_run_metrics, snapshot_get_for_user_or_404
from .selectors import budget, community_matrix, contract_snapshots, dashboard, worker_table
from .services import metrics_full_run_request, missing_computations


def _round_or_404():
    pilot_round = current_round()
    if pilot_round is None:
        raise Http404
    return pilot_round


def _text(value) -> str:
    """A cell's text, never read as a formula by Excel (values starting = + - @ are quoted)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _xlsx_response(sheets: list[tuple[str, list[str], list[list]]], filename: str):
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.append(header)
        for row in rows:
            ws.append([_text(v) for v in row])
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell_text(cell) -> str:
    if cell is None:
        return "未计算"
    if cell.status == "grey":
        return cell.label
    return f"{cell.label} {cell.met}/{cell.total}"


def _year(request) -> int | None:
    value = request.GET.get("year", "")
    return int(value) if value.isdigit() else None


@login_required
def dashboard_view(request):
    """Every unit in the person's scope × every indicator, from snapshots."""
    pilot_round = _round_or_404()
    data = dashboard(user=request.user, pilot_round=pilot_round, year=_year(request))
    chart = bar_chart_svg(
        [
            (
                row["unit"].street.name,
                sum(1 for c in row["cells"] if c and c.status == "green"),
                float(len(data["codes"])),
            )
            for row in data["rows"]
        ],
        title=f"各采购单元达标指标数(第{data['year'] or '-'}项目年度)",
        unit="项",
    )
    trend = bar_chart_svg(
        [(f"第{t['year']}项目年度", t["percent"], None) for t in data["trend"]],
        title="各项目年度指标达标率",
        unit="%",
    )
    return render(
        request,
        "metrics/dashboard.html",
        {
            **data,
            "round": pilot_round,
            "chart": chart,
            "trend_chart": trend if data["trend"] else "",
            "budget": budget(user=request.user, pilot_round=pilot_round, rows=data["rows"]),
            "missing": missing_computations(pilot_round),
        },
    )


@login_required
def dashboard_xlsx(request):
    """The dashboard's tables as an Excel workbook (values as text: nothing is a formula)."""
    pilot_round = _round_or_404()
    data = dashboard(user=request.user, pilot_round=pilot_round, year=_year(request))
    money = budget(user=request.user, pilot_round=pilot_round, rows=data["rows"])
    matrix = [
        [
            row["unit"].street.name,
            row["contract"].number if row["contract"] else "未签约",
            row["contract"].agency.name if row["contract"] else "",
            *[_cell_text(cell) for cell in row["cells"]],
        ]
        for row in data["rows"]
    ]
    matrix += [[], ["计算时间", str(data["computed_at"] or "尚未计算")]]
    heads = [f"{r.code} {r.threshold_text}({r.clause})" for r in data["columns"]]
    budget_rows = [
        [
            line["unit"].street.name,
            line["contract"].number if line["contract"] else "未签约",
            line["annual"],
            line["term"],
            "待评估后录入",
        ]
        for line in money["lines"]
    ]
    trend_rows = [
        [f"第{t['year']}项目年度", t["met"], t["total"], t["percent"]] for t in data["trend"]
    ]
    return _xlsx_response(
        [
            ("完成指标", ["街道(镇)", "合同", "承接机构", *heads], matrix),
            (
                "预算与付款",
                ["街道(镇)", "合同", "年度金额(元)", "合同期金额(元)", "付款"],
                budget_rows,
            ),
            ("年度趋势", ["项目年度", "达标", "总数", "达标率(%)"], trend_rows),
        ],
        "indicators.xlsx",
    )


def _contract_data(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    snapshots = contract_snapshots(user=request.user, contract=contract)
    communities = sorted({s.community for s in snapshots if s.community_id}, key=lambda c: c.code)
    return {
        "contract": contract,
        "snapshots": snapshots,
        "matrix": community_matrix(snapshots=snapshots, communities=communities),
        "workers": worker_table(snapshots=snapshots),
    }


@login_required
def contract_view(request, pk):
    """One contract: every snapshot, by community, and by social worker."""
    return render(request, "metrics/contract.html", _contract_data(request, pk))


@login_required
def contract_xlsx(request, pk):
    data = _contract_data(request, pk)
    all_rows = [
        [
            s.rule_code,
            s.rule.name,
            s.community.name if s.community_id else "(街道)",
            f"第{s.project_year.number}年" if s.project_year_id else "合同期",
            s.value if s.applicable else "不适用",
            "达标" if s.met else ("不适用" if not s.applicable else "未达标"),
            s.rule.threshold_text,
            s.rule.clause,
            s.computed_at.strftime("%Y-%m-%d %H:%M"),
        ]
        for s in data["snapshots"]
    ]
    matrix = data["matrix"]
    community_rows = [
        [
            row["community"].name,
            *[
                ("" if c is None else f"{c.value:g} {'达标' if c.met else '未达标'}")
                for c in row["cells"]
            ],
        ]
        for row in matrix["rows"]
    ]
    worker_rows = [[w["worker"], w["S1"], w["C1"]] for w in data["workers"]]
    return _xlsx_response(
        [
            (
                "全部指标",
                ["指标", "名称", "社区(村)", "年度", "数值", "结果", "阈值", "条款", "计算时间"],
                all_rows,
            ),
            ("按社区", ["社区(村)", *matrix["codes"]], community_rows),
            ("按社工", ["社工", "S1 服务对象", "C1 需求档案"], worker_rows),
        ],
        f"contract-{data['contract'].pk}-indicators.xlsx",
    )


@login_required
def snapshot_view(request, pk):
    """One number and the records it counted, with its clause and when it was computed."""
    snapshot = snapshot_get_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "metrics/snapshot.html",
        {
            "s": snapshot,
            "drill": snapshot_drilldown(snapshot=snapshot, masked=names_masked_for(request.user)),
        },
    )


@login_required
@require_POST
def run_view(request):
    require_can_run_metrics(user=request.user)
    job = metrics_full_run_request(actor=request.user, pilot_round=_round_or_404())
    return redirect("jobs:detail", pk=job.pk)
