"""Every new page and endpoint of agencies, procurement and plans, for every persona."""

import pytest
from django.urls import reverse

from tests.agencies.builders import build_full
from tests.factories import PERSONAS
from tests.matrix import ALL, SIDE_A, SIDE_B, api_ids, api_sides, row_matrix

CITY_ONLY = {p: 404 for p in PERSONAS if p != "anonymous"} | {"bureau": 200, "evaluator": 200}


def writers(allowed, *, ok=302, side=SIDE_A):
    """In scope: ``ok`` for the allowed personas, 403 for the rest; out of scope stays 404."""
    return {p: (404 if s == 404 else ok if p in allowed else 403) for p, s in side.items()}


@pytest.fixture
def full(world):
    return build_full(world)


def _r(name, *args):
    return reverse(name, args=args)


PAGES = {
    "agencies_index": (lambda w, f: _r("agencies:index"), ALL),
    "org_a": (lambda w, f: _r("agencies:organization_detail", w.agency_a.pk), SIDE_A),
    "org_b": (lambda w, f: _r("agencies:organization_detail", w.agency_b.pk), SIDE_B),
    "org_evaluator": (
        lambda w, f: _r("agencies:organization_detail", f["ev_contract"].evaluator_id),
        CITY_ONLY,
    ),
    "team_a": (lambda w, f: _r("agencies:contract_team", w.contract_a.pk), SIDE_A),
    "team_b": (lambda w, f: _r("agencies:contract_team", w.contract_b.pk), SIDE_B),
    "team_a_by_id": (
        lambda w, f: _r("agencies:team_detail", f["team_a"].pk),
        {p: (302 if s == 200 else s) for p, s in SIDE_A.items()},
    ),
    "eval_team": (lambda w, f: _r("agencies:team_detail", f["ev_team"].pk), CITY_ONLY),
    "overview": (lambda w, f: _r("portal:procurement_overview"), ALL),
    "evaluator_contracts": (lambda w, f: _r("portal:evaluator_contracts"), ALL),
    "plans_index": (lambda w, f: _r("plans:index"), ALL),
    "plan_a": (lambda w, f: _r("plans:plan_detail", w.contract_a.pk), SIDE_A),
    "plan_b": (lambda w, f: _r("plans:plan_detail", w.contract_b.pk), SIDE_B),
    "plan_edit_a": (
        lambda w, f: _r("plans:plan_edit", w.contract_a.pk),
        writers({"bureau", "agency_manager"}, ok=200),
    ),
    "adjust_a": (
        lambda w, f: _r("plans:adjustment_new", w.contract_a.pk),
        writers({"street", "agency_manager"}, ok=200),
    ),
    "adjustment_a": (lambda w, f: _r("plans:adjustment_detail", f["adjustment"].pk), SIDE_A),
    "resubmit_a": (
        lambda w, f: _r("plans:adjustment_resubmit", f["adjustment"].pk),
        writers({"street", "agency_manager"}, ok=200),
    ),
}

POSTS = {
    "person_add": (
        lambda w, f: _r("agencies:person_add", w.agency_a.pk),
        writers({"bureau", "agency_manager"}),
    ),
    "profile_edit": (
        lambda w, f: _r("agencies:profile_edit", w.agency_a.pk),
        writers({"bureau", "agency_manager"}),
    ),
    "member_add": (
        lambda w, f: _r("agencies:member_add", w.contract_a.pk),
        writers({"bureau", "agency_manager"}),
    ),
    "member_remove": (
        lambda w, f: _r("agencies:member_remove", f["team_a"].pk, f["member_a"].pk),
        writers({"bureau", "agency_manager"}),
    ),
    "change_request_add": (
        lambda w, f: _r("agencies:change_request_add", f["ev_team"].pk),
        CITY_ONLY | {"bureau": 403, "evaluator": 302},
    ),
    "change_request_decide": (
        lambda w, f: _r("agencies:change_request_decide", f["change"].pk),
        CITY_ONLY | {"bureau": 302, "evaluator": 403},
    ),
    "tender_open": (lambda w, f: _r("procurement:tender_open", w.unit_a.pk), writers({"bureau"})),
    "bid_add": (lambda w, f: _r("procurement:bid_add", f["tender_a"].pk), writers({"bureau"})),
    "award_add": (lambda w, f: _r("procurement:award_add", f["tender_a"].pk), writers({"bureau"})),
    "team_formed": (
        lambda w, f: _r("procurement:team_formed", w.contract_a.pk),
        writers({"bureau"}),
    ),
    "lateness": (
        lambda w, f: _r("procurement:lateness_decision", w.contract_a.pk),
        writers({"bureau"}),
    ),
    "decide_at_district": (
        lambda w, f: _r("plans:adjustment_decide", f["adjustment"].pk),
        writers({"district"}),
    ),
    "approval_record": (
        lambda w, f: _r("plans:approval_record", f["part_a"].pk),
        writers({"bureau", "street", "community"}),
    ),
    "commission_save": (
        lambda w, f: _r("plans:commission_save", w.contract_a.pk),
        writers({"bureau", "agency_manager"}),
    ),
}

API = {
    "api_profiles": (lambda w, f: "/api/v1/qualification-profiles/", ALL),
    "api_staff": (lambda w, f: "/api/v1/staff/", ALL),
    **api_sides("teams", "team", "team_a", "team_b"),
    "api_eval_team": (lambda w, f: f"/api/v1/teams/{f['ev_team'].pk}/", CITY_ONLY),
    **api_sides("tenders", "tender", "tender_a", "tender_b"),
    "api_eval_contracts": (lambda w, f: "/api/v1/evaluator-contracts/", ALL),
    "api_eval_contract": (
        lambda w, f: f"/api/v1/evaluator-contracts/{f['ev_contract'].pk}/",
        CITY_ONLY,
    ),
    **api_sides("plans", "plan", "plan_a", "plan_b"),
    "api_adjustments": (lambda w, f: "/api/v1/plan-adjustments/", ALL),
    "api_adjustment_a": (
        lambda w, f: f"/api/v1/plan-adjustments/{f['adjustment'].pk}/",
        SIDE_A,
    ),
    "api_commissions": (lambda w, f: "/api/v1/commissions/", ALL),
}

API_POSTS = {
    "api_member_add": (
        lambda w, f: f"/api/v1/teams/{f['team_a'].pk}/members/",
        writers({"bureau", "agency_manager"}, ok=400),
    ),
    "api_decide": (
        lambda w, f: f"/api/v1/plan-adjustments/{f['adjustment'].pk}/decide/",
        writers({"district"}, ok=400),
    ),
}


# Each table's rows and how they are requested: writes with an empty (invalid) form, so the
# allowed personas are sent back to it (400 from the API) and the rest refused.
WRITE = {"method": "post", "data": {}}
TABLES = {
    "page": (PAGES, {}),
    "post": (POSTS, WRITE),
    "api": (API, {}),
    "api_post": (API_POSTS, WRITE),
}


@pytest.mark.parametrize(
    ("table", "name"), [(t, name) for t, (rows, _) in TABLES.items() for name in sorted(rows)]
)
def test_status_by_persona(world, full, client_for, table, name):
    rows, request = TABLES[table]
    assert row_matrix(rows, name, client_for, world, full, **request) == []


def test_get_is_refused_on_write_urls(world, full, client_for):
    url = _r("procurement:team_formed", world.contract_a.pk)
    assert client_for("bureau").get(url).status_code == 405


def test_api_lists_are_scoped(world, full, client_for):
    a, b, ev = full["team_a"].pk, full["team_b"].pk, full["ev_team"].pk
    pa, pb = full["plan_a"].pk, full["plan_b"].pk
    ta, tb = full["tender_a"].pk, full["tender_b"].pk
    expect = {
        "bureau": ({a, b, ev}, {pa, pb}, {ta, tb}, 1),
        "evaluator": ({a, b, ev}, {pa, pb}, {ta, tb}, 1),
        "district": ({a}, {pa}, {ta}, 0),
        "street": ({a}, {pa}, {ta}, 0),
        "community": ({a}, {pa}, {ta}, 0),
        "agency_manager": ({a}, {pa}, {ta}, 0),
        "social_worker": ({a}, {pa}, {ta}, 0),
        "other_social_worker": ({b}, {pb}, {tb}, 0),
    }
    for persona, (teams, plans, tenders, n_ev) in expect.items():
        client = client_for(persona)
        assert api_ids(client, "/api/v1/teams/") == teams, persona
        assert api_ids(client, "/api/v1/plans/") == plans, persona
        assert api_ids(client, "/api/v1/tenders/") == tenders, persona
        assert len(api_ids(client, "/api/v1/evaluator-contracts/")) == n_ev, persona
    staff_b = api_ids(client_for("other_social_worker"), "/api/v1/staff/")
    staff_a = api_ids(client_for("agency_manager"), "/api/v1/staff/")
    assert staff_a and staff_b and not staff_a & staff_b


def test_overview_shows_only_the_units_in_scope(world, full, client_for):
    html = client_for("district").get(_r("portal:procurement_overview")).content.decode()
    assert "沧浪街道" in html and "娄葑街道" not in html
    html = client_for("bureau").get(_r("portal:procurement_overview")).content.decode()
    assert html.count("data-unit=") == world.pilot_round.units.count()


def test_list_pages_keep_queries_flat(world, full, client_for, django_assert_max_num_queries):
    client = client_for("bureau")
    for name in ["portal:procurement_overview", "agencies:index", "plans:index"]:
        with django_assert_max_num_queries(30):
            assert client.get(_r(name)).status_code == 200
