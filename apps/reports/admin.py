from django.contrib import admin

from .models import Report, ReportDownload


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only: reports are made by the render task and downloaded through the gate."""

    list_display = ["created_at", "kind", "title", "version", "status", "pages", "sha256"]
    list_filter = ["kind", "status"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReportDownload)
class ReportDownloadAdmin(admin.ModelAdmin):
    list_display = ["downloaded_at", "report", "user"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
