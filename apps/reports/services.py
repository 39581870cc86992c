"""Writes of the reports app: ask for a report (a Job and a Celery task on commit), render and
store it, record a download. Every write leaves an audit row in its transaction."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from apps.core.audit import audit_record
from apps.core.clock import today
from apps.core.jobs import job_create, job_enqueue

from .models import Report, ReportDownload, ReportStatus
from .permissions import masked_for
from .registry import spec_for
from .rendering import render_pdf

logger = logging.getLogger(__name__)
RENDER_STEPS = 3


def report_request(*, actor, kind: str, subject) -> Report:
    """Ask for a new rendering of ``kind`` about ``subject`` (already through the gate).

    Earlier renderings of the same subject stay: this one gets the next version number. A
    person who reads with names masked gets a masked copy of the kinds that may name people.
    The PDF is made by a Celery task queued once this transaction commits; the returned
    report's ``job`` shows its progress.
    """
    spec = spec_for(kind)
    if spec is None:
        raise ValueError(f"unknown or unavailable report kind: {kind}")
    masked = spec.personal and masked_for(actor)
    key = f"{kind}:{subject.pk}" + (":masked" if masked else "")
    title = spec.title(subject)
    with transaction.atomic():
        last = Report.objects.select_for_update().filter(subject_key=key)
        version = (last.aggregate(v=Max("version"))["v"] or 0) + 1
        job = job_create(actor=actor, kind="report", title=f"生成PDF:{title}", total=RENDER_STEPS)
        report = Report.objects.create(
            kind=kind,
            title=title,
            params={"subject_id": subject.pk, "masked": masked},
            subject_id=subject.pk,
            subject_key=key,
            version=version,
            contract=getattr(subject, "contract", None),
            masked=masked,
            requested_by=actor,
            job=job,
        )
        report.document_number = f"苏试{spec.code}〔{today().year}〕{report.pk:05d}号"
        report.save(update_fields=["document_number"])
        audit_record(actor=actor, action="report_request", obj=report, kind=kind, version=version)
        from .tasks import report_render_task

        job_enqueue(report_render_task, job=job, report_id=report.pk)
    return report


def report_render(*, report_id: int, progress: Callable[[int, str], None] | None = None) -> Report:
    """Render and store one report (idempotent: a report already made is left as it is).

    The builder reads through the requester's gates, so the document shows what the person who
    asked may see; the file's SHA-256 and the newest snapshot time used are stored with it.
    """
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    if report.status == ReportStatus.READY:
        return report
    spec = spec_for(report.kind)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, error="")
    step = progress or (lambda done, message: None)
    step(1, "读取指标快照与记录")
    built = spec.build(user=report.requested_by, report=report)
    step(2, "排版并生成 PDF")
    rendered = render_pdf(
        spec.template,
        {
            **built.context,
            "report": report,
            "spec": spec,
            "masked": report.masked,
            "generated_at": timezone.now(),
            "snapshot_at": built.snapshot_at,
        },
    )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        report.file.save(f"{report.pk}.pdf", ContentFile(rendered.pdf), save=False)
        report.size = len(rendered.pdf)
        report.pages = rendered.pages
        report.sha256 = hashlib.sha256(rendered.pdf).hexdigest()
        report.snapshot_at = built.snapshot_at
        report.render_seconds = round(rendered.seconds, 3)
        report.status = ReportStatus.READY
        report.rendered_at = timezone.now()
        report.save(
            update_fields=[
                "file",
                "size",
                "pages",
                "sha256",
                "snapshot_at",
                "render_seconds",
                "status",
                "rendered_at",
            ]
        )
        audit_record(
            actor=None, action="report_render", obj=report, sha256=report.sha256, pages=report.pages
        )
    step(3, "已生成")
    return report


def report_fail(*, report_id: int, error: str) -> None:
    Report.objects.filter(pk=report_id).update(status=ReportStatus.FAILED, error=error[:5000])


def report_download_record(*, actor, report: Report) -> ReportDownload:
    """Log one download of ``report`` by ``actor`` (a row of its own and an audit row)."""
    with transaction.atomic():
        download = ReportDownload.objects.create(report=report, user=actor)
        audit_record(actor=actor, action="report_download", obj=report, sha256=report.sha256)
    return download
