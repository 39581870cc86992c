"""Bulk entry of volunteers through the pages: template → upload → preview → confirm."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from apps.core.models import BulkImport, ImportStatus
from apps.volunteers import services
from apps.volunteers.bulk import COLUMNS
from apps.volunteers.models import TeamMembership, Volunteer
from tests.changes import announced
from tests.core import bulk_helpers as helpers
from tests.core.bulk_helpers import bulk_media  # noqa: F401 (a fixture, by name)

HEADERS = [c.label for c in COLUMNS]
KIND = "volunteers"


pytestmark = pytest.mark.usefixtures("bulk_media")


@pytest.fixture
def second_team(world, years):
    return services.team_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=world.community_a,
        name="环保队",
        founded_on=years[1].start,
        governance_role="垃圾分类宣传",
    )


def person(team, name, phone, **extra):
    return {
        "社区(村)": team.community.name,
        "队伍名称": team.name,
        "姓名": name,
        "手机号": phone,
        "加入日期": (team.founded_on + timedelta(days=3)).isoformat(),
        **extra,
    }


def one_volunteer(team) -> bytes:
    """An .xlsx of one row: 王芳 joining ``team``."""
    return helpers.xlsx_bytes(
        HEADERS, helpers.table(HEADERS, [person(team, "王芳", "13900001111")])
    )


def state():
    return Volunteer.objects.count(), TeamMembership.objects.count()


def test_happy_path_template_upload_preview_confirm(
    world, client_for, team, second_team, django_capture_on_commit_callbacks
):
    http = client_for("social_worker")
    lines = helpers.checked_template(http, KIND, HEADERS, {"手机号", "加入日期", "出生日期"})
    assert any("助老队" in line for line in lines)
    rows = [
        person(team, "王芳", "13900001111"),
        person(team, "李强", "139 0000 2222"),
        person(second_team, "王芳", "+8613900001111"),  # the same person in a second team
    ]
    bulk, page = helpers.upload_checked(http, KIND, world.contract_a, rows)
    assert "校验通过" in page
    assert state() == (0, 0)
    callbacks = helpers.confirm_imported(http, bulk, django_capture_on_commit_callbacks)
    assert state() == (2, 3)  # two people, three memberships: counted once across teams
    assert announced(callbacks) == [world.contract_a.pk]  # the recompute fires once


def test_row_errors_are_listed_by_row_and_column_and_nothing_is_written(
    world, client_for, team, years
):
    http = client_for("social_worker")
    minor_birth = (team.founded_on - timedelta(days=365 * 10)).isoformat()
    rows = [
        person(team, "王芳", "13900001111"),
        person(team, "王芳", "13900001111"),  # duplicate row
        person(team, "赵六", "1234"),  # bad phone
        {**person(team, "钱七", "13900003333"), "队伍名称": "不存在队"},
        person(team, "孙八", "13900004444", 出生日期=minor_birth),  # minor without consent
        person(team, "周九", "13900005555", 加入日期="2018/02/30"),
        person(team, "吴十", "13900006666", 敏感人群="未知类别"),
        {**person(team, "郑一", "13900007777"), "姓名": '=HYPERLINK("x")'},
    ]
    response, bulk = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert bulk.status == ImportStatus.REJECTED
    assert helpers.errors_at(bulk, 3, "姓名") == ["与第2行是同一人加入同一队伍,请删除重复行。"]
    assert helpers.errors_at(bulk, 4, "手机号") == ["手机号应为11位数字,以1开头。"]
    assert "没有名为“不存在队”的志愿者队伍" in helpers.errors_at(bulk, 5, "队伍名称")[0]
    assert "未满18周岁" in helpers.errors_at(bulk, 6, "知情同意")[0]
    assert "不是有效日期" in helpers.errors_at(bulk, 7, "加入日期")[0]
    assert "敏感人群“未知类别”无效" in helpers.errors_at(bulk, 8, "敏感人群")[0]
    assert "公式" in helpers.errors_at(bulk, 9, "姓名")[0]
    assert bulk.rejected_count == 7
    page = helpers.preview(http, bulk)
    assert "第3行" in page and "与第2行是同一人加入同一队伍" in page
    assert "确认导入" not in page
    confirm_response = http.post(reverse("bulk:confirm", args=[bulk.pk]))
    assert confirm_response.status_code == 302
    assert state() == (0, 0)


def test_reupload_of_the_same_file_writes_nothing_twice(world, client_for, team):
    http = client_for("social_worker")
    data = one_volunteer(team)
    _, first = helpers.upload(http, KIND, world.contract_a, data)
    helpers.confirm(http, first)
    _, again = helpers.upload(http, KIND, world.contract_a, data)
    assert again.status == ImportStatus.REJECTED
    assert "已是“助老队”的队员" in helpers.errors_at(again, 2, "姓名")[0]
    assert "同一文件已于" in again.outcome
    assert state() == (1, 1)


def test_another_agency_cannot_import_into_or_learn_about_a_foreign_team(world, client_for, team):
    http = client_for("other_social_worker")
    data = one_volunteer(team)
    response, bulk = helpers.upload(http, KIND, world.contract_a, data)
    assert bulk is None and response.status_code == 400  # contract A is not a choice
    assert "选择" in response.content.decode()
    _, own = helpers.upload(http, KIND, world.contract_b, data)
    # The team exists on contract A: on B the message is the same as for a team nobody made.
    assert helpers.errors_at(own, 2, "队伍名称") == [
        f"本合同在“{team.community.name}”下没有名为“助老队”的志愿者队伍"
        "(请先建立队伍,或核对社区与队伍名称)。"
    ]
    assert "助老队" not in "".join(helpers.download_template(http, KIND)[2])
    # Nobody else reads an upload's preview; coordinators cannot upload at all.
    assert client_for("social_worker").get(reverse("bulk:detail", args=[own.pk])).status_code == 404
    assert client_for("street").get(reverse("bulk:upload", args=[KIND])).status_code == 403
    assert client_for("street").get(reverse("bulk:template", args=[KIND])).status_code == 403


def test_checking_more_rows_does_not_take_more_queries(world, team):
    helpers.assert_check_queries_flat(
        KIND,
        world,
        lambda n: [person(team, f"志愿者{i}", f"139{i:08d}") for i in range(n)],
    )


def test_large_file_is_checked_and_imported_in_the_background(
    world, client_for, team, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_ASYNC_ROWS = 2
    http = client_for("social_worker")
    rows = [person(team, f"志愿者{i}", f"139{i:08d}") for i in range(4)]
    with django_capture_on_commit_callbacks() as callbacks:
        _, bulk = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert bulk.job is not None and bulk.status == ImportStatus.VALIDATING
    assert 'data-testid="job-progress"' in helpers.preview(http, bulk)  # the bar, while it waits
    for callback in callbacks:
        callback()
    bulk.refresh_from_db()
    assert bulk.status == ImportStatus.VALIDATED  # the task ran on commit (eager here)
    with django_capture_on_commit_callbacks(execute=True):
        helpers.confirm(http, bulk)
    bulk.refresh_from_db()
    assert bulk.status == ImportStatus.IMPORTED and bulk.job.kind == "core.bulk_apply"
    assert state() == (4, 4)
    assert BulkImport.objects.filter(pk=bulk.pk, job__status="succeeded").exists()


def test_minor_with_guardian_consent_is_imported(world, client_for, team):
    http = client_for("social_worker")
    birth = date(team.founded_on.year - 12, 1, 1).isoformat()
    row = person(
        team,
        "小明",
        "13900009999",
        出生日期=birth,
        知情同意="监护人同意",
        同意日期=team.founded_on.isoformat(),
        监护人姓名="明爸爸",
    )
    _, bulk = helpers.upload_rows(http, KIND, world.contract_a, [row])
    assert bulk.status == ImportStatus.VALIDATED, bulk.problems
    helpers.confirm(http, bulk)
    assert Volunteer.objects.get().consent_by == "guardian"
