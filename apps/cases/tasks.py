"""Celery tasks for large lists: they take ids, call one service, report progress.

Idempotent: a retried validation rewrites the same preview; a retried import finds the list
already imported (or re-checks it and imports all of it, in one transaction) and stops.
"""

from celery import shared_task
from django.urls import reverse

from apps.core.jobs import job_run_step

from .models import ImportStatus, TargetListImport


@shared_task
def target_list_validate_task(*, job_id: int, import_id: int) -> str:
    from .services import target_list_validate

    list_import = TargetListImport.objects.select_related("organization").get(pk=import_id)
    # Already previewed (a retry, or the demo that checks its small lists in-process): the job
    # is finished without a link, as the list's page was never this job's result.
    return job_run_step(
        job_id=job_id,
        record=list_import,
        done=list_import.status != ImportStatus.VALIDATING,
        skip_url="",
        work=lambda progress: target_list_validate(list_import=list_import, progress=progress),
        message="与服务对象库比对",
        result_url=reverse("cases:import_detail", args=[import_id]),
        failure=lambda exc: f"校验失败:{exc}",
    )


@shared_task
def target_list_import_task(*, job_id: int, import_id: int) -> str:
    from .services import target_list_apply

    list_import = TargetListImport.objects.select_related("organization", "uploaded_by").get(
        pk=import_id
    )
    return job_run_step(
        job_id=job_id,
        record=list_import,
        done=list_import.status == ImportStatus.IMPORTED,
        work=lambda progress: target_list_apply(
            actor=list_import.uploaded_by, list_import=list_import, progress=progress
        ),
        message="写入服务对象库",
        result_url=reverse("cases:import_detail", args=[import_id]),
        failure=lambda exc: f"导入失败,未写入任何数据:{type(exc).__name__}",
        refused="导入未执行:",
    )
