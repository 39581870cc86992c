"""Dashboards per role: units, budget, by community, by worker, Excel of every table."""

import io
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.matrix import SIDE_A, SIDE_B, status_matrix
from tests.metrics.builders import worker_archives


def _run(world, as_of=date(2019, 3, 1)):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=as_of)
    return metrics_run_execute(run=run)


def _archives(world, n, worker):
    # A formula-looking address stays text in the export.
    worker_archives(world, n, worker, address="=HYPERLINK(1)-{i}", key="addr{i}")


def test_bureau_sees_all_fourteen_units_and_the_budget(world, client_for):
    _run(world)
    body = client_for("bureau").get(reverse("metrics:dashboard")).content.decode()
    assert body.count("未签约") >= 12  # 14 units, two of them under contract in this world
    assert "32,800,000" in body  # 14 × 1,100,000 × 2 + 2,000,000
    assert "待评估后录入" in body
    assert "§三(二)1 每年不少于150份" in body  # each column names its clause
    body = client_for("agency_manager").get(reverse("metrics:dashboard")).content.decode()
    assert "未签约" not in body and "32,800,000" not in body


def test_fund_that_does_not_apply_is_grey(world, client_for):
    _run(world)
    body = client_for("bureau").get(reverse("metrics:dashboard")).content.decode()
    assert f'class="light-grey" data-testid="cell-{world.contract_a.pk}-FUND"' in body


def test_contract_page_by_community_and_by_worker(world, client_for):
    worker = world.users["social_worker"]
    _archives(world, 3, worker)
    _run(world)
    url = reverse("metrics:contract", args=[world.contract_a.pk])
    body = client_for("agency_manager").get(url).content.decode()
    assert 'data-testid="by-community"' in body and world.community_a.name in body
    assert 'data-testid="by-worker"' in body and str(worker) in body
    response = client_for("supervisor").get(
        reverse("metrics:contract_xlsx", args=[world.contract_a.pk])
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["全部指标", "按社区", "按社工"]
    workers = [[c.value for c in row] for row in wb["按社工"].iter_rows(min_row=2)]
    assert workers == [[str(worker), "0", "3"]]


def test_excel_cells_are_never_formulas(world, client_for):
    _archives(world, 1, world.users["social_worker"])
    from apps.core.spreadsheets import safe_cell

    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert safe_cell("-1") == "'-1" and safe_cell("正常") == "正常"
    _run(world)
    response = client_for("bureau").get(reverse("metrics:dashboard_xlsx"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == [
        "完成指标",
        "预算与付款",
        "年度进度",
        "达标率变化",
        "年度趋势",
        "按社区",
        "按社工",
    ]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"


def test_contract_excel_by_persona(world, client_for):
    _run(world)
    cases = {
        reverse("metrics:contract_xlsx", args=[world.contract_a.pk]): SIDE_A,
        reverse("metrics:contract_xlsx", args=[world.contract_b.pk]): SIDE_B,
    }
    for url, expected in cases.items():
        assert status_matrix(client_for, url, expected) == [], url


def test_snapshot_api_filters_and_drill_down(world, client_for):
    from apps.metrics.models import Snapshot

    _archives(world, 2, world.users["social_worker"])
    _run(world)
    api = client_for("agency_manager")
    rows = api.get(
        "/api/v1/snapshots/",
        {"rule_code": "C1", "community": world.community_a.pk, "project_year": 1},
    ).json()["results"]
    assert len(rows) == 1 and rows[0]["value"].startswith("2")
    snap = Snapshot.objects.get(pk=rows[0]["id"])
    url = f"/api/v1/snapshots/{snap.pk}/records/"
    body = api.get(url).json()
    assert body["clause"] == "§三(二)1"
    assert sum(len(g["rows"]) for g in body["counted"]) == 2
    assert status_matrix(client_for, url, SIDE_A) == []
    assert api.get("/api/v1/snapshots/", {"met": "true", "rule_code": "C1"}).json()["results"] == []


def test_dashboard_shows_the_project_year_asked_for(world, client_for):
    _archives(world, 3, world.users["social_worker"])
    _run(world, as_of=date(2019, 8, 1))  # both years under way: year 2 shows by default
    client = client_for("bureau")
    body = client.get(reverse("metrics:dashboard")).content.decode()
    assert 'data-testid="year-tabs"' in body and "第2项目年度)" in body
    body = client.get(reverse("metrics:dashboard"), {"year": 1}).content.decode()
    assert "第1项目年度)" in body
    assert client.get(reverse("metrics:dashboard"), {"year": "x"}).status_code == 200
