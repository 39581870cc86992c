"""Recording through the pages: the rules' refusals are shown, the engine's numbers displayed."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from apps.catalogue.models import Item
from apps.community.models import Attachment, HouseholdArchive, Meeting

from .builders import make_archives


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _archive_data(world, **extra):
    return {
        "community": world.community_a.pk,
        "address": "和平路8号",
        "household_head": "张三",
        "member_count": 3,
        "members": "张三 户主 60岁\n李四 配偶",
        "need_areas": ["医疗健康"],
        "need_detail": "需要陪诊",
        "recorded_on": "2018-08-01",
        **extra,
    }


def test_social_worker_records_an_archive_and_a_duplicate_is_refused(world, client_for):
    client = client_for("social_worker")
    url = reverse("community:create", args=[world.contract_a.pk, "archive"])
    group = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T1-1")
    response = client.post(
        url, _archive_data(world, is_distressed="on", distressed_groups=[group.pk])
    )
    assert response.status_code == 302
    archive = HouseholdArchive.objects.get()
    assert archive.members[1] == {"name": "李四", "relation": "配偶", "age": ""}
    assert archive.needs == {"医疗健康": "需要陪诊"}
    again = client.post(url, _archive_data(world, address="和平路 8 号"), follow=True)
    assert "每户每年度只建一份" in again.content.decode()
    assert HouseholdArchive.objects.count() == 1


def _run_engine(world):
    from apps.metrics.services import metrics_run_execute, metrics_run_start

    run = metrics_run_start(
        pilot_round=world.pilot_round, trigger="manual", contract=world.contract_a
    )
    metrics_run_execute(run=run)


def _c1_on_page(html):
    return re.search(
        r'data-testid="indicator-C1">.*?<a href="([^"]+)" data-testid="indicator-value"[^>]*>'
        r"([^<]+)</a>",
        html,
        re.S,
    )


@pytest.mark.parametrize(("total", "distressed"), [(149, 104), (150, 105)])
def test_community_page_shows_the_engines_c1_snapshot(world, client_for, total, distressed):
    from apps.metrics.models import Snapshot

    year = world.pilot_round.years.get(number=1)
    make_archives(world, community=world.community_a, year=year, total=total, distressed=distressed)
    url = reverse("community:community", args=[world.contract_a.pk, world.community_a.pk])
    before = _c1_on_page(client_for("street").get(url + "?year=1").content.decode())
    # The page counts nothing itself: until the engine runs it shows the last snapshot.
    assert before is None or before.group(2) != str(total)
    _run_engine(world)
    snapshot = Snapshot.objects.get(
        is_current=True,
        contract=world.contract_a,
        community=world.community_a,
        project_year=year,
        rule_code="C1",
    )
    panel = _c1_on_page(client_for("street").get(url + "?year=1").content.decode())
    assert panel is not None
    assert panel.group(1) == reverse("metrics:snapshot", args=[snapshot.pk])
    assert panel.group(2) == str(total)
    assert snapshot.values["distressed"] == distressed
    # 150 archives and 70 % distressed meet C1 (§三(二)1); 149 do not.
    assert snapshot.met is (total >= 150)


def test_community_coordinator_records_a_weekly_meeting(world, client_for):
    client = client_for("community")
    url = reverse("community:create", args=[world.contract_a.pk, "weekly"])
    response = client.post(
        url,
        {
            "organization": world.community_a.pk,
            "held_on": "2018-07-03",
            "attendees": "居委会、社工",
            "minutes": "讨论档案进度",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.kind == "weekly" and meeting.organization == world.community_a
    # The coordinator of community A cannot name another community.
    other = world.contract_a.communities.exclude(pk=world.community_a.pk).first()
    bad = client.post(
        url, {"organization": other.pk, "held_on": "2018-07-10", "attendees": "x", "minutes": "y"}
    )
    assert bad.status_code == 200 and Meeting.objects.count() == 1


def test_bad_attachment_refused_with_message_on_the_page(world, client_for):
    client = client_for("social_worker")
    client.post(
        reverse("community:create", args=[world.contract_a.pk, "archive"]), _archive_data(world)
    )
    archive = HouseholdArchive.objects.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("community:attachment_upload", args=["archive", archive.pk])
    response = client.post(
        url,
        {"kind": "photo", "file": SimpleUploadedFile("照片.jpg", b"MZ\x90\x00evil")},
        follow=True,
    )
    assert "内容与扩展名不符" in response.content.decode()
    assert Attachment.objects.count() == 0
    ok = client.post(
        url,
        {"kind": "photo", "file": SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff\xe0ok")},
        follow=True,
    )
    assert "照片.jpg" in ok.content.decode() and Attachment.objects.count() == 1


def test_map_is_drawn_from_the_resources(world, client_for):
    client = client_for("social_worker")
    day = world.pilot_round.years.get(number=1).start + timedelta(days=3)
    client.post(
        reverse("community:create", args=[world.contract_a.pk, "resource"]),
        {
            "community": world.community_a.pk,
            "kind": "culture",
            "name": "古井<遗址>",
            "grid_x": 5,
            "grid_y": 6,
            "changed_on": day.isoformat(),
        },
    )
    url = reverse("community:map_svg", args=[world.contract_a.pk, world.community_a.pk])
    svg = client.get(url).content.decode()
    assert svg.startswith("<svg") and "古井&lt;遗址&gt;" in svg
    assert 'data-resource="' in svg


def test_missing_weeks_listed_on_the_page(world, client_for, monkeypatch):
    from apps.community import views

    year = world.pilot_round.years.get(number=1)
    monkeypatch.setattr(views, "today", lambda: year.start + timedelta(days=15))
    url = reverse("community:community", args=[world.contract_a.pk, world.community_a.pk])
    html = client_for("community").get(url + "?year=1").content.decode()
    assert "2018年第27周" in html and "2018年第28周" in html


def test_community_page_lists_the_communitys_volunteer_teams(world, client_for):
    from apps.volunteers.services import team_create

    year = world.pilot_round.years.get(number=1)
    team = team_create(
        actor=None,
        contract=world.contract_a,
        community=world.community_a,
        name="邻里守望队",
        founded_on=year.start,
        governance_role="楼道巡查",
    )
    url = reverse("community:community", args=[world.contract_a.pk, world.community_a.pk])
    html = client_for("street").get(url + "?year=1").content.decode()
    assert f'href="{reverse("volunteers:team", args=[team.pk])}">邻里守望队</a>' in html
