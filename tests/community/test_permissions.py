"""Every page and endpoint of community work, for every persona; list scoping; query counts."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.catalogue.models import Item, SubItem
from apps.community import services
from apps.community.models import HouseholdArchive, MeetingKind
from tests.matrix import (
    ALL,
    SIDE_A,
    SIDE_B,
    WRITE_A,
    api_ids,
    ids_by_side,
    post_matrix,
    status_matrix,
)
from tests.volunteers.builders import volunteer_team

from .builders import make_archives, meeting

# Street-level records: a single community's coordinator does not see them.
STREET_A = {**SIDE_A, "community": 404}
WEEKLY_A = {**{p: 403 for p in WRITE_A}, "community": 200, "other_social_worker": 404}
MONTHLY_A = {**{p: 403 for p in WRITE_A}, "street": 200, "other_social_worker": 404}


def _sub(world, code):
    return SubItem.objects.get(item__category__pilot_round=world.pilot_round, code=code)


def _records(world, contract, community, street, day):
    on = {"actor": None, "contract": contract}  # acting as the system, on ``contract``
    here = {**on, "community": community}

    records = {
        "archive": services.archive_create(
            **here,
            address="和平路1号",
            household_head="张三",
            recorded_on=day,
            is_distressed=True,
            distressed_groups=[
                Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T1-1")
            ],
        ),
        "resource": services.resource_create(
            **here, kind="place", name="活动中心", changed_on=day, grid_x=2, grid_y=3
        ),
        "study": services.study_create(
            **here, sub_item=_sub(world, "A1-T2-3-1"), title="社区问题研究", started_on=day
        ),
        "project": services.project_create(
            **here,
            sub_item=_sub(world, "A1-T4-2-1"),
            title="公益金",
            started_on=day,
            fund_amount=Decimal("30000"),
        ),
        "training": services.training_create(
            **on, held_on=day, topic="个案方法", hours=4, trainer="督导", attendee_count=12
        ),
        "incubation": services.incubation_create(
            **on, sub_item=_sub(world, "A1-T3-2-2"), organization_name="睦邻会", started_on=day
        ),
        "meeting": meeting(contract, MeetingKind.WEEKLY, community, day),
        "monthly": meeting(contract, MeetingKind.MONTHLY, street, day),
        "quarterly": services.quarterly_report_create(
            **on,
            year=day.year,
            quarter=(day.month - 1) // 3 + 1,
            narrative="进展",
            submitted_on=day,
        ),
    }
    records["team"] = volunteer_team(contract, community, day)
    records["attachment"] = services.attachment_add(
        actor=None,
        record=records["study"],
        kind="report",
        uploaded=SimpleUploadedFile("报告.pdf", b"%PDF-1.4 test"),
    )
    return records


@pytest.fixture
def recs(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    day = world.pilot_round.years.get(number=1).start + timedelta(days=20)
    return {
        "a": _records(world, world.contract_a, world.community_a, world.unit_a.street, day),
        "b": _records(world, world.contract_b, world.community_b, world.unit_b.street, day),
    }


def _record_url(kind, obj):
    if kind == "monthly":
        kind = "meeting"
    return reverse("community:record", args=[kind, obj.pk])


RECORD_EXPECTED_A = {
    "archive": SIDE_A,
    "resource": SIDE_A,
    "study": SIDE_A,
    "project": SIDE_A,
    "meeting": SIDE_A,
    "training": STREET_A,
    "incubation": STREET_A,
    "monthly": STREET_A,
    "quarterly": STREET_A,
}


def test_index_by_persona(world, client_for, recs):
    assert status_matrix(client_for, reverse("community:index"), ALL) == []


def test_community_pages_by_persona(world, client_for, recs):
    a = reverse("community:community", args=[world.contract_a.pk, world.community_a.pk])
    b = reverse("community:community", args=[world.contract_b.pk, world.community_b.pk])
    assert status_matrix(client_for, a, SIDE_A) == []
    assert status_matrix(client_for, b, SIDE_B) == []
    for name in ("map", "map_svg"):
        url = reverse(f"community:{name}", args=[world.contract_a.pk, world.community_a.pk])
        assert status_matrix(client_for, url, SIDE_A) == []


def test_community_of_another_contract_is_404(world, client_for, recs):
    url = reverse("community:community", args=[world.contract_a.pk, world.community_b.pk])
    assert client_for("bureau").get(url).status_code == 404


def test_street_page_by_persona(world, client_for, recs):
    assert (
        status_matrix(client_for, reverse("community:street", args=[world.contract_a.pk]), STREET_A)
        == []
    )
    assert (
        status_matrix(client_for, reverse("community:street", args=[world.contract_b.pk]), SIDE_B)
        == []
    )


@pytest.mark.parametrize("kind", sorted(RECORD_EXPECTED_A))
def test_record_pages_by_persona(world, client_for, recs, kind):
    assert (
        status_matrix(client_for, _record_url(kind, recs["a"][kind]), RECORD_EXPECTED_A[kind]) == []
    )
    assert status_matrix(client_for, _record_url(kind, recs["b"][kind]), SIDE_B) == []


def test_attachment_download_is_gated(world, client_for, recs):
    url = reverse("community:attachment", args=[recs["a"]["attachment"].pk])
    assert status_matrix(client_for, url, SIDE_A) == []
    response = client_for("social_worker").get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


@pytest.mark.parametrize(
    "kind", ["archive", "resource", "study", "project", "training", "incubation", "quarterly"]
)
def test_agency_create_pages_by_persona(world, client_for, recs, kind):
    url = reverse("community:create", args=[world.contract_a.pk, kind])
    assert status_matrix(client_for, url, WRITE_A) == []


def test_meeting_create_pages_by_persona(world, client_for, recs):
    weekly = reverse("community:create", args=[world.contract_a.pk, "weekly"])
    monthly = reverse("community:create", args=[world.contract_a.pk, "monthly"])
    assert status_matrix(client_for, weekly, WEEKLY_A) == []
    assert status_matrix(client_for, monthly, MONTHLY_A) == []


def test_evaluator_cannot_post_an_archive(world, client_for, recs):
    url = reverse("community:create", args=[world.contract_a.pk, "archive"])
    before = HouseholdArchive.objects.count()
    data = {
        "community": world.community_a.pk,
        "address": "新路9号",
        "household_head": "x",
        "member_count": 1,
        "recorded_on": "2018-08-01",
    }
    assert client_for("evaluator").post(url, data).status_code == 403
    assert client_for("district").post(url, data).status_code == 403
    assert HouseholdArchive.objects.count() == before


def test_post_only_write_endpoints_by_persona(world, client_for, recs):
    resource = recs["a"]["resource"]
    project = recs["a"]["project"]
    data_update = {
        "name": "活动中心",
        "changed_on": "2018-09-01",
        "summary": "更新",
        "grid_x": 2,
        "grid_y": 3,
        "is_active": "on",
    }
    post_expected = {**WRITE_A, "agency_manager": 302, "supervisor": 302, "social_worker": 302}
    assert (
        post_matrix(
            client_for,
            reverse("community:resource_update", args=[resource.pk]),
            post_expected,
            data_update,
        )
        == []
    )
    assert resource.changes.count() == 4  # created + one update by each agency persona
    entry = {"entry_date": "2018-09-01", "direction": "in", "amount": "10", "note": "捐"}
    assert (
        post_matrix(
            client_for, reverse("community:fund_entry", args=[project.pk]), post_expected, entry
        )
        == []
    )
    assert project.entries.count() == 3


def test_weekly_meeting_upload_is_for_the_community_coordinator(world, client_for, recs):
    meeting = recs["a"]["meeting"]
    url = reverse("community:attachment_upload", args=["meeting", meeting.pk])
    expected = {**WEEKLY_A, "community": 302}
    assert (
        post_matrix(
            client_for,
            url,
            expected,
            {"kind": "sign_in", "file": SimpleUploadedFile("签到.png", b"\x89PNG\r\n\x1a\nx")},
        )
        == []
    )


API_LISTS = [
    "/api/v1/community/archives/",
    "/api/v1/community/resources/",
    "/api/v1/community/studies/",
    "/api/v1/community/trainings/",
    "/api/v1/community/incubations/",
    "/api/v1/community/projects/",
    "/api/v1/community/meetings/",
    "/api/v1/community/quarterly-reports/",
    "/api/v1/volunteers/teams/",
    "/api/v1/volunteers/people/",
]


@pytest.mark.parametrize("url", API_LISTS)
def test_api_lists_by_persona(world, client_for, recs, url):
    assert status_matrix(client_for, url, ALL) == []


def test_api_details_by_persona(world, client_for, recs):
    a, b = recs["a"], recs["b"]
    for path, kind in (("archives", "archive"), ("projects", "project"), ("meetings", "meeting")):
        assert status_matrix(client_for, f"/api/v1/community/{path}/{a[kind].pk}/", SIDE_A) == []
        assert status_matrix(client_for, f"/api/v1/community/{path}/{b[kind].pk}/", SIDE_B) == []
    assert (
        status_matrix(client_for, f"/api/v1/community/trainings/{a['training'].pk}/", STREET_A)
        == []
    )
    assert status_matrix(client_for, f"/api/v1/volunteers/teams/{a['team'].pk}/", SIDE_A) == []


def test_api_archive_and_training_lists_are_scoped(world, client_for, recs):
    a, b = recs["a"]["archive"].pk, recs["b"]["archive"].pk
    for persona, ids in ids_by_side(a, b).items():
        assert api_ids(client_for(persona), "/api/v1/community/archives/") == ids, persona
    ta = recs["a"]["training"].pk
    assert api_ids(client_for("community"), "/api/v1/community/trainings/") == set()
    assert api_ids(client_for("street"), "/api/v1/community/trainings/") == {ta}


def test_api_archive_create_by_persona(world, client_for, recs):
    def payload(n):
        return {
            "contract": world.contract_a.pk,
            "community": world.community_a.pk,
            "address": f"API路{n}号",
            "household_head": "x",
            "member_count": 1,
            "recorded_on": "2018-08-01",
        }

    for n, persona in enumerate(["bureau", "evaluator", "district", "community"]):
        response = client_for(persona).post(
            "/api/v1/community/archives/", payload(n), content_type="application/json"
        )
        assert response.status_code == 403, persona
    response = client_for("other_social_worker").post(
        "/api/v1/community/archives/", payload(9), content_type="application/json"
    )
    assert response.status_code == 400  # contract A is not a choice outside its scope
    ok = client_for("social_worker").post(
        "/api/v1/community/archives/", payload(10), content_type="application/json"
    )
    assert ok.status_code == 201
    again = client_for("social_worker").post(
        "/api/v1/community/archives/", payload(10), content_type="application/json"
    )
    assert again.status_code == 400
    assert "每户每年度只建一份" in again.content.decode()


def test_volunteer_phones_masked_outside_the_agency(world, client_for, recs):
    evaluator = client_for("evaluator").get("/api/v1/volunteers/people/").json()
    worker = client_for("social_worker").get("/api/v1/volunteers/people/").json()
    rows_e = evaluator["results"] if isinstance(evaluator, dict) else evaluator
    rows_w = worker["results"] if isinstance(worker, dict) else worker
    assert {r["phone"] for r in rows_e} == {"139****1234"}
    assert {r["phone"] for r in rows_w} == {"13900001234"}


def test_community_page_queries_do_not_grow_with_records(
    world, client_for, recs, django_assert_max_num_queries
):
    year = world.pilot_round.years.get(number=1)
    make_archives(world, community=world.community_a, year=year, total=60, distressed=40)
    url = reverse("community:community", args=[world.contract_a.pk, world.community_a.pk])
    client = client_for("social_worker")
    with django_assert_max_num_queries(40):
        response = client.get(url + "?year=1")
    assert response.status_code == 200
    assert len(response.context["recent_archives"]) == 20  # the latest 20 of 61


def test_list_pages_query_counts(world, client_for, recs, django_assert_max_num_queries):
    client = client_for("bureau")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("community:index")).status_code == 200
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("community:street", args=[world.contract_a.pk])).status_code == 200
        )
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/community/archives/").status_code == 200
