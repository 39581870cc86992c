from django.contrib import admin

from .models import AdjustmentStep, ExecutionPlan, PlanAdjustment, PlanVersion, ServiceCommission


@admin.register(ServiceCommission)
class ServiceCommissionAdmin(admin.ModelAdmin):
    list_display = ["contract", "organization", "term_start", "term_end", "signed_on"]


class PlanVersionInline(admin.TabularInline):
    model = PlanVersion
    extra = 0
    fields = ["number", "note", "created_at"]
    readonly_fields = ["number", "note", "created_at"]


@admin.register(ExecutionPlan)
class ExecutionPlanAdmin(admin.ModelAdmin):
    list_display = ["contract", "created_at"]
    inlines = [PlanVersionInline]


class AdjustmentStepInline(admin.TabularInline):
    model = AdjustmentStep
    extra = 0
    readonly_fields = ["stage", "decision", "reason", "actor", "at"]


@admin.register(PlanAdjustment)
class PlanAdjustmentAdmin(admin.ModelAdmin):
    """Read here; decisions go through the portal's workflow, which records each step."""

    list_display = ["__str__", "stage", "filed_at"]
    list_filter = ["stage"]
    inlines = [AdjustmentStepInline]
