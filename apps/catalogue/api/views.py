from django.db.models import Prefetch
from rest_framework import serializers, viewsets

from ..models import CatalogueRule, Category, IndicatorRule, Item, SubItem
from ..permissions import categories_visible_to, indicator_rules_visible_to


class SubItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubItem
        fields = ["id", "code", "number", "numbered", "text"]


class CatalogueRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueRule
        fields = ["code", "kind", "sub_item", "params", "clause", "source_text"]


class ItemSerializer(serializers.ModelSerializer):
    sub_items = SubItemSerializer(many=True, read_only=True)
    rules = CatalogueRuleSerializer(many=True, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "code",
            "number",
            "name",
            "general_requirement",
            "duties_preamble",
            "sub_items",
            "partner_duties",
            "remark",
            "rules",
        ]


class CategorySerializer(serializers.ModelSerializer):
    items = ItemSerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = ["id", "pilot_round", "code", "order", "name", "table_title", "purpose", "items"]


class IndicatorRuleSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorRule
        fields = [
            "id",
            "pilot_round",
            "code",
            "version",
            "effective_from",
            "name",
            "level",
            "period",
            "thresholds",
            "threshold_text",
            "clause",
            "clause_text",
            "notes",
            "counted_when",
        ]


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Annex 1: categories with their items, sub-items and rules."""

    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return (
            categories_visible_to(user=self.request.user)
            .prefetch_related(
                Prefetch(
                    "items",
                    queryset=Item.objects.prefetch_related("sub_items", "rules"),
                )
            )
            .order_by("pilot_round", "order")
        )


class IndicatorRuleViewSet(viewsets.ReadOnlyModelViewSet):
    """Completion indicators with clause, thresholds, period and version."""

    serializer_class = IndicatorRuleSerializer
    pagination_class = None

    def get_queryset(self):
        return indicator_rules_visible_to(user=self.request.user).order_by(
            "order", "code", "version"
        )
