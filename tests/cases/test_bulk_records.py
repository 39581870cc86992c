"""Bulk entry of service records through the pages: template → upload → preview → confirm."""

from datetime import date

import pytest
from django.urls import reverse

from apps.cases.bulk import COLUMNS
from apps.cases.models import ServiceRecord
from apps.core.models import ImportStatus
from tests.cases.conftest import open_case, register
from tests.changes import announced
from tests.core import bulk_helpers as helpers

HEADERS = [c.label for c in COLUMNS]
KIND = "service-records"


def record(case, day="2019-03-05", **extra):
    return {
        "个案编号": str(case.pk),
        "服务日期": day,
        "服务细项编码": "A1-T1-1-1",
        "服务时长(小时)": "1.5",
        "服务方式": "入户探访",
        "服务内容": "入户探访,了解生活近况",
        **extra,
    }


@pytest.fixture
def colleague_case(world):
    """A case of agency A assigned to the manager, not to the social worker."""
    client = register(world, "测试对象丙", world.community_a, 603)
    return open_case(
        world, client, world.contract_a, world.community_a, world.users["agency_manager"]
    )


def test_happy_path_template_upload_preview_confirm(
    world, client_for, case_a, django_capture_on_commit_callbacks
):
    http = client_for("social_worker")
    lines = helpers.checked_template(http, KIND, HEADERS, {"个案编号", "服务日期", "服务细项编码"})
    assert any(line.strip().startswith(f"{case_a.pk} ·") for line in lines)
    rows = [
        record(case_a),
        record(case_a, day="2019-03-12", 服务时长="0.5"),
        record(case_a, day="2019-03-19", 服务方式="电话", 服务内容="电话回访"),
    ]
    bulk, _ = helpers.upload_checked(http, KIND, world.contract_a, rows)
    assert ServiceRecord.objects.count() == 0
    callbacks = helpers.confirm_imported(http, bulk, django_capture_on_commit_callbacks)
    records = list(ServiceRecord.objects.order_by("date"))
    assert [r.duration_minutes for r in records] == [90, 90, 90]
    assert [r.mode for r in records] == ["home_visit", "home_visit", "phone"]
    assert {r.worker for r in records} == {world.users["social_worker"]}
    assert announced(callbacks) == [world.contract_a.pk]
    case_page = http.get(reverse("cases:case_detail", args=[case_a.pk])).content.decode()
    assert 'data-testid="bulk-records-link"' in case_page


def test_row_errors_by_row_and_column_and_nothing_written(world, client_for, case_a):
    http = client_for("social_worker")
    rows = [
        record(case_a),
        record(case_a),  # the same service twice
        record(case_a, day="2019-02-01"),  # before the case was opened
        record(case_a, 服务细项编码="A1-T1-2-1"),
        record(case_a, **{"服务时长(小时)": "30"}),
        record(case_a, 服务方式="微信"),
        record(case_a, 服务日期="3/5"),
        record(case_a, 个案编号="999999"),
        record(case_a, 服务内容=""),
    ]
    _, bulk = helpers.upload_rows(http, KIND, world.contract_a, rows)
    assert bulk.status == ImportStatus.REJECTED
    assert helpers.errors_at(bulk, 3, "服务内容") == ["与第2行是同一次服务,请删除重复行。"]
    assert helpers.errors_at(bulk, 4, "服务日期") == ["服务日期不能早于开案日期2019-03-01。"]
    assert "不是该个案所服务的细项" in helpers.errors_at(bulk, 5, "服务细项编码")[0]
    assert helpers.errors_at(bulk, 6, "服务时长(小时)") == ["应在0.1到24之间。"]
    assert "服务方式“微信”无效" in helpers.errors_at(bulk, 7, "服务方式")[0]
    assert "不是有效日期" in helpers.errors_at(bulk, 8, "服务日期")[0]
    assert helpers.errors_at(bulk, 9, "个案编号") == [
        "本合同下没有编号为“999999”、您可以记录服务的个案。"
    ]
    assert helpers.errors_at(bulk, 10, "服务内容") == ["服务内容不能为空。"]
    assert "确认导入" not in helpers.preview(http, bulk)
    http.post(reverse("bulk:confirm", args=[bulk.pk]))
    assert ServiceRecord.objects.count() == 0


def test_reupload_of_the_same_file_writes_nothing_twice(world, client_for, case_a):
    http = client_for("social_worker")
    data = helpers.xlsx_bytes(HEADERS, helpers.table(HEADERS, [record(case_a)]))
    _, first = helpers.upload(http, KIND, world.contract_a, data)
    helpers.confirm(http, first)
    _, again = helpers.upload(http, KIND, world.contract_a, data)
    assert "该服务记录已录入" in helpers.errors_at(again, 2, "服务内容")[0]
    assert ServiceRecord.objects.count() == 1


def test_foreign_and_colleague_cases_read_like_missing_ones(
    world, client_for, case_a, case_b, colleague_case
):
    worker = client_for("social_worker")
    rows = [record(case_b), record(colleague_case), record(case_a)]
    _, bulk = helpers.upload_rows(worker, KIND, world.contract_a, rows)
    for number, case in ((2, case_b), (3, colleague_case)):
        assert helpers.errors_at(bulk, number, "个案编号") == [
            f"本合同下没有编号为“{case.pk}”、您可以记录服务的个案。"
        ]
    assert helpers.errors_at(bulk, 4) == []
    lines = "".join(helpers.download_template(worker, KIND)[2])
    assert f"{colleague_case.pk} ·" not in lines and f"{case_b.pk} ·" not in lines
    # Agency B's worker cannot pick contract A at all; the manager may log the colleague's case.
    response, refused = helpers.upload_rows(
        client_for("other_social_worker"), KIND, world.contract_a, rows
    )
    assert refused is None and response.status_code == 400
    manager = client_for("agency_manager")
    _, managed = helpers.upload_rows(manager, KIND, world.contract_a, [record(colleague_case)])
    assert managed.status == ImportStatus.VALIDATED, managed.problems
    for persona in ("street", "district", "evaluator"):
        assert client_for(persona).get(reverse("bulk:upload", args=[KIND])).status_code == 403


def test_checking_more_rows_does_not_take_more_queries(world, case_a):
    helpers.assert_check_queries_flat(
        KIND,
        world,
        lambda n: [
            record(case_a, day=date(2019, 3, 1 + i % 28).isoformat(), 服务内容=f"第{i}次")
            for i in range(n)
        ],
    )
