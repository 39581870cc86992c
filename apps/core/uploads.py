"""Steps shared by every stored upload that is checked, previewed and then confirmed (a street's
target list, a bulk-entry file): who may confirm, when the write goes to Celery, how an
unexpected failure is recorded.

Decision: the uploader check comes before the status check for every upload, so someone else
never learns what state another person's upload is in.
"""

from django.conf import settings
from django.core.exceptions import ValidationError

from .jobs import job_queue_for
from .models import ImportStatus


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
