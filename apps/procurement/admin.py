from django.contrib import admin

from .models import (
    Award,
    Bid,
    BudgetLine,
    Contract,
    EvaluatorContract,
    LatenessDecision,
    PilotRound,
    ProcurementUnit,
    ProjectYear,
    Tender,
)


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


class BidInline(admin.TabularInline):
    model = Bid
    extra = 0


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["unit", "announced_on", "status"]
    inlines = [BidInline]


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    list_display = ["tender", "agency", "awarded_on", "contract"]


@admin.register(LatenessDecision)
class LatenessDecisionAdmin(admin.ModelAdmin):
    list_display = ["contract", "days_late", "proposed_level", "terminate", "bad_record"]


@admin.register(EvaluatorContract)
class EvaluatorContractAdmin(admin.ModelAdmin):
    list_display = ["number", "evaluator", "amount", "start_date", "end_date"]
