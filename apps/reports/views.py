"""Pages: the reports a person may download (and ask for), asking, downloading."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .models import ReportStatus
from .permissions import masked_for, report_get_for_user_or_404, report_subject_get_for_user_or_404
from .selectors import reports_page
from .services import report_download_record, report_request


@login_required
def index(request):
    """Every report the person may download, and the forms to ask for the kinds they may."""
    data = reports_page(user=request.user)
    new = request.GET.get("new", "")
    return render(
        request,
        "reports/index.html",
        {**data, "new": int(new) if new.isdigit() else None, "masked": masked_for(request.user)},
    )


@login_required
@require_POST
def request_view(request, kind):
    """Ask for a new rendering: gate on the subject (404 outside, 403 not allowed), queue, and
    go to the job page that shows the progress."""
    subject_pk = request.POST.get("subject", "")
    if not subject_pk.isdigit():
        raise Http404
    subject = report_subject_get_for_user_or_404(user=request.user, kind=kind, pk=int(subject_pk))
    report = report_request(actor=request.user, kind=kind, subject=subject)
    messages.success(request, f"已提交生成:{report.title}(第{report.version}版)。")
    return redirect("jobs:detail", pk=report.job_id)


@login_required
def download(request, pk):
    """The PDF itself, logged (who, when); never cached by a browser or a proxy."""
    report = report_get_for_user_or_404(user=request.user, pk=pk)
    if report.status != ReportStatus.READY or not report.file:
        raise Http404
    report_download_record(actor=request.user, report=report)
    response = FileResponse(
        report.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{report.title}-第{report.version}版.pdf",
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
