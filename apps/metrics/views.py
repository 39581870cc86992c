from io import BytesIO

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from apps.core.selectors import current_round
from apps.procurement.permissions import contract_get_for_user_or_404

from .charts import bar_chart_svg
from .drilldown import snapshot_drilldown
from .permissions import require_can_run_metrics, snapshot_get_for_user_or_404
from .selectors import contract_snapshots, dashboard
from .services import metrics_full_run_request, missing_computations


def _round_or_404():
    pilot_round = current_round()
    if pilot_round is None:
        raise Http404
    return pilot_round


@login_required
def dashboard_view(request):
    """Every contract in the person's scope × every indicator, from snapshots."""
    pilot_round = _round_or_404()
    data = dashboard(user=request.user, pilot_round=pilot_round)
    chart = bar_chart_svg(
        [
            (
                row["contract"].unit.street.name,
                sum(1 for c in row["cells"] if c and c.status == "green"),
                float(len(data["codes"])),
            )
            for row in data["rows"]
        ],
        title="各采购单元达标指标数",
        unit="项",
    )
    return render(
        request,
        "metrics/dashboard.html",
        {
            **data,
            "round": pilot_round,
            "chart": chart,
            "missing": missing_computations(pilot_round),
        },
    )


@login_required
def dashboard_xlsx(request):
    """The dashboard table as an Excel file (values as text: nothing is a formula)."""
    pilot_round = _round_or_404()
    data = dashboard(user=request.user, pilot_round=pilot_round)
    wb = Workbook()
    ws = wb.active
    ws.title = "完成指标"
    ws.append(["合同", "街道(镇)", "承接机构", *data["codes"]])
    for row in data["rows"]:
        c = row["contract"]
        ws.append(
            [
                c.number,
                c.unit.street.name,
                c.agency.name,
                *[
                    f"{cell.label} {cell.met}/{cell.total}" if cell else "未计算"
                    for cell in row["cells"]
                ],
            ]
        )
    ws.append([])
    ws.append(["计算时间", str(data["computed_at"] or "尚未计算")])
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="indicators.xlsx"'
    return response


@login_required
def contract_view(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "metrics/contract.html",
        {
            "contract": contract,
            "snapshots": contract_snapshots(user=request.user, contract=contract),
        },
    )


@login_required
def snapshot_view(request, pk):
    """One number and the records it counted, with its clause and when it was computed."""
    snapshot = snapshot_get_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "metrics/snapshot.html",
        {"s": snapshot, "drill": snapshot_drilldown(snapshot=snapshot)},
    )


@login_required
@require_POST
def run_view(request):
    require_can_run_metrics(user=request.user)
    job = metrics_full_run_request(actor=request.user, pilot_round=_round_or_404())
    return redirect("jobs:detail", pk=job.pk)
