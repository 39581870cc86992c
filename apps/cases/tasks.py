"""Celery tasks for large lists: they take ids, call one service, report progress.

Idempotent: a retried validation rewrites the same preview; a retried import finds the list
already imported (or re-checks it and imports all of it, in one transaction) and stops.
"""

from apps.core.tasks import sheet_check_task, sheet_write_task

from .models import TargetListImport


@sheet_check_task(
    TargetListImport.objects.select_related("organization"),
    page="cases:import_detail",
    message="与服务对象库比对",
    failure=lambda exc: f"校验失败:{exc}",
    # Already previewed (a retry, or the demo that checks its small lists in-process): the job
    # is finished without a link, as the list's page was never this job's result.
    skip_url="",
)
def target_list_validate_task(list_import, progress):
    from .services import target_list_validate

    target_list_validate(list_import=list_import, progress=progress)


@sheet_write_task(
    TargetListImport.objects.select_related("organization", "uploaded_by"),
    page="cases:import_detail",
    message="写入服务对象库",
    refused="导入未执行:",
)
def target_list_import_task(list_import, progress):
    from .services import target_list_apply

    target_list_apply(actor=list_import.uploaded_by, list_import=list_import, progress=progress)
