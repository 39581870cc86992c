"""Every broken file the target list refuses is refused the same way by each bulk kind,
through the upload page, with its Chinese message and nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.bulk.kinds import get_kind
from apps.core.bulk.services import bulk_upload
from apps.core.models import BulkImport, ImportStatus
from tests.core.bulk_helpers import bulk_media, csv_bytes, xlsx_bytes  # noqa: F401

KINDS = ["archives", "service-records", "volunteers"]


pytestmark = pytest.mark.usefixtures("bulk_media")


def post(http, world, kind, data, name):
    return http.post(
        reverse("bulk:upload", args=[kind]),
        {"target": world.contract_a.pk, "file": SimpleUploadedFile(name, data)},
    )


def zip_bomb(settings) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (settings.UPLOAD_MAX_BYTES * 21))
    return buf.getvalue()


@pytest.mark.parametrize("kind", KINDS)
def test_broken_files_are_refused_with_a_chinese_message_and_nothing_stored(
    world, client_for, settings, kind
):
    settings.UPLOAD_MAX_BYTES = 100_000
    headers = get_kind(kind).labels
    http = client_for("social_worker")
    cases = [
        (b"", "空.xlsx", "空文件"),  # Django's own message, before the reader
        (b"%PDF-1.4 not a sheet", "x.pdf", "只能上传 .xlsx 或 .csv"),
        (b"PK\x03\x04broken", "坏.xlsx", "不是有效的 Excel"),
        (b"old", "旧.xls", "不支持旧版 .xls"),
        (zip_bomb(settings), "炸弹.xlsx", "解压后过大"),
        (xlsx_bytes(["无关列"], [["x"]]), "列.xlsx", "缺少必需的列"),
        (xlsx_bytes(headers, []), "无数据.xlsx", "没有数据行"),
        ("姓名,abc".encode("utf-16"), "编码.csv", "不是文本格式的 CSV"),
    ]
    for data, name, message in cases:
        response = post(http, world, kind, data, name)
        assert response.status_code == 400, name
        assert message in response.content.decode(), (name, message)
    # Oversized: the upload handler drops the body before the form (the field reads as missing);
    # the service refuses it too, with the limit in its message.
    assert post(http, world, kind, b"0" * 100_001, "大.csv").status_code == 400
    with pytest.raises(ValidationError, match="超过 0 MB 的上限"):
        bulk_upload(
            actor=world.users["social_worker"],
            kind=get_kind(kind),
            target=world.contract_a,
            name="大.csv",
            data=b"0" * 100_001,
        )
    assert BulkImport.objects.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_formula_cells_are_refused_per_row_and_gbk_csv_is_read(world, client_for, kind):
    headers = get_kind(kind).labels
    http = client_for("social_worker")
    row = ["=1+1"] + ["中文内容"] * (len(headers) - 1)
    response = post(http, world, kind, xlsx_bytes(headers, [row]), "公式.xlsx")
    assert response.status_code == 302
    bulk = BulkImport.objects.get()
    assert bulk.status == ImportStatus.REJECTED
    assert any(
        p["row"] == 2 and p["column"] == headers[0] and "公式" in p["msg"] for p in bulk.problems
    )
    # A GBK CSV is decoded: its Chinese cells come back as written (here: not a community of
    # the contract, a team or a case of the person's — each kind's own row message).
    data = csv_bytes(headers, [["某某社区"] + ["中文内容"] * (len(headers) - 1)], "gbk")
    response = post(http, world, kind, data, "表.csv")
    assert response.status_code == 302
    gbk = BulkImport.objects.exclude(pk=bulk.pk).get()
    assert any("某某社区" in p["msg"] or "中文内容" in p["msg"] for p in gbk.problems), gbk.problems
