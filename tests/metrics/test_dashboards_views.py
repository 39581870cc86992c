"""Per-role indicator dashboards: scope, drill-down, pace, history trend, Excel tables."""

import io
import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.metrics import views as metrics_views
from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.permissions import snapshots_visible_to
from apps.metrics.selectors import (
    HISTORY_COLUMNS,
    _history_counts_python,
    _history_counts_sql,
    met_history,
)
from apps.metrics.services import metrics_run_execute, metrics_run_start
from apps.procurement.models import Contract
from tests.metrics.builders import worker_archives

MARCH = date(2019, 3, 1)  # eight months into project year 1 (2018-07-01 – 2019-06-30)


def _run(world, as_of=MARCH):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=as_of)
    return metrics_run_execute(run=run)


def _archives(world, n, worker, *, community=None, prefix="a"):
    worker_archives(
        world, n, worker, community=community, address=prefix + "{i}号", key=prefix + "{i}"
    )


def _body(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def _sheet(response, title):
    wb = load_workbook(io.BytesIO(response.content))
    return [[c.value for c in row] for row in wb[title].iter_rows()]


def test_a_cell_opens_the_contract_page_filtered_to_its_rule(world, client_for):
    _archives(world, 2, world.users["social_worker"])
    _run(world)
    client = client_for("bureau")
    body = _body(client, reverse("metrics:dashboard"), year=1)
    cell = re.search(rf'data-testid="cell-{world.contract_a.pk}-C1">\s*<a href="([^"]+)"', body)
    assert cell and "rule=C1" in cell.group(1) and "year=1" in cell.group(1)
    page = _body(client, cell.group(1).replace("&amp;", "&"))
    assert 'data-testid="rule-filter"' in page and "§三(二)1 每年不少于150份" in page
    table = page.split('data-testid="snapshots"')[1].split("</table>")[0]
    assert table.count("<tr class=") == table.count(">C1</small>") > 0  # only C1 rows
    link = re.search(r'<a href="([^"]+)" data-testid="snapshot-link"', table).group(1)
    assert client.get(link).status_code == 200  # …and the number opens its records


def test_unknown_rule_filter_shows_every_indicator(world, client_for):
    _run(world)
    url = reverse("metrics:contract", args=[world.contract_a.pk])
    body = _body(client_for("street"), url, rule="NOPE")
    assert 'data-testid="rule-filter"' not in body and "COMMUNITIES" in body


def test_district_and_street_see_their_units_even_without_contract(world, client_for):
    _run(world)
    district = _body(client_for("district"), reverse("metrics:dashboard"))
    matrix = district.split('data-testid="matrix"')[1].split("</table>")[0]
    assert "沧浪街道" in matrix and "娄葑街道" not in matrix
    assert "未签约" in matrix  # other 姑苏区 units, no contract yet
    street = _body(client_for("street"), reverse("metrics:dashboard"))
    matrix = street.split('data-testid="matrix"')[1].split("</table>")[0]
    assert "沧浪街道" in matrix and "未签约" not in matrix
    assert 'data-testid="budget-total"' not in street  # the round's totals are the bureau's
    assert 'data-testid="budget-shown-total"' in street


def test_community_coordinator_sees_own_community_rows_only(world, client_for):
    _run(world)
    other = world.contract_a.communities.exclude(pk=world.community_a.pk).first()
    body = _body(client_for("community"), reverse("metrics:dashboard"))
    assert f'data-testid="by-community-{world.contract_a.pk}"' in body
    assert world.community_a.name in body and other.name not in body
    assert f'data-testid="cell-{world.contract_a.pk}-COMMUNITIES"' in body  # street-level
    body = _body(client_for("street"), reverse("metrics:dashboard"))
    assert world.community_a.name in body and other.name in body


def test_evaluator_reads_everything_without_the_run_button(world, client_for):
    _run(world)
    body = _body(client_for("evaluator"), reverse("metrics:dashboard"))
    assert "娄葑街道" in body and "沧浪街道" in body and body.count("未签约") >= 12
    assert 'data-testid="run-button"' not in body
    assert 'data-testid="run-button"' in _body(client_for("bureau"), reverse("metrics:dashboard"))


def test_agency_dashboard_by_community_and_by_worker(world, client_for):
    _archives(world, 3, world.users["social_worker"])
    _archives(world, 2, world.users["supervisor"], prefix="s")
    _run(world)
    url = reverse("metrics:dashboard")
    body = _body(client_for("agency_manager"), url, year=1)
    assert "娄葑街道" not in body
    table = body.split(f'data-testid="by-community-{world.contract_a.pk}"')[1].split("</table>")[0]
    assert world.community_a.name in table
    cell = f'data-testid="cell-{world.contract_a.pk}-{world.community_a.pk}-C1"'
    assert cell in table
    workers = body.split(f'data-testid="by-worker-{world.contract_a.pk}"')[1].split("</table>")[0]
    assert "p_worker" in workers and "p_supervisor" in workers
    # A social worker reads their own row only (§7: within the contract, their own work).
    body = _body(client_for("social_worker"), url, year=1)
    workers = body.split(f'data-testid="by-worker-{world.contract_a.pk}"')[1].split("</table>")[0]
    assert "p_worker" in workers and "p_supervisor" not in workers


def test_pace_columns_warn_when_an_annual_quota_will_miss(world, client_for, monkeypatch):
    _archives(world, 3, world.users["social_worker"])
    _run(world)
    snap = Snapshot.objects.current().get(
        contract=world.contract_a,
        community=world.community_a,
        rule_code="C1",
        project_year__number=1,
    )
    assert snap.will_miss and snap.expected_to_date is not None
    client = client_for("supervisor")
    body = _body(client, reverse("metrics:dashboard"), year=1)
    pace = body.split('data-testid="pace"')[1].split("</table>")[0]
    assert "按当前进度预计未达标" in pace and "按进度应达" in body and "预计年末" in body
    assert f'href="/metrics/snapshots/{snap.pk}/"' in pace
    assert 'data-testid="will-miss"' in body
    # A long table stops on the page, the quota heading to miss first; the rest is counted.
    rows = pace.count("<tr class=")
    assert rows > 1
    monkeypatch.setattr(metrics_views, "PACE_SHOWN", 1)
    body = _body(client, reverse("metrics:dashboard"), year=1)
    short = body.split('data-testid="pace"')[1].split("</table>")[0]
    assert short.count("<tr class=") == 1 and "按当前进度预计未达标" in short
    hidden = body.split('data-testid="pace-hidden"')[1].split("</p>")[0]
    assert f"另有 {rows - 1} 行未在页面显示" in hidden
    page = _body(client, reverse("metrics:contract", args=[world.contract_a.pk]), year=1)
    assert "按当前进度预计未达标" in page
    assert timezone.localtime(snap.computed_at).strftime("%Y-%m-%d %H:%M") in page


def test_history_trend_follows_snapshot_rows_over_runs(world, client_for):
    """At each month's last full run, the snapshot that held then is the one counted."""
    _run(world)
    now = timezone.now()
    Contract.objects.update(created_at=now - timedelta(days=30))
    current = Snapshot.objects.current().get(
        contract=world.contract_a,
        community=world.community_a,
        rule_code="C1",
        project_year__number=1,
    )
    assert not current.met
    # The same key was met before the last change: an older history row.
    old = Snapshot.objects.get(pk=current.pk)
    old.pk, old.is_current, old.met = None, False, True
    old.computed_at = now - timedelta(days=2)
    old.save()
    runs = []
    for as_of, days_ago in ((date(2019, 1, 20), 3), (date(2019, 1, 5), 4), (date(2019, 2, 20), 1)):
        run = metrics_run_start(pilot_round=world.pilot_round, trigger="nightly", as_of=as_of)
        MetricRun.objects.filter(pk=run.pk).update(
            started_at=now - timedelta(days=days_ago),
            finished_at=now - timedelta(days=days_ago),
        )
        runs.append(run)
    points = [
        p
        for p in met_history(user=world.users["agency_manager"], pilot_round=world.pilot_round)
        if p["as_of"] in (date(2019, 1, 20), date(2019, 2, 20))
    ]
    # One point per month (the 5 January run is not the month's last), in order.
    assert [p["as_of"] for p in points] == [date(2019, 1, 20), date(2019, 2, 20)]
    january, february = points
    assert january["total"] == february["total"] > 0
    assert january["met"] == february["met"] + 1
    # Scoped: the other agency's history leaves our key out.
    other = met_history(user=world.users["other_social_worker"], pilot_round=world.pilot_round)
    assert len({p["met"] for p in other if p["as_of"].year == 2019}) == 1
    body = _body(client_for("agency_manager"), reverse("metrics:dashboard"))
    assert 'data-testid="chart-history"' in body and "2019-01" in body and "<polyline" in body
    # The embedded SQLite of `make run` counts in Python what PostgreSQL counts in SQL: the
    # same numbers for every point, whoever asks.
    for persona in ("agency_manager", "other_social_worker", "bureau"):
        scoped = (
            snapshots_visible_to(user=world.users[persona])
            .filter(contract__unit__pilot_round=world.pilot_round)
            .order_by()
            .values_list(*HISTORY_COLUMNS)
        )
        points = [(r.as_of, r.started_at) for r in MetricRun.objects.order_by("started_at")]
        sql = _history_counts_sql(scoped, points)
        assert sql and _history_counts_python(scoped, points) == {
            n: sql.get(n, (0, 0)) for n in range(1, len(points) + 1)
        }


def test_excel_one_table_or_all_and_never_a_formula(world, client_for):
    worker = world.users["social_worker"]
    worker.full_name = "=HYPERLINK(1)"
    worker.save(update_fields=["full_name"])
    _archives(world, 3, worker)
    _run(world)
    client = client_for("agency_manager")
    url = reverse("metrics:dashboard_xlsx")
    response = client.get(url, {"table": "budget"})
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["预算与付款"]
    budget = _sheet(response, "预算与付款")
    assert budget[0][-1] == "付款" and budget[1][-1] == "待评估后录入"
    assert client.get(url, {"table": "nope"}).status_code == 404
    response = client.get(url, {"year": 1})
    workers = _sheet(response, "按社工")
    assert workers[1][:4] == ["沧浪街道", "T-A", "第1项目年度", "'=HYPERLINK(1)"]
    communities = _sheet(response, "按社区")
    assert any(row[2] == world.community_a.name for row in communities[1:])
    pace = _sheet(response, "年度进度")
    assert any("按当前进度预计未达标" in row for row in pace[1:])
    for ws in load_workbook(io.BytesIO(response.content)).worksheets:
        for row in ws.iter_rows():
            assert all(cell.data_type != "f" for cell in row)
    response = client.get(reverse("metrics:contract_xlsx", args=[world.contract_a.pk]))
    assert _sheet(response, "按社工")[1][0] == "'=HYPERLINK(1)"
    one = client.get(
        reverse("metrics:contract_xlsx", args=[world.contract_a.pk]), {"table": "communities"}
    )
    assert load_workbook(io.BytesIO(one.content)).sheetnames == ["按社区"]


def test_bureau_budget_lists_round_lines_and_units(world, client_for):
    _run(world)
    body = _body(client_for("bureau"), reverse("metrics:dashboard"))
    assert 'data-testid="budget-lines"' in body and "付款(待评估后录入)" in body
    response = client_for("bureau").get(reverse("metrics:dashboard_xlsx"), {"table": "budget"})
    rows = _sheet(response, "预算与付款")
    assert sum(1 for r in rows if r[1] == "未签约") == 12
    assert ["合计", "", "", "", "32800000.00", ""] in [
        [v if v is not None else "" for v in r] for r in rows
    ]


def test_beyond_the_inline_limit_the_dashboard_links_each_contracts_community_table(
    world, client_for, monkeypatch
):
    """Many contracts (a city's bureau): the per-community tables are one click away on each
    contract's page, the Excel export still has every community; few contracts: inline."""
    from apps.metrics import selectors

    _run(world)
    monkeypatch.setattr(selectors, "INLINE_COMMUNITY_TABLES", 1)
    body = _body(client_for("bureau"), reverse("metrics:dashboard"), year=1)
    links = body.split('data-testid="by-community-links"')[1].split("</ul>")[0]
    for contract in (world.contract_a, world.contract_b):
        assert f"/metrics/contracts/{contract.pk}/?year=1#by-community" in links
        assert f'data-testid="by-community-{contract.pk}"' not in body
    contract_page = _body(
        client_for("bureau"), reverse("metrics:contract", args=[world.contract_a.pk])
    )
    assert 'id="by-community"' in contract_page and world.community_a.name in contract_page
    response = client_for("bureau").get(reverse("metrics:dashboard_xlsx"), {"year": 1})
    assert any(row[2] == world.community_a.name for row in _sheet(response, "按社区")[1:])
    # One contract in scope: the table itself, as before.
    body = _body(client_for("agency_manager"), reverse("metrics:dashboard"), year=1)
    assert f'data-testid="by-community-{world.contract_a.pk}"' in body
    assert 'data-testid="by-community-links"' not in body


def test_matrix_cells_link_to_the_contract_page_for_their_rule_and_year(world, client_for):
    _run(world)
    body = _body(client_for("bureau"), reverse("metrics:dashboard"), year=1)
    cell = body.split(f'data-testid="cell-{world.contract_a.pk}-C1"')[1].split("</td>")[0]
    assert f'href="/metrics/contracts/{world.contract_a.pk}/?rule=C1&amp;year=1"' in cell
    assert re.search(r'title="[^"]*计算时间 \d{4}-\d\d-\d\d \d\d:\d\d', body)
