"""Celery tasks of the bulk imports: they take ids, call one service, report progress.

Idempotent: a retried check rewrites the same preview; a retried import finds the file already
imported (or checks it again and writes all of it, in one transaction) and stops.
"""

from celery import shared_task
from django.urls import reverse

from .jobs import job_run_step
from .models import BulkImport, ImportStatus


def _failed(prefix: str):
    return lambda exc: f"{prefix}{type(exc).__name__}"


@shared_task
def bulk_validate_task(*, job_id: int, import_id: int) -> str:
    from .bulk.services import bulk_validate

    bulk = BulkImport.objects.select_related("uploaded_by").get(pk=import_id)
    return job_run_step(
        job_id=job_id,
        record=bulk,
        done=bulk.status != ImportStatus.VALIDATING,
        work=lambda progress: bulk_validate(bulk=bulk, progress=progress),
        message="逐行校验",
        result_url=reverse("bulk:detail", args=[import_id]),
        failure=_failed("校验失败:"),
    )


@shared_task
def bulk_apply_task(*, job_id: int, import_id: int) -> str:
    from .bulk.services import bulk_apply

    bulk = BulkImport.objects.select_related("uploaded_by").get(pk=import_id)
    return job_run_step(
        job_id=job_id,
        record=bulk,
        done=bulk.status == ImportStatus.IMPORTED,
        work=lambda progress: bulk_apply(actor=bulk.uploaded_by, bulk=bulk, progress=progress),
        message="写入数据",
        result_url=reverse("bulk:detail", args=[import_id]),
        failure=_failed("导入失败,未写入任何数据:"),
        refused="",
    )
