"""Issue 14, leaks 1–4: personal data along side paths (each test failed before its fix)."""

import json
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.cases.models import Client
from apps.cases.services import client_register, target_list_upload
from apps.community.services import archive_create
from apps.core.models import AuditEvent
from apps.metrics.models import Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from apps.volunteers.models import Volunteer
from tests.cases.conftest import open_case, register
from tests.cases.helpers import adult_birth, make_id, row, xlsx_bytes
from tests.volunteers.builders import volunteer_team

OWN = "本社区甲某"
OTHER = "邻社区乙某"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _text(response) -> str:
    """A response body as a reader sees it (JSON with its characters, not escapes)."""
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


def _other_community(world):
    return world.contract_a.communities.exclude(pk=world.community_a.pk).order_by("code").first()


@pytest.fixture
def two_clients_of_a(world):
    worker = world.users["social_worker"]
    own = register(world, OWN, world.community_a, 811)
    other = register(world, OTHER, _other_community(world), 812)
    for client, community in ((own, world.community_a), (other, _other_community(world))):
        open_case(world, client, world.contract_a, community, worker)
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=date(2019, 3, 1))
    metrics_run_execute(run=run)
    snapshot = Snapshot.objects.current().get(
        contract=world.contract_a, community=None, rule_code="S1", project_year__number=1
    )
    return own, other, snapshot


# ---- leak 1: drill-downs cross the community boundary -----------------------------------


def test_community_coordinator_drill_down_lists_only_own_community(
    world, client_for, two_clients_of_a
):
    own, other, snapshot = two_clients_of_a
    http = client_for("community")
    # The other community's client is outside the coordinator's scope …
    assert http.get(reverse("cases:client_detail", args=[other.pk])).status_code == 404
    page = http.get(reverse("metrics:snapshot", args=[snapshot.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert OWN in body
    # … so the drill-down never names them, and counts them without personal data.
    assert OTHER not in body and other.id_masked not in body
    assert "不在您的查看范围内" in body
    api = http.get(f"/api/v1/snapshots/{snapshot.pk}/records/")
    text = _text(api)
    assert api.status_code == 200
    assert OTHER not in text and OWN in text
    hidden = sum(g["hidden"] for g in api.json()["counted"] + api.json()["excluded"])
    assert hidden >= 1
    listed = {pk for ids in api.json()["record_ids"].values() for pk in ids}
    listed |= {int(pk) for r in api.json()["excluded_reasons"].values() for pk in r}
    assert other.pk not in listed or own.pk == other.pk


def test_evaluator_drill_down_masks_every_name(world, client_for, two_clients_of_a):
    own, other, snapshot = two_clients_of_a
    body = client_for("evaluator").get(reverse("metrics:snapshot", args=[snapshot.pk])).content
    assert OWN not in body.decode() and OTHER not in body.decode()
    assert (
        OWN
        in client_for("street")
        .get(reverse("metrics:snapshot", args=[snapshot.pk]))
        .content.decode()
    )


# ---- leak 2: evaluators read names outside the drill-down -------------------------------


def test_evaluator_reads_archive_heads_members_volunteers_and_merge_history_masked(
    world, client_for
):
    worker = world.users["social_worker"]
    archive = archive_create(
        actor=worker,
        contract=world.contract_a,
        community=world.community_a,
        address="沧浪新村1幢101",
        household_head="户主王大明",
        members=[{"name": "成员李小红", "relation": "女儿", "age": "12"}],
        recorded_on=date(2019, 3, 1),
        consent_by="guardian",
        guardian_name="户主王大明",
        consent_on=date(2019, 3, 1),
        needs={"养老": "助餐"},
        worker=worker,
    )
    team = volunteer_team(
        world.contract_a, world.community_a, date(2019, 1, 1), actor=worker, member="志愿者赵一鸣"
    )
    kept = register(world, "合并保留人", world.community_a, 821)
    merged = register(world, "原名钱多多", world.community_a, 822)
    merged.id_hash = merged.id_cipher = merged.id_masked = ""
    merged.save(update_fields=["id_hash", "id_cipher", "id_masked"])
    from apps.cases.services import client_merge

    client_merge(actor=world.users["bureau"], kept=kept, merged=merged, reason="同一人")

    evaluator, street = client_for("evaluator"), client_for("street")
    pages = [
        reverse("community:record", args=["archive", archive.pk]),
        reverse("community:community", args=[world.contract_a.pk, world.community_a.pk]),
        "/api/v1/community/archives/",
        reverse("volunteers:team", args=[team.pk]),
        "/api/v1/volunteers/people/",
        reverse("cases:client_detail", args=[kept.pk]),
    ]
    names = ["户主王大明", "成员李小红", "志愿者赵一鸣", "原名钱多多"]
    for url in pages:
        response = evaluator.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if url.startswith("/api/"):
            text = _text(response)
        assert not [n for n in names if n in text], url
    seen = "".join(_text(street.get(u)) for u in pages if u.startswith("/api/"))
    seen += "".join(street.get(u).content.decode() for u in pages if not u.startswith("/api/"))
    assert all(n in seen for n in names)
    assert Volunteer.objects.filter(name="志愿者赵一鸣").exists()


def test_one_masking_decision():
    from apps.accounts import masking

    assert masking.mask_name("张三丰") == "张**"
    assert masking.mask_members([{"name": "李四"}], True) == [{"name": "李*"}]


# ---- leak 3: original lists -------------------------------------------------------------


def _list_import(world):
    rows = [
        row("名单丙某", make_id(adult_birth(60), 831), "困境老年人服务", world.community_a.name)
    ]
    return target_list_upload(
        actor=world.users["street"],
        organization=world.unit_a.street,
        name="list.xlsx",
        data=xlsx_bytes(rows),
    )


def test_original_list_download_needs_the_reveal_permission_a_reason_and_is_logged(
    world, client_for
):
    li = _list_import(world)
    url = reverse("cases:import_file", args=[li.pk])
    # District staff see the import but may not reveal an identity number: no download.
    assert client_for("district").get(url).status_code == 405
    assert client_for("district").post(url, {"reason": "核对"}).status_code == 403
    assert client_for("street").post(url, {"reason": "核对"}).status_code == 403
    bureau = client_for("bureau")
    before = AuditEvent.objects.filter(action="target_list_file_download").count()
    assert bureau.post(url, {"reason": ""}).status_code == 302  # no reason: back, nothing
    assert AuditEvent.objects.filter(action="target_list_file_download").count() == before
    response = bureau.post(url, {"reason": "核对名单来源"})
    assert response.status_code == 200 and response.content[:2] == b"PK"
    rows = AuditEvent.objects.filter(action="target_list_file_download", object_id=str(li.pk))
    assert rows.count() == before + 1
    assert rows.get().data["reason"] == "核对名单来源"
    assert rows.get().actor == world.users["bureau"]


# ---- leak 4: the registry's duplicate message ---------------------------------------------


def test_duplicate_id_from_another_agency_reveals_nothing_and_is_routed(world):
    existing = register(world, "乙方对象", world.community_b, 841)
    number = make_id(adult_birth(70), 841)
    with pytest.raises(ValidationError) as caught:
        client_register(
            actor=world.users["social_worker"],
            name="甲方登记",
            community=world.community_a,
            source="walk_in",
            id_number=number,
        )
    text = " ".join(caught.value.messages)
    assert "无法使用" in text and str(existing.pk) not in text and "已登记" not in text
    routed = AuditEvent.objects.get(action="client_duplicate_id_routed")
    assert routed.object_id == str(existing.pk)
    assert routed.actor == world.users["social_worker"]
    assert routed.data["street"] == world.unit_b.street.name
    assert Client.objects.filter(name="甲方登记").count() == 0


def test_duplicate_id_seen_by_the_registrant_points_to_the_record(world):
    existing = register(world, "甲方对象", world.community_a, 842)
    with pytest.raises(ValidationError, match=f"服务对象编号{existing.pk}"):
        client_register(
            actor=world.users["social_worker"],
            name="再登记",
            community=world.community_a,
            source="walk_in",
            id_number=make_id(adult_birth(70), 842),
        )
    assert not AuditEvent.objects.filter(action="client_duplicate_id_routed").exists()


def test_demo_lists_import_whatever_the_async_threshold(world, settings):
    """Side defect of issue 14: seed_demo confirmed a list before its queued check had run."""
    from apps.cases.demo import DEMO_LIST_NAME, ROWS_PER_STREET, _street_list
    from apps.cases.models import ImportStatus, TargetListImport
    from apps.cases.services import distressed_groups
    from tests.factories import make_communities

    settings.IMPORT_ASYNC_ROWS = 5
    street = world.pilot_round.units.get(street__code="gusu-shuangta").street
    make_communities(street, 2)
    _street_list(
        street=street, index=3, groups=list(distressed_groups(pilot_round=world.pilot_round))
    )
    li = TargetListImport.objects.get(organization=street, original_name=DEMO_LIST_NAME)
    assert li.status == ImportStatus.IMPORTED and li.row_count == ROWS_PER_STREET
    assert settings.IMPORT_ASYNC_ROWS == 5
