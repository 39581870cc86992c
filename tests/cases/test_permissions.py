"""Every cases page and endpoint for every persona; list scoping; who may unmask."""

from datetime import date

import pytest
from django.urls import reverse

from apps.cases import idcard
from apps.cases.models import IdentityAccess
from apps.cases.services import target_list_upload
from tests.cases.conftest import open_case, sub_item
from tests.cases.helpers import adult_birth, make_id, row, xlsx_bytes
from tests.factories import PERSONAS
from tests.matrix import ALL, SIDE_A, SIDE_B, api_ids, api_sides, row_matrix, status_matrix


def only(allowed: dict, default: int) -> dict:
    return {p: allowed.get(p, default) for p in PERSONAS if p != "anonymous"}


COORDINATORS = only({"street": 200, "community": 200}, 403)
BUREAU_ONLY = only({"bureau": 200}, 403)
IMPORT_A = only({"bureau": 200, "district": 200, "street": 200}, 404)
CASE_NEW_A = only(
    {"agency_manager": 200, "supervisor": 200, "social_worker": 200, "other_social_worker": 404},
    403,
)
AGENCY_ONLY = only(
    {"agency_manager": 200, "supervisor": 200, "social_worker": 200, "other_social_worker": 200},
    403,
)
RECON_INDEX = only({"bureau": 200, "district": 200, "evaluator": 200}, 302)


@pytest.fixture
def street_import(world):
    data = xlsx_bytes(
        [row("测试", make_id(adult_birth(70), 901), "困境老年人", world.community_a.name)]
    )
    return target_list_upload(
        actor=world.users["street"], organization=world.unit_a.street, name="a.xlsx", data=data
    )


@pytest.fixture
def objs(world, case_a, case_b, street_import):
    return {"case_a": case_a, "case_b": case_b, "import": street_import}


PAGES = {
    "index": (lambda w, o: reverse("cases:index"), ALL),
    "clients": (lambda w, o: reverse("cases:client_list"), ALL),
    "client_a": (lambda w, o: reverse("cases:client_detail", args=[o["case_a"].client_id]), SIDE_A),
    "client_b": (lambda w, o: reverse("cases:client_detail", args=[o["case_b"].client_id]), SIDE_B),
    "cases": (lambda w, o: reverse("cases:case_list"), ALL),
    "case_a": (lambda w, o: reverse("cases:case_detail", args=[o["case_a"].pk]), SIDE_A),
    "case_b": (lambda w, o: reverse("cases:case_detail", args=[o["case_b"].pk]), SIDE_B),
    "case_new_a": (lambda w, o: reverse("cases:case_new", args=[w.contract_a.pk]), CASE_NEW_A),
    "client_new": (lambda w, o: reverse("cases:client_new"), AGENCY_ONLY),
    "imports": (lambda w, o: reverse("cases:import_list"), ALL),
    "upload": (lambda w, o: reverse("cases:import_upload"), COORDINATORS),
    "template": (lambda w, o: reverse("cases:import_template"), COORDINATORS),
    "import_a": (lambda w, o: reverse("cases:import_detail", args=[o["import"].pk]), IMPORT_A),
    "recon_index": (lambda w, o: reverse("cases:reconciliation_index"), RECON_INDEX),
    "recon_a": (lambda w, o: reverse("cases:reconciliation", args=[w.unit_a.street_id]), SIDE_A),
    "recon_b": (lambda w, o: reverse("cases:reconciliation", args=[w.unit_b.street_id]), SIDE_B),
    "access_log": (lambda w, o: reverse("cases:access_log"), BUREAU_ONLY),
    **api_sides("clients", "client", "case_a", "case_b", attr="client_id"),
    **api_sides("cases", "case", "case_a", "case_b"),
    "api_records": (lambda w, o: "/api/v1/service-records/", ALL),
    "api_imports": (lambda w, o: "/api/v1/target-list-imports/", ALL),
    "api_import_a": (lambda w, o: f"/api/v1/target-list-imports/{o['import'].pk}/", IMPORT_A),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_status_by_persona(world, client_for, objs, page):
    assert row_matrix(PAGES, page, client_for, world, objs) == []


def test_unmask_is_for_bureau_and_the_cases_agency_not_evaluators_or_coordinators(
    world, client_for, case_a
):
    url = reverse("cases:client_unmask", args=[case_a.client_id])
    expected = only(
        {
            "bureau": 200,
            "agency_manager": 200,
            "supervisor": 200,
            "social_worker": 200,
            "other_social_worker": 404,
        },
        403,
    )
    assert (
        status_matrix(client_for, url, expected, method="post", data={"reason": "核对身份"}) == []
    )
    assert IdentityAccess.objects.count() == 4
    assert set(IdentityAccess.objects.values_list("user__username", flat=True)) == {
        "p_bureau",
        "p_manager",
        "p_supervisor",
        "p_worker",
    }


def test_unmask_is_post_only_and_get_shows_masked(world, client_for, case_a):
    value = idcard.decrypt(case_a.client.id_cipher)
    url = reverse("cases:client_unmask", args=[case_a.client_id])
    assert client_for("bureau").get(url).status_code == 405
    body = client_for("bureau").get(reverse("cases:client_detail", args=[case_a.client_id]))
    assert value not in body.content.decode()
    assert case_a.client.id_masked in body.content.decode()
    shown = client_for("social_worker").post(url, {"reason": "入户核对"}).content.decode()
    assert value in shown
    log = client_for("bureau").get(reverse("cases:access_log")).content.decode()
    assert "入户核对" in log and "p_worker" in log


def test_a_worker_without_a_case_for_the_client_cannot_unmask(world, client_for, client_a):
    url = reverse("cases:client_unmask", args=[client_a.pk])
    assert client_for("social_worker").post(url, {"reason": "好奇"}).status_code == 403
    assert IdentityAccess.objects.count() == 0


def test_evaluator_reads_masked_numbers_and_names(world, client_for, case_a):
    value = idcard.decrypt(case_a.client.id_cipher)
    for url in (
        reverse("cases:client_detail", args=[case_a.client_id]),
        reverse("cases:client_list"),
        reverse("cases:case_detail", args=[case_a.pk]),
        "/api/v1/clients/",
    ):
        body = client_for("evaluator").get(url).content.decode()
        assert value not in body, url
    page = client_for("evaluator").get(reverse("cases:client_list")).content.decode()
    assert "测试对象甲" not in page and "测*" in page


def test_write_matrix_for_service_records(world, client_for, case_a):
    url = reverse("cases:record_add", args=[case_a.pk])
    data = {
        "date": "2019-03-05",
        "duration_minutes": 45,
        "mode": "home_visit",
        "sub_item": sub_item(world).pk,
        "note": "入户探访",
    }
    expected = only(
        {
            "agency_manager": 302,
            "supervisor": 302,
            "social_worker": 302,
            "other_social_worker": 404,
        },
        403,
    )
    assert status_matrix(client_for, url, expected, method="post", data=data) == []
    assert case_a.records.count() == 3


def test_review_is_for_manager_and_supervisor_only(world, client_for, case_a):
    url = reverse("cases:case_review", args=[case_a.pk])
    expected = only({"agency_manager": 302, "supervisor": 302, "other_social_worker": 404}, 403)
    data = {"decision": "approved", "comment": ""}
    assert status_matrix(client_for, url, expected, method="post", data=data) == []
    assert case_a.reviews.count() == 2


def test_only_the_uploader_confirms_an_import(world, client_for, street_import):
    url = reverse("cases:import_confirm", args=[street_import.pk])
    expected = only({"bureau": 403, "district": 403, "street": 302}, 404)
    assert status_matrix(client_for, url, expected, method="post", data={}) == []
    street_import.refresh_from_db()
    assert street_import.status == "imported"


def test_case_lists_are_scoped_a_worker_sees_only_their_own_caseload(world, client_for, objs):
    other_in_a = open_case(
        world,
        objs["case_a"].client,
        world.contract_a,
        world.community_a,
        world.users["supervisor"],
        opened_on=date(2019, 5, 1),
    )
    a, b, a2 = objs["case_a"].pk, objs["case_b"].pk, other_in_a.pk
    expected = {
        "bureau": {a, b, a2},
        "evaluator": {a, b, a2},
        "district": {a, a2},
        "street": {a, a2},
        "community": {a, a2},
        "agency_manager": {a, a2},
        "supervisor": {a, a2},
        "social_worker": {a},
        "other_social_worker": {b},
    }
    for persona, ids in expected.items():
        assert api_ids(client_for(persona), "/api/v1/cases/") == ids, persona
    assert client_for("social_worker").get(f"/api/v1/cases/{a2}/").status_code == 404


def test_client_lists_are_scoped(world, client_for, objs):
    a, b = objs["case_a"].client_id, objs["case_b"].client_id
    for persona in ("bureau", "evaluator"):
        assert api_ids(client_for(persona), "/api/v1/clients/") == {a, b}
    for persona in ("district", "street", "community", "agency_manager", "social_worker"):
        assert api_ids(client_for(persona), "/api/v1/clients/") == {a}, persona
    assert api_ids(client_for("other_social_worker"), "/api/v1/clients/") == {b}
    record = client_for("bureau").get(f"/api/v1/clients/{a}/").json()
    assert "id_cipher" not in record and "id_hash" not in record
    assert record["id_masked"].count("*") == 10


def test_import_lists_are_scoped(world, client_for, street_import):
    assert api_ids(client_for("street"), "/api/v1/target-list-imports/") == {street_import.pk}
    assert api_ids(client_for("bureau"), "/api/v1/target-list-imports/") == {street_import.pk}
    for persona in ("community", "social_worker", "evaluator", "other_social_worker"):
        assert api_ids(client_for(persona), "/api/v1/target-list-imports/") == set(), persona


def test_api_masks_names_for_evaluators(world, client_for, case_a):
    rows = client_for("evaluator").get("/api/v1/clients/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["name"] for r in rows] == ["测****"]
    rows = client_for("bureau").get("/api/v1/clients/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["name"] for r in rows] == ["测试对象甲"]


def test_worker_registers_a_walk_in_only_in_their_contracts_communities(world, client_for):
    from apps.cases.models import Client

    url = reverse("cases:client_new")
    data = {
        "name": "求助者",
        "id_number": make_id(adult_birth(40), 950),
        "community": world.community_b.pk,
        "source": "walk_in",
    }
    assert client_for("social_worker").post(url, data).status_code == 400
    data["community"] = world.community_a.pk
    assert client_for("social_worker").post(url, data).status_code == 302
    again = client_for("social_worker").post(url, data)
    assert again.status_code == 400 and "已登记" in again.content.decode()
    assert Client.objects.get().source == "walk_in"


def test_original_list_download_is_the_bureau_s_with_a_reason(world, client_for, street_import):
    """An unmasked view of every row: in scope but not allowed to reveal → 403 (issue 14)."""
    url = reverse("cases:import_file", args=[street_import.pk])
    expected = only({"bureau": 200, "district": 403, "street": 403}, 404)
    assert status_matrix(client_for, url, expected, method="post", data={"reason": "核对"}) == []
