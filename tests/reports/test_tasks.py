"""The render task on a real Celery worker over the real Redis, with progress on its job."""

import pytest
from django.db import transaction

from apps.core.models import Job, JobStatus
from apps.reports.models import Report, ReportStatus
from apps.reports.services import report_request
from tests.metrics.test_tasks import real_worker, wait_for
from tests.reports.conftest import make_quarterly, pdf_fonts


@pytest.mark.django_db(transaction=True)
def test_a_quarterly_report_renders_on_a_real_worker():
    from tests.factories import build_world

    world = build_world()
    quarterly = make_quarterly(world)
    with real_worker():
        with transaction.atomic():
            report = report_request(
                actor=world.users["agency_manager"], kind="quarterly", subject=quarterly
            )
            assert Job.objects.get(pk=report.job_id).status == JobStatus.PENDING
        wait_for(
            lambda: (
                Job.objects.get(pk=report.job_id).status in (JobStatus.SUCCEEDED, JobStatus.FAILED)
            ),
            "the worker never finished the report",
            seconds=120,
        )
    job = Job.objects.get(pk=report.job_id)
    report = Report.objects.get(pk=report.pk)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert report.status == ReportStatus.READY
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.result["report_id"] == report.pk and job.result["sha256"] == report.sha256
    assert f"new={report.pk}" in job.result_url
    assert "WenQuanYi" in pdf_fonts(report.file.path)
