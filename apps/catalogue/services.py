"""Writes to the catalogue: loading Annex 1 and the rules of a round from fixture data."""

from datetime import date

from django.db import transaction

from apps.core.fixture_rows import FixtureRows

from .models import CatalogueRule, Category, IndicatorRule, Item, SubItem

CATEGORIES = FixtureRows(
    Category, ("order", "name", "table_title", "partner_duties_heading"), {"purpose": ""}
)
ITEMS = FixtureRows(
    Item,
    ("number", "name", "general_requirement"),
    {"duties_preamble": "", "partner_duties": [], "remark": ""},
)
SUB_ITEMS = FixtureRows(SubItem, ("number", "text"), {"numbered": True})
CATALOGUE_RULES = FixtureRows(CatalogueRule, ("kind", "clause", "source_text"), {"params": {}})
INDICATOR_RULES = FixtureRows(
    IndicatorRule,
    ("order", "name", "level", "period", "thresholds", "threshold_text", "clause", "clause_text"),
    {"notes": "", "counted_when": []},
    {"effective_from": date.fromisoformat},
    keys=("code", "version"),
)


@transaction.atomic
def catalogue_load(*, pilot_round, catalogue: dict, overwrite: bool = False) -> dict:
    """Load Annex 1 (categories → items → sub-items) for ``pilot_round``; idempotent."""
    counts = {"categories": 0, "items": 0, "sub_items": 0}
    for cat in catalogue["categories"]:
        category = CATEGORIES.seed(cat, {"pilot_round": pilot_round}, overwrite=overwrite)
        counts["categories"] += 1
        for it in cat["items"]:
            item = ITEMS.seed(it, {"category": category}, overwrite=overwrite)
            counts["items"] += 1
            for sub in it["sub_items"]:
                SUB_ITEMS.seed(sub, {"item": item}, overwrite=overwrite)
                counts["sub_items"] += 1
    return counts


@transaction.atomic
def catalogue_rules_load(*, pilot_round, rules: list[dict], overwrite: bool = False) -> int:
    """Load the structured remarks of Annex 1 (mandatory items, minimums, quotas, exclusions)."""
    items = {i.code: i for i in Item.objects.filter(category__pilot_round=pilot_round)}
    subs = {s.code: s for s in SubItem.objects.filter(item__category__pilot_round=pilot_round)}
    for rule in rules:
        CATALOGUE_RULES.seed(
            rule,
            {"pilot_round": pilot_round},
            overwrite=overwrite,
            item=items[rule["item"]],
            sub_item=subs[rule["sub_item"]] if rule.get("sub_item") else None,
        )
    return len(rules)


@transaction.atomic
def indicator_rules_load(*, pilot_round, rules: list[dict], overwrite: bool = False) -> int:
    """Load the completion indicators (§三(二)/(三)) with clause, thresholds and period."""
    for rule in rules:
        INDICATOR_RULES.seed(rule, {"pilot_round": pilot_round}, overwrite=overwrite)
    return len(rules)
