"""Celery task of the reports app: it takes ids, calls one service, and is safe to retry."""

import logging

from celery import shared_task
from django.urls import reverse

from apps.core.jobs import job_fail, job_finish, job_progress, job_start

from .services import RENDER_STEPS, report_fail, report_render

logger = logging.getLogger(__name__)


@shared_task
def report_render_task(*, job_id: int, report_id: int) -> int | None:
    """Render one report with progress on its job page; a failure is shown there, not raised
    (a retry would fail the same way: the page says why)."""
    job_start(job_id=job_id, total=RENDER_STEPS)

    def progress(done, message):
        job_progress(job_id=job_id, done=done, total=RENDER_STEPS, message=message)

    try:
        report = report_render(report_id=report_id, progress=progress)
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        report_fail(report_id=report_id, error=f"{type(exc).__name__}: {exc}")
        job_fail(job_id=job_id, error=f"报告生成失败:{exc}")
        return None
    job_finish(
        job_id=job_id,
        result={"report_id": report.pk, "sha256": report.sha256, "pages": report.pages},
        result_url=reverse("reports:index") + f"?new={report.pk}#report-{report.pk}",
    )
    return report.pk
