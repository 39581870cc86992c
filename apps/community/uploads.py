"""Checks on uploaded attachments: extension allow-list, content sniffing, size limit.

A file passes only when its extension is allowed AND its first bytes are what that extension
promises (a renamed .exe is refused), and it is neither empty nor above UPLOAD_MAX_BYTES.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

ALLOWED = {
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
    ".docx": "docx",
}
ALLOWED_TEXT = "JPG、PNG、PDF、Excel(xlsx)、Word(docx)"


def sniff(head: bytes, fileobj) -> str | None:
    """What the content is, from its magic bytes (and, for zip files, their parts)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
            if any(n.startswith("word/") for n in names):
                return "docx"
    return None


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def validate_upload(uploaded) -> str:
    """Return the file's extension if acceptable; raise a ValidationError in Chinese if not."""
    limit = settings.UPLOAD_MAX_BYTES
    name = uploaded.name or ""
    ext = extension_of(name)
    if ext not in ALLOWED:
        raise ValidationError(f"不支持的文件类型“{ext or '无扩展名'}”,只能上传{ALLOWED_TEXT}文件。")
    size = uploaded.size or 0
    if size == 0:
        raise ValidationError("文件是空的,请重新选择。")
    if size > limit:
        raise ValidationError(
            f"文件大小 {size / 1024 / 1024:.1f} MB,超过 {limit / 1024 / 1024:.0f} MB 的上限。"
        )
    uploaded.seek(0)
    head = uploaded.read(16)
    actual = sniff(head, uploaded)
    uploaded.seek(0)
    if actual != ALLOWED[ext]:
        raise ValidationError(
            f"文件“{name}”的内容与扩展名不符(不是真正的{ext[1:].upper()}文件),已拒收。"
        )
    return ".jpg" if ext == ".jpeg" else ext
