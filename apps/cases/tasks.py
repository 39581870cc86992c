"""Celery tasks for large lists: they take ids, call one service, report progress.

Idempotent: a retried validation rewrites the same preview; a retried import finds the list
already imported (or re-checks it and imports all of it, in one transaction) and stops.
"""

from celery import shared_task
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.core.jobs import job_fail, job_finish, job_start, progress_reporter

from .models import ImportStatus, TargetListImport


@shared_task
def target_list_validate_task(*, job_id: int, import_id: int) -> str:
    from .services import target_list_validate

    list_import = TargetListImport.objects.select_related("organization").get(pk=import_id)
    if list_import.status != ImportStatus.VALIDATING:
        # Already previewed (a retry, or the demo that checks its small lists in-process).
        job_finish(job_id=job_id, result={"status": list_import.status})
        return list_import.status
    job_start(job_id=job_id, total=list_import.row_count)
    try:
        target_list_validate(
            list_import=list_import, progress=progress_reporter(job_id, "与服务对象库比对")
        )
    except Exception as exc:
        job_fail(job_id=job_id, error=f"校验失败:{exc}")
        raise
    url = reverse("cases:import_detail", args=[import_id])
    job_finish(job_id=job_id, result={"status": list_import.status}, result_url=url)
    return list_import.status


@shared_task
def target_list_import_task(*, job_id: int, import_id: int) -> str:
    from .services import target_list_apply

    list_import = TargetListImport.objects.select_related("organization", "uploaded_by").get(
        pk=import_id
    )
    url = reverse("cases:import_detail", args=[import_id])
    if list_import.status == ImportStatus.IMPORTED:
        job_finish(job_id=job_id, result={"status": list_import.status}, result_url=url)
        return list_import.status
    job_start(job_id=job_id, total=list_import.row_count)
    try:
        target_list_apply(
            actor=list_import.uploaded_by,
            list_import=list_import,
            progress=progress_reporter(job_id, "写入服务对象库"),
        )
    except ValidationError as exc:
        job_fail(job_id=job_id, error="导入未执行:" + ";".join(exc.messages))
        return list_import.status
    except Exception as exc:
        job_fail(job_id=job_id, error=f"导入失败,未写入任何数据:{type(exc).__name__}")
        raise
    job_finish(job_id=job_id, result={"status": list_import.status}, result_url=url)
    return list_import.status
