"""Where this app reads round-level numbers and catalogue lines: always from data."""

from datetime import date

from django.core.exceptions import ValidationError

from apps.catalogue.models import CatalogueRule, CatalogueRuleKind, IndicatorRule, Item, SubItem

# The catalogue item of each record type (Annex 1 codes).
ARCHIVE_ITEM = "A1-T2-1"
RESOURCE_ITEM = "A1-T2-2"
RESEARCH_ITEM = "A1-T2-3"
VOLUNTEER_ITEM = "A1-T3-1"
INCUBATION_ITEM = "A1-T3-2"
TRAINING_ITEM = "A1-T3-3"
GOVERNANCE_ITEMS = ("A1-T4-1", "A1-T4-2", "A1-T4-3", "A1-T4-4")
DISTRESSED_CATEGORY = "T1"


def catalogue_item(pilot_round, code: str) -> Item:
    try:
        return Item.objects.get(category__pilot_round=pilot_round, code=code)
    except Item.DoesNotExist as exc:
        raise ValidationError(f"本轮服务清单中没有大项 {code},请先导入附件1清单。") from exc


def sub_items_of(pilot_round, code: str):
    return SubItem.objects.filter(item__category__pilot_round=pilot_round, item__code=code)


def distressed_group_items(pilot_round):
    """The basic groups of Table 1 (A1-T1-*): what makes a family “distressed” for C1."""
    return Item.objects.filter(
        category__pilot_round=pilot_round, category__code=DISTRESSED_CATEGORY
    ).order_by("number")


def rule_thresholds(pilot_round, code: str, on: date) -> dict:
    """The thresholds of indicator rule ``code`` in force on ``on`` (earliest if none yet)."""
    versions = list(IndicatorRule.objects.filter(pilot_round=pilot_round, code=code))
    if not versions:
        raise ValidationError(f"本轮未配置完成指标规则 {code},请联系市民政局。")
    effective = [r for r in versions if r.effective_from <= on]
    if effective:
        rule = max(effective, key=lambda r: (r.effective_from, r.version))
    else:
        rule = min(versions, key=lambda r: (r.effective_from, r.version))
    return rule.thresholds


def fund_sub_item_ids(pilot_round) -> set[int]:
    """Sub-items that are a community public-welfare fund (a quota rule “per fund”)."""
    rules = CatalogueRule.objects.filter(
        pilot_round=pilot_round, kind=CatalogueRuleKind.QUOTA, sub_item__isnull=False
    )
    return {r.sub_item_id for r in rules if (r.params or {}).get("per") == "fund"}
