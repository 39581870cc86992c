from django.contrib import admin

from .models import BudgetLine, Contract, PilotRound, ProcurementUnit, ProjectYear


class ProjectYearInline(admin.TabularInline):
    model = ProjectYear
    extra = 0


@admin.register(PilotRound)
class PilotRoundAdmin(admin.ModelAdmin):
    list_display = ["name", "document_number", "service_start", "service_end"]
    inlines = [ProjectYearInline]


@admin.register(ProcurementUnit)
class ProcurementUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "street", "annual_amount", "pilot_round"]
    list_filter = ["pilot_round"]


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "fiscal_year", "amount", "clause"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["number", "unit", "agency", "start_date", "end_date", "status"]
    list_filter = ["status"]
    filter_horizontal = ["communities"]
