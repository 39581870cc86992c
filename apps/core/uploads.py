"""Steps shared by every stored upload that is checked, previewed and then confirmed (a street's
target list, a bulk-entry file): the original file and the checked rows stored encrypted
beside it (they may hold identity numbers), who may confirm, when the write goes to Celery, how
an unexpected failure is recorded.

Decision: the uploader check comes before the status check for every upload, so someone else
never learns what state another person's upload is in.
"""

import json
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .crypto import decrypt_bytes, encrypt_bytes
from .jobs import job_queue_for
from .models import ImportStatus

CHECKED_FORMAT = 1

Progress = Callable[[int, int], None] | None


def original_store(record, *, prefix: str, data: bytes) -> None:
    """Put the uploaded file, encrypted, in ``record.stored_file`` (the caller saves the record)."""
    record.stored_file.save(
        f"{prefix}-{timezone.now():%Y%m%d%H%M%S}.bin", ContentFile(encrypt_bytes(data)), save=False
    )


def original_bytes(record) -> bytes:
    """The file as uploaded (decrypted)."""
    with record.stored_file.open("rb") as fh:
        return decrypt_bytes(fh.read())


def _checked_name(record) -> str:
    return f"{record.stored_file.name}.checked"


def checked_store(record, rows: list, problems: list[dict]) -> None:
    """The checked rows (JSON-ready) and their problems beside the original; a new check
    replaces them."""
    payload = {"format": CHECKED_FORMAT, "rows": rows, "problems": problems}
    data = encrypt_bytes(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    storage = record.stored_file.storage
    name = _checked_name(record)
    if storage.exists(name):
        storage.delete(name)
    storage.save(name, ContentFile(data))


def checked_load(record) -> tuple[list, list[dict]]:
    """The rows and problems ``checked_store`` kept."""
    with record.stored_file.storage.open(_checked_name(record), "rb") as fh:
        payload = json.loads(decrypt_bytes(fh.read()))
    return payload["rows"], payload["problems"]


def upload_confirm(*, actor, record, noun: str, task, kind: str, title: str, apply):
    """Confirm a checked upload: ``apply()`` now, or queue ``task`` above IMPORT_ASYNC_ROWS rows.

    ``noun`` names the upload in the refusal ("名单", "文件").
    """
    if record.uploaded_by_id != actor.pk:
        raise ValidationError("只有上传人可以确认导入。")
    if record.status != ImportStatus.VALIDATED:
        raise ValidationError(f"只有校验通过且无错误的{noun}可以确认导入;请修改文件后重新上传。")
    if record.row_count > settings.IMPORT_ASYNC_ROWS:
        return job_queue_for(
            task, actor=actor, record=record, kind=kind, title=title, status=ImportStatus.IMPORTING
        )
    return apply()


def upload_failed(record, exc: Exception) -> None:
    """Record an unexpected error of the write step (nothing was written: it ran in one
    transaction); the caller raises it again."""
    record.status = ImportStatus.FAILED
    record.outcome = f"导入失败,未写入任何数据:{type(exc).__name__}"
    record.save(update_fields=["status", "outcome"])


def upload_write(
    record,
    write: Callable[..., None],
    refused: Callable[[object, ValidationError], None],
    *,
    load: Callable[[object], tuple[list, list[dict]]] = checked_load,
    progress: Progress = None,
):
    """The write step of a confirmed upload, every row or none.

    ``write(rows=…, column_problems=…)`` gets what ``load(record)`` reads back (by default the
    stored checked rows) and runs in one transaction. A ``ValidationError`` is a refusal:
    ``refused(record, exc)`` records it on the upload (it may raise its own error instead),
    then it is raised again; any other error is recorded as the upload's failure
    (``upload_failed``) and raised again. Progress is reported once the transaction has
    committed (rows written inside it stay invisible to the page until then anyway).
    """
    rows, column_problems = load(record)
    try:
        with transaction.atomic():
            write(rows=rows, column_problems=column_problems)
    except ValidationError as exc:
        refused(record, exc)
        raise
    except Exception as exc:
        upload_failed(record, exc)
        raise
    if progress:
        progress(len(rows), len(rows))
    return record
