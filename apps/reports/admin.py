from django.contrib import admin

from apps.core.admin import ReadOnlyAdmin

from .models import Report, ReportDownload


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are made by the render task and downloaded through the gate; staff may delete one."""

    list_display = ["created_at", "kind", "title", "version", "status", "pages", "sha256"]
    list_filter = ["kind", "status"]
    exclude = ["file"]
    deletable = True


admin.site.register(ReportDownload, ReadOnlyAdmin, list_display=["downloaded_at", "report", "user"])
