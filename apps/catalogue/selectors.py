"""Reads for the catalogue pages and API, and the rule version in force."""

from datetime import date

from django.db.models import Prefetch

from apps.core.clock import today
from apps.orgs.models import Organization

from .models import CatalogueRule, Category, IndicatorRule, Item, SubItem
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
    on = on or today()
    qs = IndicatorRule.objects.filter(pilot_round=pilot_round, code=code)
    rule = qs.filter(effective_from__lte=on).order_by("-effective_from", "-version").first()
    return rule or qs.order_by("effective_from", "version").first()


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
