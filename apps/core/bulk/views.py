"""The pages of every bulk-entry kind: upload, template, preview, confirm.

The kind (``/bulk/<kind>/…``) decides who may import into what (``targets_for``, built on the
owning app's permissions): nobody with no target gets 403; a preview is its uploader's only
(anybody else's is 404, like an import that does not exist).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from ..forms import PortalForm
from ..models import BulkImport, ImportStatus
from ..permissions import bulk_get_for_user_or_404
from ..upload_pages import confirm_view, upload_page
from . import services
from .kinds import BulkKind, get_kind
from .problems import split_problems
from .sheet import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT = 10


class BulkUploadForm(PortalForm):
    target = forms.ModelChoiceField(label="合同", queryset=None, empty_label=None)
    file = forms.FileField(
        label="文件(.xlsx 或 .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, kind: BulkKind, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = targets
        self.fields["target"].label = kind.target_noun
        self.fields["target"].label_from_instance = kind.target_label


def _kind_and_targets(request, slug: str):
    kind = get_kind(slug)
    targets = kind.targets_for(user=request.user)
    if not targets.exists():
        raise PermissionDenied(f"只有可录入{kind.title}的承接机构工作人员可以批量导入。")
    return kind, targets


@login_required
def bulk_upload(request, kind):
    kind, targets = _kind_and_targets(request, kind)
    form = BulkUploadForm(request.POST or None, request.FILES or None, kind=kind, targets=targets)

    def page(status):
        recent = BulkImport.objects.filter(uploaded_by=request.user, kind=kind.slug)[:RECENT]
        return render(
            request,
            "core/bulk_upload.html",
            {"kind": kind, "form": form, "recent": recent, "back_url": _back_url(kind)},
            status=status,
        )

    return upload_page(request, form, services.bulk_upload, "bulk:detail", page, kind=kind)


@login_required
def bulk_template(request, kind):
    kind, _ = _kind_and_targets(request, kind)
    data = template_workbook(
        sheet_title=kind.title[:31],  # Excel's limit on a sheet's name
        columns=[c.template() for c in kind.columns],
        help_lines=kind.help_lines(user=request.user),
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''bulk-{kind.slug}-template.xlsx"
    return response


@login_required
def bulk_detail(request, pk):
    bulk = bulk_get_for_user_or_404(user=request.user, pk=pk)
    kind = get_kind(bulk.kind)
    errors, notices = split_problems(bulk.problems)
    return render(
        request,
        "core/bulk_detail.html",
        {
            "bulk": bulk,
            "kind": kind,
            "errors": errors,
            "notices": notices,
            "can_confirm": bulk.status == ImportStatus.VALIDATED,
            "show_job": bulk.job
            and bulk.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING),
            "back_url": _back_url(kind),
        },
    )


bulk_confirm = confirm_view(bulk_get_for_user_or_404, services.bulk_confirm, "bulk", "bulk:detail")


def _back_url(kind: BulkKind) -> str:
    return reverse(kind.back_url_name) if kind.back_url_name else ""
