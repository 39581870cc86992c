from django.contrib import admin

from apps.core.admin import tabular_inline

from . import models

admin.site.register(
    models.PilotRound,
    list_display=["name", "document_number", "service_start", "service_end"],
    inlines=[tabular_inline(models.ProjectYear)],
)
admin.site.register(
    models.ProcurementUnit,
    list_display=["code", "street", "annual_amount", "pilot_round"],
    list_filter=["pilot_round"],
)
admin.site.register(
    models.BudgetLine, list_display=["code", "name", "kind", "fiscal_year", "amount", "clause"]
)
admin.site.register(
    models.Contract,
    list_display=["number", "unit", "agency", "start_date", "end_date", "status"],
    list_filter=["status"],
    filter_horizontal=["communities"],
)
admin.site.register(
    models.Tender,
    list_display=["unit", "announced_on", "status"],
    inlines=[tabular_inline(models.Bid)],
)
admin.site.register(models.Award, list_display=["tender", "agency", "awarded_on", "contract"])
admin.site.register(
    models.LatenessDecision,
    list_display=["contract", "days_late", "proposed_level", "terminate", "bad_record"],
)
admin.site.register(
    models.EvaluatorContract,
    list_display=["number", "evaluator", "amount", "start_date", "end_date"],
)
