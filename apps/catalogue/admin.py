from django.contrib import admin

from apps.core.admin import tabular_inline

from . import models

CatalogueRuleInline = tabular_inline(
    models.CatalogueRule,
    fk_name="item",
    fields=["code", "kind", "sub_item", "params", "clause", "source_text", "pilot_round"],
)


@admin.register(models.IndicatorRule)
class IndicatorRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "effective_from", "name", "threshold_text", "clause"]
    list_filter = ["pilot_round", "level"]

    def get_readonly_fields(self, request, obj=None):
        # A rule in use is changed by adding a new version, never by rewriting the old one.
        return ["pilot_round", "code", "version"] if obj else []


admin.site.register(
    models.Category,
    list_display=["code", "name", "pilot_round", "order"],
    list_filter=["pilot_round"],
)
admin.site.register(
    models.Item,
    list_display=["code", "name", "category", "remark"],
    list_filter=["category__pilot_round", "category"],
    search_fields=["code", "name"],
    inlines=[tabular_inline(models.SubItem), CatalogueRuleInline],
)
admin.site.register(
    models.SubItem,
    list_display=["code", "text", "item"],
    list_filter=["item__category"],
    search_fields=["code", "text"],
)
admin.site.register(
    models.CatalogueRule,
    list_display=["code", "kind", "item", "sub_item", "clause"],
    list_filter=["pilot_round", "kind"],
)
