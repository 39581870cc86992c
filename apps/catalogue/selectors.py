"""Reads for the catalogue pages and API, and the rule version in force."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from apps.core.clock import today
from apps.orgs.models import Organization

from .models import (
    BASIC_GROUPS_CATEGORY,
    CatalogueRule,
    Category,
    IndicatorRule,
    Item,
    SubItem,
)
from .permissions import categories_visible_to, indicator_rules_visible_to


def catalogue_round():
    """The newest round that has a catalogue (the one the catalogue pages show), or None.

    Read through the catalogue's own rows: procurement (rounds, contracts) builds on the
    catalogue's rules, so the catalogue never imports procurement. ``load_pilot_seed`` loads a
    round and its catalogue together, so this is the current round.
    """
    category = (
        Category.objects.select_related("pilot_round__bureau")
        .order_by("-pilot_round__service_start")
        .first()
    )
    return category.pilot_round if category else None


def current_indicator_rule(*, pilot_round, code: str, on: date | None = None) -> IndicatorRule:
    """The version of rule ``code`` in force on ``on`` (default: today)."""
    versions = list(IndicatorRule.objects.filter(pilot_round=pilot_round, code=code))
    return rule_in_force(versions, on or today())


def catalogue_tree(*, user, pilot_round):
    """Categories → items → sub-items and rules, in five queries whatever the size."""
    tree = list(
        categories_visible_to(user=user)
        .filter(pilot_round=pilot_round)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=Item.objects.order_by("number").prefetch_related(
                    Prefetch("sub_items", queryset=SubItem.objects.order_by("number")),
                    Prefetch("rules", queryset=CatalogueRule.objects.order_by("code")),
                ),
            )
        )
        .order_by("order")
    )
    rules = [r for c in tree for item in c.items.all() for r in item.rules.all()]
    codes = {d for r in rules for d in (r.params or {}).get("districts", [])}
    if codes:
        names = dict(Organization.objects.filter(code__in=codes).values_list("code", "name"))
        for r in rules:
            r.area_names = names
    return tree


def catalogue_counts(tree) -> dict:
    """Counts computed from the data (the plan's text says 91 sub-items; the annex lists 90)."""
    items = [i for c in tree for i in c.items.all()]
    return {
        "categories": len(tree),
        "items": len(items),
        "sub_items": sum(len(i.sub_items.all()) for i in items),
    }


def current_indicator_rules(*, user, pilot_round):
    """The latest version of each indicator rule of the round."""
    latest = {}
    for rule in (
        indicator_rules_visible_to(user=user)
        .filter(pilot_round=pilot_round)
        .order_by("order", "code", "-version")
    ):
        latest.setdefault(rule.code, rule)
    return list(latest.values())


def distressed_groups(*, pilot_round):
    """The basic groups of Table 1 (``BASIC_GROUPS_CATEGORY`` items), in the annex's order."""
    return Item.objects.filter(
        category__pilot_round=pilot_round, category__code=BASIC_GROUPS_CATEGORY
    ).order_by("number")


def table1_sub_items(*, pilot_round):
    """The sub-items of Table 1 (what a case is opened for)."""
    return SubItem.objects.filter(
        item__category__pilot_round=pilot_round, item__category__code=BASIC_GROUPS_CATEGORY
    )


def rule_in_force(rules: list[IndicatorRule], on: date) -> IndicatorRule | None:
    """The version effective on ``on`` (the earliest version if none was yet)."""
    effective = [r for r in rules if r.effective_from <= on]
    if effective:
        return max(effective, key=lambda r: (r.effective_from, r.version))
    return min(rules, key=lambda r: (r.effective_from, r.version)) if rules else None


def rule_thresholds(*, pilot_round, code: str, on: date) -> dict:
    """The thresholds of indicator rule ``code`` in force on ``on`` (for a service's check,
    e.g. the fund minimum; numbers shown on pages come from the engine's snapshots)."""
    rule = rule_in_force(list(IndicatorRule.objects.filter(pilot_round=pilot_round, code=code)), on)
    if rule is None:
        raise ValidationError(f"本轮未配置完成指标规则 {code},请联系市民政局。")
    return rule.thresholds
