from django.contrib import admin

from . import models


@admin.register(
    models.HouseholdArchive,
    models.Resource,
    models.ResearchStudy,
    models.TrainingSession,
    models.Incubation,
    models.GovernanceProject,
)
class CommunityRecordAdmin(admin.ModelAdmin):
    list_display = ["__str__", "contract", "community", "item", "project_year"]
    list_filter = ["project_year"]
    raw_id_fields = ["contract", "community", "item", "sub_item", "created_by"]


@admin.register(models.Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "kind", "organization", "contract"]
    list_filter = ["kind"]


@admin.register(models.QuarterlyReport)
class QuarterlyReportAdmin(admin.ModelAdmin):
    list_display = ["contract", "year", "quarter", "submitted_on"]


@admin.register(models.Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "kind", "contract", "size", "uploaded_at"]
    readonly_fields = ["file", "token", "extension", "size"]
