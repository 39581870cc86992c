"""Target-list import: real broken files, every problem by row and column, all or nothing."""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.cases import idcard
from apps.cases.models import (
    Client,
    ClientSource,
    ImportStatus,
    TargetListEntry,
    TargetListImport,
)
from apps.cases.services import target_list_confirm, target_list_upload
from apps.core.models import Job, JobStatus
from apps.orgs.services import organization_create
from tests.cases.helpers import (
    adult_birth,
    bad_checksum,
    csv_bytes,
    make_id,
    row,
    xlsx_bytes,
)


def registry_state():
    return (Client.objects.count(), TargetListEntry.objects.count())


def upload(world, data, name="名单.xlsx", persona="street", organization=None):
    user = world.users[persona]
    org = organization or (world.unit_a.street if persona == "street" else world.community_a)
    return target_list_upload(actor=user, organization=org, name=name, data=data)


def messages_at(list_import, row_number, column=None, level="error"):
    return [
        p["msg"]
        for p in list_import.problems
        if p["row"] == row_number
        and p["level"] == level
        and (column is None or p["column"] == column)
    ]


def test_valid_list_previews_without_touching_the_registry_then_imports(world, good_xlsx):
    li = upload(world, good_xlsx)
    assert li.status == ImportStatus.VALIDATED
    assert (li.row_count, li.new_count, li.known_count, li.rejected_count) == (3, 3, 0, 0)
    assert registry_state() == (0, 0)
    target_list_confirm(actor=world.users["street"], list_import=li)
    li.refresh_from_db()
    assert li.status == ImportStatus.IMPORTED
    assert li.confirmed_by == world.users["street"] and li.confirmed_at
    assert registry_state() == (3, 3)
    first = Client.objects.get(name="测试甲")
    assert first.source == ClientSource.LIST and first.source_org == world.unit_a.street
    assert first.community == world.community_a
    assert [g.code for g in first.groups.all()] == ["A1-T1-1"]
    second = Client.objects.get(name="测试乙")
    assert sorted(g.code for g in second.groups.all()) == ["A1-T1-3", "A1-T1-6"]
    assert Client.objects.get(name="测试丙").phone == "0512-65551234"


def test_identity_numbers_are_never_stored_in_clear(world, good_rows):
    li = upload(world, xlsx_bytes(good_rows))
    target_list_confirm(actor=world.users["street"], list_import=li)
    value = good_rows[0][1]
    client = Client.objects.get(name="测试甲")
    for stored in (client.id_cipher, client.id_hash, client.id_masked, str(li.problems)):
        assert value not in stored
    assert idcard.decrypt(client.id_cipher) == value
    assert client.id_masked == value[:4] + "*" * 10 + value[-4:]
    with li.stored_file.open("rb") as fh:
        assert value.encode() not in fh.read()  # the original file is kept encrypted


def test_every_broken_row_gets_its_chinese_message_and_nothing_is_imported(world):
    known = make_id(adult_birth(60), 200)
    upload_known = upload(
        world, xlsx_bytes([row("已知者", known, "困境老年人", world.community_a.name)])
    )
    target_list_confirm(actor=world.users["street"], list_import=upload_known)
    before = registry_state()
    c = world.community_a.name
    dup = make_id(adult_birth(50), 201)
    rows = [
        row("校验位错", bad_checksum(make_id(adult_birth(50), 202)), "困境老年人", c),
        row("日期错", make_id("19990231", 203), "困境老年人", c),
        row("类别错", make_id(adult_birth(50), 204), "流浪乞讨人员", c),
        row("越界", make_id(adult_birth(50), 205), "困境老年人", world.community_b.name),
        row("重复一", dup, "困境老年人", c),
        row("重复二", dup, "婚姻家庭", c),
        row("已知者", known, "困境老年人", c),
        row('=HYPERLINK("http://x")', make_id(adult_birth(50), 206), "困境老年人", c),
        row("电话错", make_id(adult_birth(50), 207), "困境老年人", c, phone="1234"),
        row("", make_id(adult_birth(50), 208), "困境老年人", c),
        row("无社区", make_id(adult_birth(50), 209), "困境老年人", ""),
        row("查无社区", make_id(adult_birth(50), 210), "困境老年人", "不存在社区"),
    ]
    li = upload(world, xlsx_bytes(rows))
    assert li.status == ImportStatus.REJECTED
    assert "校验位不正确" in messages_at(li, 2, "身份证号")[0]
    assert "1999-02-31" in messages_at(li, 3, "身份证号")[0]
    assert "流浪乞讨人员" in messages_at(li, 4, "困境人群类别")[0]
    assert "不在您可上传的范围内" in messages_at(li, 5, "所属社区")[0]
    assert messages_at(li, 6) == []
    assert "与第6行是同一身份证号" in messages_at(li, 7, "身份证号")[0]
    assert messages_at(li, 8) == []
    assert "已在服务对象库中" in messages_at(li, 8, "身份证号", level="notice")[0]
    assert "公式" in messages_at(li, 9, "姓名")[0]
    assert "联系电话格式不正确" in messages_at(li, 10, "联系电话")[0]
    assert "姓名不能为空" in messages_at(li, 11, "姓名")[0]
    assert "请填写所属社区" in messages_at(li, 12, "所属社区")[0]
    assert "未找到名为“不存在社区”" in messages_at(li, 13, "所属社区")[0]
    assert (li.new_count, li.known_count, li.rejected_count) == (1, 1, 10)
    with pytest.raises(ValidationError, match="校验通过且无错误"):
        target_list_confirm(actor=world.users["street"], list_import=li)
    assert registry_state() == before


def test_numeric_id_cell_is_refused_with_the_15_digit_explanation(world):
    value = make_id(adult_birth(50), 300)
    li = upload(
        world,
        xlsx_bytes([row("数字格式", int(value[:17] + "0"), "困境老年人", world.community_a.name)]),
    )
    assert "数字格式" in messages_at(li, 2, "身份证号")[0]
    assert "15位" in messages_at(li, 2, "身份证号")[0]
    assert registry_state() == (0, 0)


def test_csv_with_an_id_in_scientific_notation_is_refused_as_numeric(world):
    rows = [row("科学计数", "3.20508E+17", "困境老年人", world.community_a.name)]
    li = upload(world, csv_bytes(rows, encoding="gbk"), name="名单.csv")
    assert "数字格式" in messages_at(li, 2, "身份证号")[0]


def test_formula_in_an_address_is_stored_as_inert_text(world):
    formula = '=HYPERLINK("http://example.invalid","点我")'
    rows = [
        row(
            "地址公式",
            make_id(adult_birth(50), 301),
            "困境老年人",
            world.community_a.name,
            address=formula,
        )
    ]
    li = upload(world, xlsx_bytes(rows))
    assert li.status == ImportStatus.VALIDATED
    assert "不会执行" in messages_at(li, 2, "住址", level="notice")[0]
    target_list_confirm(actor=world.users["street"], list_import=li)
    # A leading quote: exported again, no spreadsheet reads it as a formula.
    assert Client.objects.get().address == "'" + formula


def test_gbk_and_gb18030_csv_are_decoded(world, good_rows):
    for encoding in ("gbk", "gb18030", "utf-8-sig"):
        li = upload(world, csv_bytes(good_rows, encoding=encoding), name="名单.csv")
        assert li.status == ImportStatus.VALIDATED, (encoding, li.problems)
    target_list_confirm(actor=world.users["street"], list_import=li)
    assert set(Client.objects.values_list("name", flat=True)) == {"测试甲", "测试乙", "测试丙"}


def test_gbk_csv_with_a_broken_row_reports_it_in_chinese(world):
    rows = [
        row(
            "张三",
            bad_checksum(make_id(adult_birth(50), 302)),
            "困境老年人",
            world.community_a.name,
        )
    ]
    li = upload(world, csv_bytes(rows, encoding="gbk"), name="名单.csv")
    assert "校验位不正确" in messages_at(li, 2, "身份证号")[0]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("名单.xlsx", b"", "文件为空"),
        ("名单.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "不是有效的 Excel"),
        ("名单.pdf", b"%PDF-1.4 not a list", "只能上传 .xlsx 或 .csv"),
        ("名单.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 .xls"),
        ("名单.csv", b"\x00\x01\x02binary", "不是文本格式"),
        ("名单.csv", "姓名,身份证号,困境人群类别\n".encode(), "没有数据行"),
        ("名单.csv", "姓名,电话\n张三,139\n".encode(), "缺少必需的列:身份证号、困境人群类别"),
    ],
)
def test_unreadable_files_are_refused_and_nothing_is_stored(world, name, data, message):
    with pytest.raises(ValidationError, match=message):
        upload(world, data, name=name)
    assert TargetListImport.objects.count() == 0
    assert registry_state() == (0, 0)


def test_a_zip_that_is_not_a_workbook_is_refused(world):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "not a workbook")
    with pytest.raises(ValidationError, match="不是有效的 Excel"):
        upload(world, buf.getvalue())


def test_oversized_file_boundary(world, settings, good_xlsx):
    settings.UPLOAD_MAX_BYTES = len(good_xlsx)
    assert upload(world, good_xlsx).status == ImportStatus.VALIDATED
    settings.UPLOAD_MAX_BYTES = len(good_xlsx) - 1
    with pytest.raises(ValidationError, match="超过"):
        upload(world, good_xlsx)


def test_zip_bomb_is_refused_before_openpyxl_opens_it(world, settings):
    settings.UPLOAD_MAX_BYTES = 100_000
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * 2_100_000)  # > 20 × 100 kB unpacked
    assert len(buf.getvalue()) < settings.UPLOAD_MAX_BYTES
    with pytest.raises(ValidationError, match="解压后过大"):
        upload(world, buf.getvalue())


def test_row_limit_boundary(world, settings, good_rows):
    settings.IMPORT_MAX_ROWS = 3
    assert upload(world, xlsx_bytes(good_rows)).row_count == 3
    settings.IMPORT_MAX_ROWS = 2
    with pytest.raises(ValidationError, match="超过单次上限2行"):
        upload(world, xlsx_bytes(good_rows))


def test_community_coordinator_uploads_only_for_their_community(world):
    other = organization_create(
        actor=None,
        code="canglang-other",
        name="另一社区",
        kind="community",
        parent=world.unit_a.street,
    )
    rows = [
        row("本社区", make_id(adult_birth(50), 400), "困境老年人", ""),
        row("同街道他社区", make_id(adult_birth(50), 401), "困境老年人", other.name),
    ]
    li = upload(world, xlsx_bytes(rows), persona="community")
    assert messages_at(li, 2) == []
    assert "不在您可上传的范围内" in messages_at(li, 3, "所属社区")[0]


def test_people_outside_the_coordinator_roles_cannot_upload(world, good_xlsx):
    for persona in ("social_worker", "bureau", "evaluator", "district"):
        with pytest.raises(ValidationError, match="协调员"):
            target_list_upload(
                actor=world.users[persona],
                organization=world.unit_a.street,
                name="名单.xlsx",
                data=good_xlsx,
            )
    assert TargetListImport.objects.count() == 0


def test_a_street_coordinator_cannot_upload_for_another_street(world, good_xlsx):
    with pytest.raises(ValidationError):
        upload(world, good_xlsx, organization=world.unit_b.street)


def test_registry_change_between_preview_and_confirm_rejects_everything(world, good_xlsx):
    li = upload(world, good_xlsx)
    assert li.status == ImportStatus.VALIDATED
    world.community_a.name = "已改名社区"
    world.community_a.save(update_fields=["name"])
    with pytest.raises(ValidationError, match="重新校验"):
        target_list_confirm(actor=world.users["street"], list_import=li)
    li.refresh_from_db()
    assert li.status == ImportStatus.REJECTED and li.rejected_count == 3
    assert registry_state() == (0, 0)


def test_same_person_listed_by_two_streets_is_one_record_with_two_listings(world):
    from apps.accounts.models import Role
    from tests.factories import make_person

    value = make_id(adult_birth(80), 500)
    a = upload(world, xlsx_bytes([row("两街道", value, "困境老年人", world.community_a.name)]))
    target_list_confirm(actor=world.users["street"], list_import=a)
    street_b = make_person("p_street_b", Role.STREET_COORDINATOR, world.unit_b.street)
    b = target_list_upload(
        actor=street_b,
        organization=world.unit_b.street,
        name="b.xlsx",
        data=xlsx_bytes([row("两街道", value, "残障人士", world.community_b.name)]),
    )
    assert (b.new_count, b.known_count) == (0, 1)
    assert world.unit_a.street.name in messages_at(b, 2, level="notice")[0]
    target_list_confirm(actor=street_b, list_import=b)
    client = Client.objects.get()
    assert client.listings.values("street").distinct().count() == 2
    assert sorted(g.code for g in client.groups.all()) == ["A1-T1-1", "A1-T1-6"]


def test_only_the_uploader_confirms(world, good_xlsx):
    li = upload(world, good_xlsx)
    with pytest.raises(ValidationError, match="上传人"):
        target_list_confirm(actor=world.users["bureau"], list_import=li)
    assert registry_state() == (0, 0)


def test_ten_thousand_rows_go_through_celery_with_progress_to_100(
    world, django_capture_on_commit_callbacks
):
    c = world.community_a.name
    base = date(1940, 1, 1)
    rows = [
        row(
            f"测试{i}",
            make_id(f"{base + timedelta(days=i // 100):%Y%m%d}", 100 + i % 100),
            "困境老年人",
            c,
        )
        for i in range(10_000)
    ]
    assert len({r[1] for r in rows}) == 10_000
    with django_capture_on_commit_callbacks(execute=True):
        li = upload(world, xlsx_bytes(rows))
    li.refresh_from_db()
    validate_job = li.job
    assert validate_job.kind == "cases.list_validate"
    assert validate_job.status == JobStatus.SUCCEEDED
    assert (validate_job.done, validate_job.total, validate_job.percent) == (10_000, 10_000, 100)
    assert li.status == ImportStatus.VALIDATED and li.new_count == 10_000
    assert registry_state() == (0, 0)
    with django_capture_on_commit_callbacks(execute=True):
        target_list_confirm(actor=world.users["street"], list_import=li)
    li.refresh_from_db()
    job = Job.objects.get(pk=li.job_id)
    assert job.kind == "cases.list_import" and job.status == JobStatus.SUCCEEDED
    assert (job.done, job.percent) == (10_000, 100)
    assert li.status == ImportStatus.IMPORTED
    assert registry_state() == (10_000, 10_000)


def test_async_threshold_boundary(world, settings, good_rows, django_capture_on_commit_callbacks):
    settings.IMPORT_ASYNC_ROWS = 3
    assert upload(world, xlsx_bytes(good_rows)).job is None
    settings.IMPORT_ASYNC_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True):
        li = upload(world, xlsx_bytes(good_rows))
    assert li.job is not None
