"""Every page and endpoint, for every persona: 200 in scope, 404 outside, login for anonymous."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from apps.accounts.gates import CHANGE
from apps.procurement.permissions import contract_get_for_user_or_404
from tests.factories import PERSONAS
from tests.matrix import ALL, SIDE_A, SIDE_B, api_ids, ids_by_side, row_matrix

ADMIN_ONLY = {p: (200 if p == "bureau" else 302) for p in PERSONAS if p != "anonymous"}

PAGES = {
    "home": (lambda w: reverse("home"), ALL),
    "procurement_overview": (lambda w: reverse("portal:procurement_overview"), ALL),
    "evaluator_contracts": (lambda w: reverse("portal:evaluator_contracts"), ALL),
    "catalogue": (lambda w: reverse("catalogue:index"), ALL),
    "rules": (lambda w: reverse("catalogue:rules"), ALL),
    "unit_a": (lambda w: reverse("procurement:unit_detail", args=[w.unit_a.pk]), SIDE_A),
    "unit_b": (lambda w: reverse("procurement:unit_detail", args=[w.unit_b.pk]), SIDE_B),
    "contract_a": (
        lambda w: reverse("procurement:contract_detail", args=[w.contract_a.pk]),
        SIDE_A,
    ),
    "contract_b": (
        lambda w: reverse("procurement:contract_detail", args=[w.contract_b.pk]),
        SIDE_B,
    ),
    "community_a": (lambda w: reverse("orgs:detail", args=[w.community_a.pk]), SIDE_A),
    "community_b": (lambda w: reverse("orgs:detail", args=[w.community_b.pk]), SIDE_B),
    "admin_rules": (lambda w: "/admin/catalogue/indicatorrule/", ADMIN_ONLY),
    # Downloads and requests of each kind: tests/reports/test_permissions.py.
    "reports": (lambda w: reverse("reports:index"), ALL),
}

API = {
    "api_root": (lambda w: "/api/v1/", ALL),
    "api_me": (lambda w: "/api/v1/me/", ALL),
    "api_schema": (lambda w: "/api/schema/", ALL),
    "api_orgs": (lambda w: "/api/v1/organizations/", ALL),
    "api_units": (lambda w: "/api/v1/units/", ALL),
    "api_contracts": (lambda w: "/api/v1/contracts/", ALL),
    "api_categories": (lambda w: "/api/v1/catalogue/categories/", ALL),
    "api_rules": (lambda w: "/api/v1/indicator-rules/", ALL),
    "api_unit_a": (lambda w: f"/api/v1/units/{w.unit_a.pk}/", SIDE_A),
    "api_unit_b": (lambda w: f"/api/v1/units/{w.unit_b.pk}/", SIDE_B),
    "api_contract_a": (lambda w: f"/api/v1/contracts/{w.contract_a.pk}/", SIDE_A),
    "api_contract_b": (lambda w: f"/api/v1/contracts/{w.contract_b.pk}/", SIDE_B),
    "api_org_a": (lambda w: f"/api/v1/organizations/{w.community_a.pk}/", SIDE_A),
    "api_org_b": (lambda w: f"/api/v1/organizations/{w.community_b.pk}/", SIDE_B),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_status_by_persona(world, client_for, page):
    assert row_matrix(PAGES, page, client_for, world) == []


@pytest.mark.parametrize("endpoint", sorted(API))
def test_api_status_by_persona(world, client_for, endpoint):
    assert row_matrix(API, endpoint, client_for, world) == []


def test_api_contract_list_is_scoped(world, client_for):
    a, b = world.contract_a.pk, world.contract_b.pk
    for persona, ids in ids_by_side(a, b).items():
        assert api_ids(client_for(persona), "/api/v1/contracts/") == ids, persona


def test_api_unit_list_is_scoped(world, client_for):
    assert len(api_ids(client_for("bureau"), "/api/v1/units/")) == 14
    assert api_ids(client_for("street"), "/api/v1/units/") == {world.unit_a.pk}
    assert api_ids(client_for("community"), "/api/v1/units/") == {world.unit_a.pk}
    assert api_ids(client_for("other_social_worker"), "/api/v1/units/") == {world.unit_b.pk}
    gusu_units = {u.pk for u in world.pilot_round.units.filter(street__parent__code="gusu")}
    assert api_ids(client_for("district"), "/api/v1/units/") == gusu_units


def test_api_organization_list_never_leaks_the_other_side(world, client_for):
    seen_by_a = api_ids(client_for("social_worker"), "/api/v1/organizations/?kind=community")
    assert world.community_a.pk in seen_by_a
    assert world.community_b.pk not in seen_by_a
    seen_by_street = api_ids(client_for("street"), "/api/v1/organizations/")
    assert world.agency_a.pk in seen_by_street
    assert world.agency_b.pk not in seen_by_street


def test_home_shows_only_own_contracts(world, client_for):
    body = client_for("social_worker").get("/").content.decode()
    assert "T-A" in body and "T-B" not in body
    body = client_for("other_social_worker").get("/").content.decode()
    assert "T-B" in body and "T-A" not in body
    body = client_for("bureau").get("/").content.decode()
    assert "T-A" in body and "T-B" in body and "32,800,000" in body


def test_change_in_scope_is_403_and_out_of_scope_is_404(world):
    manager = world.users["agency_manager"]
    with pytest.raises(PermissionDenied):
        contract_get_for_user_or_404(user=manager, pk=world.contract_a.pk, perm=CHANGE)
    with pytest.raises(Http404):
        contract_get_for_user_or_404(user=manager, pk=world.contract_b.pk, perm=CHANGE)
    bureau = world.users["bureau"]
    assert contract_get_for_user_or_404(user=bureau, pk=world.contract_b.pk, perm=CHANGE)


def test_guardian_grant_opens_one_object_and_group_permissions_open_nothing(world, client_for):
    from guardian.shortcuts import assign_perm

    worker = world.users["social_worker"]
    # A model-level permission (here through the bureau admin group) must not widen scope.
    from apps.accounts.services import bureau_admin_group_ensure

    worker.groups.add(bureau_admin_group_ensure())
    assert (
        client_for("social_worker").get(f"/api/v1/contracts/{world.contract_b.pk}/").status_code
        == 404
    )
    assign_perm("procurement.view_contract", worker, world.contract_b)
    assert (
        client_for("social_worker").get(f"/api/v1/contracts/{world.contract_b.pk}/").status_code
        == 200
    )


def test_inactive_membership_gives_no_scope(world, client_for):
    worker = world.users["other_social_worker"]
    worker.memberships.update(is_active=False)
    assert (
        client_for("other_social_worker")
        .get(reverse("procurement:contract_detail", args=[world.contract_b.pk]))
        .status_code
        == 404
    )
