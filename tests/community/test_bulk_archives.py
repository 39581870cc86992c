"""Bulk entry of household needs archives through the pages: template → upload → preview →
confirm, every rule of ``archive_create`` checked for all rows before anything is written."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.community.bulk import COLUMNS
from apps.community.models import HouseholdArchive
from apps.core.models import ImportStatus
from tests.changes import announced
from tests.core import bulk_helpers as helpers
from tests.core.bulk_helpers import bulk_media  # noqa: F401 (a fixture, by name)

HEADERS = [c.label for c in COLUMNS]
KIND = "archives"


pytestmark = pytest.mark.usefixtures("bulk_media")


@pytest.fixture
def day(years):
    return (years[1].start + timedelta(days=30)).isoformat()


def household(world, day, address, **extra):
    return {
        "社区(村)": world.community_a.name,
        "家庭住址": address,
        "户主/联系人": "张三",
        "建档日期": day,
        **extra,
    }


def test_happy_path_template_upload_preview_confirm(
    world, client_for, day, django_capture_on_commit_callbacks
):
    http = client_for("social_worker")
    lines = helpers.checked_template(
        http, KIND, HEADERS, {"建档日期", "同意日期", "服务对象登记编号"}
    )
    assert any(world.community_a.name in line for line in lines)
    assert any("A1-T1-1" in line for line in lines)
    rows = [
        household(
            world,
            day,
            "沧浪新村1幢101室",
            家庭成员="张三 户主 72岁;李四 配偶 70岁",
            需求领域="生活照料、医疗健康",
            需求描述="需要助餐和定期体检",
            困境家庭="是",
            困境群体="A1-T1-1",
        ),
        household(world, day, "沧浪新村1幢102室", 家庭人数="3"),
        household(
            world,
            day,
            "沧浪新村2幢201室",
            家庭成员="王五 户主 40岁;王小 儿子 9岁",
            知情同意="监护人同意",
            同意日期=day,
            监护人姓名="王五",
        ),
    ]
    bulk, _ = helpers.upload_checked(http, KIND, world.contract_a, rows)
    assert HouseholdArchive.objects.count() == 0
    callbacks = helpers.confirm_imported(http, bulk, django_capture_on_commit_callbacks)
    assert HouseholdArchive.objects.count() == 3
    first = HouseholdArchive.objects.get(address="沧浪新村1幢101室")
    assert first.member_count == 2 and first.members[1]["relation"] == "配偶"
    assert first.needs == {"生活照料": "需要助餐和定期体检", "医疗健康": "需要助餐和定期体检"}
    assert [g.code for g in first.distressed_groups.all()] == ["A1-T1-1"]
    assert first.worker == world.users["social_worker"]
    assert HouseholdArchive.objects.get(address="沧浪新村1幢102室").member_count == 3
    assert announced(callbacks) == [world.contract_a.pk]  # one recompute for the whole file


def test_row_errors_by_row_and_column_and_nothing_written(world, client_for, day):
    http = client_for("social_worker")
    rows = [
        household(world, day, "沧浪新村1幢101室"),
        household(world, day, "沧浪新村 1幢 101室"),  # the same household, spelled differently
        household(world, "2015-01-01", "沧浪新村3幢"),  # outside the term
        household(world, day, "沧浪新村4幢", 困境家庭="是"),  # no group
        household(world, day, "沧浪新村5幢", 困境家庭="是", 困境群体="外星人"),
        household(world, day, "沧浪新村6幢", 家庭成员="赵六 户主 40岁;赵小 女儿 5岁"),
        {**household(world, day, "沧浪新村7幢"), "社区(村)": "不存在社区"},
        household(world, day, "沧浪新村8幢", 需求领域="娱乐"),
    ]
    _, bulk = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert bulk.status == ImportStatus.REJECTED
    assert helpers.errors_at(bulk, 3, "家庭住址") == ["与第2行是同一户同一项目年度,请删除重复行。"]
    assert "不在合同服务期内" in helpers.errors_at(bulk, 4, "建档日期")[0]
    assert helpers.errors_at(bulk, 5, "困境群体") == ["困境家庭须注明所属的困境群体(附件1表1)。"]
    assert "“外星人”不在附件1表1" in helpers.errors_at(bulk, 6, "困境群体")[0]
    assert "须先记录知情同意" in helpers.errors_at(bulk, 7, "知情同意")[0]
    assert helpers.errors_at(bulk, 8, "社区(村)") == ["“不存在社区”不是本合同的服务社区(村)。"]
    assert "需求领域“娱乐”无效" in helpers.errors_at(bulk, 9, "需求领域")[0]
    assert bulk.rejected_count == 7
    page = helpers.preview(http, bulk)
    assert "第7行" in page and "确认导入" not in page
    http.post(reverse("bulk:confirm", args=[bulk.pk]))
    assert HouseholdArchive.objects.count() == 0


def test_gbk_csv_and_reupload_writes_nothing_twice(world, client_for, day):
    http = client_for("social_worker")
    data = helpers.csv_bytes(
        HEADERS, helpers.table(HEADERS, [household(world, day, "沧浪新村1幢101室")]), "gbk"
    )
    _, first = helpers.upload(http, KIND, world.contract_a, data, name="档案.csv")
    assert first.status == ImportStatus.VALIDATED, first.problems
    helpers.confirm(http, first)
    _, again = helpers.upload(http, KIND, world.contract_a, data, name="档案.csv")
    assert "已建立需求档案(已录入)" in helpers.errors_at(again, 2, "家庭住址")[0]
    assert "同一文件已于" in again.outcome
    assert HouseholdArchive.objects.count() == 1


def test_a_foreign_community_reads_like_one_that_does_not_exist(world, client_for, day):
    http = client_for("other_social_worker")
    rows = [household(world, day, "沧浪新村1幢101室")]  # community A, on contract B
    response, refused = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert refused is None and response.status_code == 400
    _, bulk = helpers.upload_rows(http, KIND, world.contract_b, rows)
    assert helpers.errors_at(bulk, 2, "社区(村)") == [
        f"“{world.community_a.name}”不是本合同的服务社区(村)。"
    ]
    lines = helpers.download_template(http, KIND)[2]
    assert not any(world.community_a.name in line for line in lines)
    for persona in ("street", "community", "evaluator", "bureau"):
        assert client_for(persona).get(reverse("bulk:upload", args=[KIND])).status_code == 403
    assert (
        client_for("agency_manager").get(reverse("bulk:detail", args=[bulk.pk])).status_code == 404
    )


def test_checking_more_rows_does_not_take_more_queries(world, day):
    helpers.assert_check_queries_flat(
        KIND,
        world,
        lambda n: [
            household(world, day, f"沧浪新村{i}幢", 困境家庭="是", 困境群体="A1-T1-1")
            for i in range(n)
        ],
    )


def test_data_changed_after_the_preview_is_caught_at_confirm_and_nothing_written(
    world, client_for, day
):
    from datetime import date

    from apps.community.services import archive_create

    http = client_for("social_worker")
    rows = [household(world, day, "沧浪新村1幢101室"), household(world, day, "沧浪新村2幢")]
    _, bulk = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert bulk.status == ImportStatus.VALIDATED
    archive_create(  # a colleague types the same household in meanwhile
        actor=world.users["agency_manager"],
        contract=world.contract_a,
        community=world.community_a,
        address="沧浪新村2幢",
        household_head="李四",
        recorded_on=date.fromisoformat(day),
    )
    helpers.confirm(http, bulk)
    assert bulk.status == ImportStatus.REJECTED
    assert "重新校验发现1行有错误" in bulk.outcome
    assert "已建立需求档案(已录入)" in helpers.errors_at(bulk, 3, "家庭住址")[0]
    assert HouseholdArchive.objects.count() == 1  # only the colleague's: all or nothing
