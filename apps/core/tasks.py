"""Celery tasks of the bulk imports: they take ids, call one service, report progress.

Idempotent: a retried check rewrites the same preview; a retried import finds the file already
imported (or checks it again and writes all of it, in one transaction) and stops.
"""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.urls import reverse

from .jobs import job_fail, job_finish, job_start, progress_reporter
from .models import BulkImport, ImportStatus


@shared_task
def bulk_validate_task(*, job_id: int, import_id: int) -> str:
    from .bulk.services import bulk_validate

    bulk = BulkImport.objects.select_related("uploaded_by").get(pk=import_id)
    url = reverse("bulk:detail", args=[import_id])
    if bulk.status != ImportStatus.VALIDATING:
        job_finish(job_id=job_id, result={"status": bulk.status}, result_url=url)
        return bulk.status
    job_start(job_id=job_id, total=bulk.row_count)
    try:
        bulk_validate(bulk=bulk, progress=progress_reporter(job_id, "逐行校验"))
    except Exception as exc:
        job_fail(job_id=job_id, error=f"校验失败:{type(exc).__name__}")
        raise
    job_finish(job_id=job_id, result={"status": bulk.status}, result_url=url)
    return bulk.status


@shared_task
def bulk_apply_task(*, job_id: int, import_id: int) -> str:
    from .bulk.services import bulk_apply

    bulk = BulkImport.objects.select_related("uploaded_by").get(pk=import_id)
    url = reverse("bulk:detail", args=[import_id])
    if bulk.status == ImportStatus.IMPORTED:
        job_finish(job_id=job_id, result={"status": bulk.status}, result_url=url)
        return bulk.status
    job_start(job_id=job_id, total=bulk.row_count)
    try:
        bulk_apply(
            actor=bulk.uploaded_by, bulk=bulk, progress=progress_reporter(job_id, "写入数据")
        )
    except ValidationError as exc:
        job_fail(job_id=job_id, error=";".join(exc.messages))
        return bulk.status
    except Exception as exc:
        job_fail(job_id=job_id, error=f"导入失败,未写入任何数据:{type(exc).__name__}")
        raise
    job_finish(job_id=job_id, result={"status": bulk.status}, result_url=url)
    return bulk.status
