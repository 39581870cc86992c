from django.contrib import admin

from apps.core.admin import tabular_inline

from .models import AdjustmentStep, ExecutionPlan, PlanAdjustment, PlanVersion, ServiceCommission

admin.site.register(
    ServiceCommission,
    list_display=["contract", "organization", "term_start", "term_end", "signed_on"],
)
admin.site.register(
    ExecutionPlan,
    list_display=["contract", "created_at"],
    inlines=[
        tabular_inline(
            PlanVersion,
            fields=["number", "note", "created_at"],
            readonly_fields=["number", "note", "created_at"],
        )
    ],
)


@admin.register(PlanAdjustment)
class PlanAdjustmentAdmin(admin.ModelAdmin):
    """Read here; decisions go through the portal's workflow, which records each step."""

    list_display = ["__str__", "stage", "filed_at"]
    list_filter = ["stage"]
    inlines = [
        tabular_inline(
            AdjustmentStep, readonly_fields=["stage", "decision", "reason", "actor", "at"]
        )
    ]
