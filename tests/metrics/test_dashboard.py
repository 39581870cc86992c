"""Dashboards read snapshots, scoped per role; every number links to its records."""

import re
from datetime import date

from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import Job
from apps.metrics.models import Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.matrix import ALL, SIDE_A, SIDE_B, status_matrix


def _run(world):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=date(2019, 3, 1))
    return metrics_run_execute(run=run)


def test_metrics_pages_and_api_for_every_persona(world, client_for):
    _run(world)
    snap_a = Snapshot.objects.current().get(contract=world.contract_a, rule_code="COMMUNITIES")
    snap_b = Snapshot.objects.current().get(contract=world.contract_b, rule_code="COMMUNITIES")
    cases = {
        reverse("metrics:dashboard"): ALL,
        reverse("metrics:dashboard_xlsx"): ALL,
        reverse("metrics:contract", args=[world.contract_a.pk]): SIDE_A,
        reverse("metrics:contract", args=[world.contract_b.pk]): SIDE_B,
        reverse("metrics:snapshot", args=[snap_a.pk]): SIDE_A,
        reverse("metrics:snapshot", args=[snap_b.pk]): SIDE_B,
        "/api/v1/snapshots/": ALL,
        f"/api/v1/snapshots/{snap_a.pk}/": SIDE_A,
        f"/api/v1/snapshots/{snap_b.pk}/": SIDE_B,
    }
    for url, expected in cases.items():
        assert status_matrix(client_for, url, expected) == [], url


def test_only_the_bureau_starts_a_full_run(world, client_for, django_capture_on_commit_callbacks):
    expected = {p: 403 for p in ALL}
    expected["bureau"] = 302
    with django_capture_on_commit_callbacks(execute=True):
        assert status_matrix(client_for, reverse("metrics:run"), expected, method="post") == []
    job = Job.objects.get(kind="metrics")
    assert job.status == "succeeded" and job.done == job.total == 2  # two contracts
    assert job.result_url == reverse("metrics:dashboard")


def test_dashboard_rows_are_scoped(world, client_for):
    _run(world)
    body = client_for("other_social_worker").get(reverse("metrics:dashboard")).content.decode()
    assert "娄葑街道" in body and "沧浪街道" not in body
    body = client_for("bureau").get(reverse("metrics:dashboard")).content.decode()
    assert "娄葑街道" in body and "沧浪街道" in body
    api = client_for("social_worker").get("/api/v1/snapshots/").json()
    assert {row["contract"] for row in api["results"]} == {world.contract_a.pk}


def test_red_indicator_leads_to_the_records_it_counted(world, client_for):
    world.contract_b.communities.remove(*list(world.contract_b.communities.all())[1:])
    _run(world)
    client = client_for("bureau")
    body = client.get(reverse("metrics:dashboard")).content.decode()
    cell = re.search(
        rf'data-testid="cell-{world.contract_b.pk}-COMMUNITIES">\s*<a href="([^"]+)"', body
    )
    assert cell and 'class="light-red"' in body
    detail = client.get(cell.group(1)).content.decode()
    assert "§三(三)" in detail and "计算时间" in detail
    assert world.community_b.name in detail


def test_dashboard_query_count_does_not_grow_with_contracts(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_communities, term_contract

    def queries(persona, url):
        client = client_for(persona)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    _run(world)
    urls = [
        ("bureau", reverse("metrics:dashboard")),
        ("evaluator", reverse("metrics:dashboard")),
        ("district", reverse("metrics:dashboard")),
        ("agency_manager", reverse("metrics:dashboard")),
        ("agency_manager", reverse("metrics:contract", args=[world.contract_a.pk])),
        ("bureau", reverse("metrics:dashboard_xlsx")),
        # Each role's home lists its contracts (and their communities) and to-dos.
        ("bureau", "/"),
        ("evaluator", "/"),
        ("district", "/"),
        ("agency_manager", "/"),
        ("social_worker", "/"),
    ]
    few = [queries(p, u) for p, u in urls]
    agency = world.contract_a.agency
    for unit in world.pilot_round.units.filter(street__parent__code="gusu").exclude(
        pk=world.unit_a.pk
    )[:3]:
        communities = make_communities(unit.street, 5)
        term_contract(unit, agency=agency, number=f"T-{unit.pk}", communities=communities)
    _run(world)
    many = [queries(p, u) for p, u in urls]
    # Never more with more contracts (a district's page may need fewer once its units all have
    # contracts). The bound includes the constant per-request costs added since: the session
    # save of idle expiry and the latest run's reference date for the default year.
    assert all(after <= before for after, before in zip(many, few, strict=True)), (many, few)
    assert max(few) <= 20


def test_excel_export_has_every_contract_in_scope(world, client_for):
    _run(world)
    import io

    response = client_for("district").get(reverse("metrics:dashboard_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    numbers = [row[1].value for row in ws.iter_rows(min_row=2) if row[1].value]
    assert "T-A" in numbers and "T-B" not in numbers
