"""Dashboards and the snapshot API: every view and endpoint per persona, filters, query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.community.models import HouseholdArchive
from apps.metrics.models import Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.matrix import ALL, SIDE_A, SIDE_B, status_matrix
from tests.metrics.builders import worker_archives

# A dashboard page stays under this many queries for every persona, whatever the data.
MAX_QUERIES = 20


def _run(world, as_of=date(2019, 3, 1)):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=as_of)
    return metrics_run_execute(run=run)


def _archives(world, contract, community, n, worker, prefix="q"):
    worker_archives(
        world,
        n,
        worker,
        contract=contract,
        community=community,
        address=prefix + "{i}号",
        key=prefix + "{i}",
    )


def _other_community_of_a(world):
    return world.contract_a.communities.exclude(pk=world.community_a.pk).order_by("code").first()


def _current(world, contract, community, code="C1"):
    return Snapshot.objects.current().get(
        contract=contract, community=community, rule_code=code, project_year__number=1
    )


def test_every_dashboard_view_for_every_persona(world, client_for):
    _run(world)
    a, b = world.contract_a.pk, world.contract_b.pk
    cases = {
        reverse("metrics:dashboard") + "?year=1": ALL,
        reverse("metrics:dashboard_xlsx") + "?table=matrix": ALL,
        reverse("metrics:dashboard_xlsx") + "?table=workers&year=1": ALL,
        reverse("metrics:contract", args=[a]) + "?rule=C1&year=1": SIDE_A,
        reverse("metrics:contract", args=[b]) + "?rule=C1&year=1": SIDE_B,
        reverse("metrics:contract_xlsx", args=[a]) + "?table=communities": SIDE_A,
        reverse("metrics:contract_xlsx", args=[b]) + "?table=workers": SIDE_B,
    }
    for url, expected in cases.items():
        assert status_matrix(client_for, url, expected) == [], url


def test_snapshot_api_and_drill_down_for_every_persona(world, client_for):
    _run(world)
    snap_a = _current(world, world.contract_a, world.community_a)
    snap_a2 = _current(world, world.contract_a, _other_community_of_a(world))
    snap_b = _current(world, world.contract_b, world.community_b)
    own_community_only = {**SIDE_A, "community": 404}  # another community of the same street
    cases = {
        f"/api/v1/snapshots/?contract={world.contract_a.pk}&met=false&project_year=1": ALL,
        f"/api/v1/snapshots/{snap_a.pk}/records/": SIDE_A,
        f"/api/v1/snapshots/{snap_a2.pk}/": own_community_only,
        f"/api/v1/snapshots/{snap_a2.pk}/records/": own_community_only,
        f"/api/v1/snapshots/{snap_b.pk}/records/": SIDE_B,
        reverse("metrics:snapshot", args=[snap_a2.pk]): own_community_only,
    }
    for url, expected in cases.items():
        assert status_matrix(client_for, url, expected) == [], url


def test_api_filters_combine_and_stay_in_scope(world, client_for):
    _archives(world, world.contract_a, world.community_a, 2, world.users["social_worker"])
    _run(world)
    api = client_for("street")
    url = "/api/v1/snapshots/"

    def ids(**params):
        return {row["id"] for row in api.get(url, params).json()["results"]}

    c1 = ids(rule_code="C1", project_year=1, contract=world.contract_a.pk)
    assert len(c1) == world.contract_a.communities.count()
    assert ids(rule_code="C1", project_year=1, community=world.community_a.pk) == {
        _current(world, world.contract_a, world.community_a).pk
    }
    assert ids(rule_code="C1", project_year=1, met="true") == set()
    assert ids(rule_code="C1", project_year=1, will_miss="true") == c1
    assert ids(rule_code="FUND", applicable="false")  # no fund in the plan: not applicable
    assert ids(contract=world.contract_b.pk) == set()  # outside the street: nothing
    assert ids(contract="x") == ids(project_year="x") == set()
    # The community coordinator's list holds their community's rows and street-level ones.
    rows = client_for("community").get(url, {"contract": world.contract_a.pk}).json()["results"]
    assert {r["community"] for r in rows} == {world.community_a.pk, None}


def test_drill_down_returns_ids_and_reasons(world, client_for):
    _archives(world, world.contract_a, world.community_a, 2, world.users["social_worker"])
    _run(world)
    snap = _current(world, world.contract_a, world.community_a)
    body = client_for("supervisor").get(f"/api/v1/snapshots/{snap.pk}/records/").json()
    assert body["record_ids"] == snap.record_ids and body["excluded_reasons"] == snap.excluded
    assert body["rule_code"] == "C1" and body["clause"] == "§三(二)1" and body["computed_at"]
    assert sorted(body["record_ids"]["community.householdarchive"]) == sorted(
        HouseholdArchive.objects.filter(contract=world.contract_a).values_list("pk", flat=True)
    )
    assert (
        client_for("other_social_worker").get(f"/api/v1/snapshots/{snap.pk}/records/").status_code
        == 404
    )


def _grow(world):
    """Three more contracts of agency A in 姑苏区 with five communities each, more archives
    and a second run (so history rows too)."""
    from tests.factories import make_communities, term_contract

    units = world.pilot_round.units.filter(street__parent__code="gusu").exclude(pk=world.unit_a.pk)[
        :3
    ]
    for unit in units:
        communities = make_communities(unit.street, 5)
        agency, number = world.contract_a.agency, f"G-{unit.pk}"
        contract = term_contract(unit, agency=agency, number=number, communities=communities)
        _archives(world, contract, communities[0], 4, world.users["supervisor"], f"g{unit.pk}-")
    _run(world)
    for i, community in enumerate(world.contract_a.communities.all()):
        _archives(world, world.contract_a, community, 3, world.users["social_worker"], f"m{i}-")
    _run(world)


VARIANTS = [
    ("bureau", "dashboard"),
    ("evaluator", "dashboard"),
    ("district", "dashboard"),
    ("street", "dashboard"),
    ("community", "dashboard"),
    ("agency_manager", "dashboard"),
    ("social_worker", "dashboard"),
    ("bureau", "xlsx"),
    ("agency_manager", "xlsx"),
    ("agency_manager", "contract"),
    ("community", "contract"),
    ("agency_manager", "contract_xlsx"),
    ("agency_manager", "api"),
]


def _url(world, view):
    return {
        "dashboard": reverse("metrics:dashboard") + "?year=1",
        "xlsx": reverse("metrics:dashboard_xlsx") + "?year=1",
        "contract": reverse("metrics:contract", args=[world.contract_a.pk]) + "?year=1",
        "contract_xlsx": reverse("metrics:contract_xlsx", args=[world.contract_a.pk]),
        "api": "/api/v1/snapshots/?project_year=1",
    }[view]


@pytest.mark.parametrize(("persona", "view"), VARIANTS)
def test_queries_do_not_grow_with_snapshots(
    world, client_for, django_assert_max_num_queries, persona, view
):
    _archives(world, world.contract_a, world.community_a, 1, world.users["social_worker"])
    _run(world)
    url = _url(world, view)
    client = client_for(persona)
    client.get(url)  # warm: session, content types
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    before = Snapshot.objects.count()
    _grow(world)
    assert Snapshot.objects.count() > 2 * before
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url)
