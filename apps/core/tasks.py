"""Celery tasks of the bulk imports: they take ids, call one service, report progress.

Idempotent: a retried check rewrites the same preview; a retried import finds the file already
imported (or checks it again and writes all of it, in one transaction) and stops.

``sheet_check_task`` and ``sheet_write_task`` make such a task of any uploaded sheet (a bulk
file here, a target list in apps.cases): the decorated function is only the service call.
"""

from celery import shared_task
from django.urls import reverse

from .jobs import job_run_step
from .models import BulkImport, ImportStatus

WRITE_FAILED = "导入失败,未写入任何数据:"


def _failed(prefix: str):
    return lambda exc: f"{prefix}{type(exc).__name__}"


def _sheet_task(queryset, done, *, page: str, **step):
    """The Celery task ``(job_id=…, import_id=…)`` of one step of an uploaded sheet, around the
    decorated ``work(sheet, progress)``.

    The task loads the sheet from ``queryset`` and runs ``work`` through ``job_run_step``
    (``step``: its ``message``, ``failure``, ``refused``, ``skip_url``), the step being already
    taken when ``done(sheet)``; ``page`` names the sheet's page (a URL taking its pk), the
    job's link. The task is registered under the decorated function's name, as if written out.
    """

    def decorate(work):
        def run(*, job_id: int, import_id: int) -> str:
            sheet = queryset.get(pk=import_id)
            return job_run_step(
                job_id=job_id,
                record=sheet,
                done=done(sheet),
                work=lambda progress: work(sheet, progress),
                result_url=reverse(page, args=[import_id]),
                **step,
            )

        return shared_task(name=f"{work.__module__}.{work.__name__}")(run)

    return decorate


def sheet_check_task(queryset, **step):
    """The task of a sheet's check: done once the sheet is no longer being validated."""
    return _sheet_task(queryset, lambda sheet: sheet.status != ImportStatus.VALIDATING, **step)


def sheet_write_task(queryset, **step):
    """The task of a sheet's write: done once imported; an unexpected error is worded the same
    for every sheet (nothing was written, the transaction rolled back)."""
    return _sheet_task(
        queryset,
        lambda sheet: sheet.status == ImportStatus.IMPORTED,
        failure=_failed(WRITE_FAILED),
        **step,
    )


_BULK = BulkImport.objects.select_related("uploaded_by")


@sheet_check_task(_BULK, page="bulk:detail", message="逐行校验", failure=_failed("校验失败:"))
def bulk_validate_task(bulk, progress):
    from .bulk.services import bulk_validate

    bulk_validate(bulk=bulk, progress=progress)


@sheet_write_task(_BULK, page="bulk:detail", message="写入数据", refused="")
def bulk_apply_task(bulk, progress):
    from .bulk.services import bulk_apply

    bulk_apply(actor=bulk.uploaded_by, bulk=bulk, progress=progress)
