from django.contrib import admin

from .models import MetricRun, Snapshot


@admin.register(MetricRun)
class MetricRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "trigger", "contract", "as_of", "snapshot_count", "finished_at"]
    list_filter = ["trigger"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    list_display = ["rule_code", "contract", "community", "project_year", "value", "met"]
    list_filter = ["rule_code", "met", "is_current"]
