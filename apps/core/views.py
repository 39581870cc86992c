"""Job progress pages (ground floor: any app's long work reports here)."""

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render

from .permissions import job_get_for_user_or_404


def _job_payload(job):
    return {
        "id": job.pk,
        "status": job.status,
        "status_display": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "error": job.error,
        "finished": job.is_finished,
        "result_url": job.result_url,
    }


@login_required
def job_detail(request, pk):
    """A job's progress page; the bar refreshes itself from ``status.json``."""
    job = job_get_for_user_or_404(user=request.user, pk=pk)
    return render(request, "core/job_detail.html", {"job": job})


@login_required
def job_status(request, pk):
    job = job_get_for_user_or_404(user=request.user, pk=pk)
    return JsonResponse(_job_payload(job))
