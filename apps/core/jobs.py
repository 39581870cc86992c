"""Services for long-running jobs: create, report progress, finish, fail.

A service creates the Job and queues its Celery task with ``transaction.on_commit``; the task
reports progress through ``job_progress``, which writes outside the task's own transaction
(``update`` on the row) so the page sees it while the work is still running.
"""

from django.core.exceptions import ValidationError
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


def job_queue_for(task, *, actor, record, kind: str, title: str, status: str | None = None):
    """Queue ``task(job_id=…, import_id=record.pk)`` for a stored upload (a target list, a bulk
    file) under a new job sized by its rows; ``status``, when given, is set in the same
    transaction (e.g. "importing", so the page shows the step as under way)."""
    with transaction.atomic():
        job = job_create(actor=actor, kind=kind, title=title, total=record.row_count)
        record.job = job
        fields = ["job"]
        if status is not None:
            record.status = status
            fields.append("status")
        record.save(update_fields=fields)
        job_enqueue(task, job=job, import_id=record.pk)
    return record


def job_run_step(
    *,
    job_id: int,
    record,
    done: bool,
    work,
    message: str,
    result_url: str,
    failure,
    refused: str | None = None,
    skip_url: str | None = None,
) -> str:
    """One step of an upload's work (check, or write) run by its Celery task; returns the status.

    ``done``: a retry finds the step already taken, so the job is finished as it stands (with
    ``skip_url`` as its link when given, else ``result_url``). ``work(progress)`` does the step;
    ``failure(exc)`` words an unexpected error, which fails the job and is raised again for
    Celery. With ``refused``, a ``ValidationError`` is a refusal the service has already
    recorded on the upload: the job fails with ``refused`` + its messages and the task ends
    normally (retrying would refuse again).
    """
    if done:
        url = result_url if skip_url is None else skip_url
        job_finish(job_id=job_id, result={"status": record.status}, result_url=url)
        return record.status
    job_start(job_id=job_id, total=record.row_count)
    try:
        work(progress_reporter(job_id, message))
    except ValidationError as exc:
        if refused is None:
            job_fail(job_id=job_id, error=failure(exc))
            raise
        job_fail(job_id=job_id, error=refused + ";".join(exc.messages))
        return record.status
    except Exception as exc:
        job_fail(job_id=job_id, error=failure(exc))
        raise
    job_finish(job_id=job_id, result={"status": record.status}, result_url=result_url)
    return record.status
