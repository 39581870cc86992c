"""The bureau's security pages: the audit trail (with Excel export) and login locks."""

from io import BytesIO

from axes.models import AccessAttempt
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from openpyxl import Workbook

from apps.core.spreadsheets import safe_cell

from . import selectors, services
from .forms import AuditFilterForm
from .permissions import require_can_read_audit, require_can_release_locks

EXPORT_LIMIT = 50_000


def _filtered(request):
    actions, types = selectors.audit_choices()
    form = AuditFilterForm(request.GET or None, actions=actions, object_types=types)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.audit_events(**{k: v for k, v in filters.items() if v})
    return form, events


@login_required
def audit(request):
    require_can_read_audit(user=request.user)
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "security/audit.html",
        {
            "form": form,
            "page": page,
            "rows": selectors.audit_rows(page.object_list),
            "query": query.urlencode(),
        },
    )


@login_required
def audit_xlsx(request):
    require_can_read_audit(user=request.user)
    _, events = _filtered(request)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("操作审计")
    ws.append(["时间", "操作人", "操作", "对象", "详情"])
    for row in selectors.audit_rows(events[:EXPORT_LIMIT]):
        ws.append(
            [
                safe_cell(row["when"].strftime("%Y-%m-%d %H:%M:%S")),
                safe_cell(row["actor"]),
                safe_cell(row["action"]),
                safe_cell(row["object"]),
                safe_cell(row["details"]),
            ]
        )
    buffer = BytesIO()
    wb.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="audit.xlsx"'
    return response


@login_required
def login_locks(request):
    require_can_release_locks(user=request.user)
    return render(request, "security/locks.html", {"rows": selectors.login_locks()})


@login_required
@require_POST
def login_lock_release(request, pk):
    require_can_release_locks(user=request.user)
    attempt = get_object_or_404(AccessAttempt, pk=pk)
    services.login_lock_release(actor=request.user, attempt=attempt)
    messages.success(request, f"已解除 {attempt.username} 在 {attempt.ip_address} 的登录锁定。")
    return redirect("security:locks")
