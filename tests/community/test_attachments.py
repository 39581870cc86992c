"""Attachments: allowed types by extension AND content, size limit, clear refusals."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.community import services
from apps.community.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%..." + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 64


def office(kind):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml" if kind == "xlsx" else "word/document.xml", "<x/>")
    return buf.getvalue()


@pytest.fixture
def study(world, years, sub_item):
    return services.study_create(
        actor=None,
        contract=world.contract_a,
        community=world.community_a,
        sub_item=sub_item("A1-T2-3-1"),
        title="研究",
        started_on=years[1].start + timedelta(1),
    )


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("签到表.jpg", JPEG),
        ("照片.PNG", PNG),
        ("报告.pdf", PDF),
        ("名单.xlsx", office("xlsx")),
        ("报告.docx", office("docx")),
        ("p.jpeg", JPEG),
    ],
)
def test_allowed_files_are_stored_under_media_root(world, study, name, content, tmp_path):
    att = services.attachment_add(
        actor=None, record=study, uploaded=SimpleUploadedFile(name, content), kind="report"
    )
    assert att.original_name == name
    assert att.size == len(content)
    assert (tmp_path / att.file.name).read_bytes() == content
    assert name not in att.file.name  # stored under a random token, not the uploaded name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("工具.exe", EXE, "不支持的文件类型"),
        ("照片.jpg", EXE, "内容与扩展名不符"),  # a renamed executable
        ("报告.pdf", PNG, "内容与扩展名不符"),
        ("名单.xlsx", office("docx"), "内容与扩展名不符"),
        ("假表.xlsx", b"PK\x03\x04garbage", "内容与扩展名不符"),
        ("空.pdf", b"", "文件是空的"),
        ("无扩展名", PDF, "无扩展名"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(world, study, name, content, message):
    with pytest.raises(ValidationError, match=message):
        services.attachment_add(
            actor=None, record=study, uploaded=SimpleUploadedFile(name, content), kind="report"
        )
    assert Attachment.objects.count() == 0


def test_size_limit_comes_from_settings(world, study, settings):
    settings.UPLOAD_MAX_BYTES = len(PDF)
    services.attachment_add(
        actor=None, record=study, uploaded=SimpleUploadedFile("a.pdf", PDF), kind="report"
    )
    with pytest.raises(ValidationError, match="超过"):
        services.attachment_add(
            actor=None,
            record=study,
            uploaded=SimpleUploadedFile("b.pdf", PDF + b"x"),
            kind="report",
        )
