"""Services for long-running jobs: create, report progress, finish, fail.

A service creates the Job and queues its Celery task with ``transaction.on_commit``; the task
reports progress through ``job_progress``, which writes outside the task's own transaction
(``update`` on the row) so the page sees it while the work is still running.
"""

from django.db import transaction
from django.utils import timezone

from .models import Job, JobStatus


def job_create(*, actor, kind: str, title: str, total: int = 0) -> Job:
    """A pending job owned by ``actor``."""
    return Job.objects.create(kind=kind, title=title, total=total, created_by=actor)


def job_start(*, job_id: int, total: int | None = None) -> None:
    fields = {"status": JobStatus.RUNNING, "started_at": timezone.now(), "error": ""}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_progress(*, job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    fields = {"done": done, "message": message[:300]}
    if total is not None:
        fields["total"] = total
    Job.objects.filter(pk=job_id).update(**fields)


def job_finish(*, job_id: int, result: dict | None = None, result_url: str = "") -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED,
        result=result or {},
        result_url=result_url,
        finished_at=timezone.now(),
    )


def job_fail(*, job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=error[:5000], finished_at=timezone.now()
    )


def job_enqueue(task, *, job: Job, **kwargs) -> None:
    """Queue ``task(job_id=…, **kwargs)`` once the current transaction commits."""
    transaction.on_commit(lambda: task.delay(job_id=job.pk, **kwargs))


def progress_reporter(job_id: int, message: str):
    """A ``progress(done, total)`` callback that reports to the job (for services' loops)."""

    def report(done: int, total: int) -> None:
        job_progress(job_id=job_id, done=done, total=total, message=message)

    return report
