from django.contrib import admin

from .models import CatalogueRule, Category, IndicatorRule, Item, SubItem


class SubItemInline(admin.TabularInline):
    model = SubItem
    extra = 0


class CatalogueRuleInline(admin.TabularInline):
    model = CatalogueRule
    extra = 0
    fk_name = "item"
    fields = ["code", "kind", "sub_item", "params", "clause", "source_text", "pilot_round"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "pilot_round", "order"]
    list_filter = ["pilot_round"]


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "category", "remark"]
    list_filter = ["category__pilot_round", "category"]
    search_fields = ["code", "name"]
    inlines = [SubItemInline, CatalogueRuleInline]


@admin.register(SubItem)
class SubItemAdmin(admin.ModelAdmin):
    list_display = ["code", "text", "item"]
    list_filter = ["item__category"]
    search_fields = ["code", "text"]


@admin.register(CatalogueRule)
class CatalogueRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "kind", "item", "sub_item", "clause"]
    list_filter = ["pilot_round", "kind"]


@admin.register(IndicatorRule)
class IndicatorRuleAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "effective_from", "name", "threshold_text", "clause"]
    list_filter = ["pilot_round", "level"]

    def get_readonly_fields(self, request, obj=None):
        # A rule in use is changed by adding a new version, never by rewriting the old one.
        return ["pilot_round", "code", "version"] if obj else []
