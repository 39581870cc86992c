"""Writes to the catalogue: loading Annex 1 and the rules of a round from fixture data."""

from datetime import date

from django.db import transaction

from apps.core.seeding import seed_upsert

from .models import CatalogueRule, Category, IndicatorRule, Item, SubItem


@transaction.atomic
def catalogue_load(*, pilot_round, catalogue: dict, overwrite: bool = False) -> dict:
    """Load Annex 1 (categories → items → sub-items) for ``pilot_round``; idempotent."""
    counts = {"categories": 0, "items": 0, "sub_items": 0}
    for cat in catalogue["categories"]:
        category = seed_upsert(
            Category,
            lookup={"pilot_round": pilot_round, "code": cat["code"]},
            values={
                "order": cat["order"],
                "name": cat["name"],
                "table_title": cat["table_title"],
                "purpose": cat.get("purpose", ""),
                "partner_duties_heading": cat["partner_duties_heading"],
            },
            overwrite=overwrite,
        )
        counts["categories"] += 1
        for it in cat["items"]:
            item = seed_upsert(
                Item,
                lookup={"category": category, "code": it["code"]},
                values={
                    "number": it["number"],
                    "name": it["name"],
                    "general_requirement": it["general_requirement"],
                    "duties_preamble": it.get("duties_preamble", ""),
                    "partner_duties": it.get("partner_duties", []),
                    "remark": it.get("remark", ""),
                },
                overwrite=overwrite,
            )
            counts["items"] += 1
            for sub in it["sub_items"]:
                seed_upsert(
                    SubItem,
                    lookup={"item": item, "code": sub["code"]},
                    values={
                        "number": sub["number"],
                        "numbered": sub.get("numbered", True),
                        "text": sub["text"],
                    },
                    overwrite=overwrite,
                )
                counts["sub_items"] += 1
    return counts


@transaction.atomic
def catalogue_rules_load(*, pilot_round, rules: list[dict], overwrite: bool = False) -> int:
    """Load the structured remarks of Annex 1 (mandatory items, minimums, quotas, exclusions)."""
    items = {i.code: i for i in Item.objects.filter(category__pilot_round=pilot_round)}
    subs = {s.code: s for s in SubItem.objects.filter(item__category__pilot_round=pilot_round)}
    for rule in rules:
        seed_upsert(
            CatalogueRule,
            lookup={"pilot_round": pilot_round, "code": rule["code"]},
            values={
                "kind": rule["kind"],
                "item": items[rule["item"]],
                "sub_item": subs[rule["sub_item"]] if rule.get("sub_item") else None,
                "params": rule.get("params", {}),
                "clause": rule["clause"],
                "source_text": rule["source_text"],
            },
            overwrite=overwrite,
        )
    return len(rules)


@transaction.atomic
def indicator_rules_load(*, pilot_round, rules: list[dict], overwrite: bool = False) -> int:
    """Load the completion indicators (§三(二)/(三)) with clause, thresholds and period."""
    for rule in rules:
        seed_upsert(
            IndicatorRule,
            lookup={"pilot_round": pilot_round, "code": rule["code"], "version": rule["version"]},
            values={
                "effective_from": date.fromisoformat(rule["effective_from"]),
                "order": rule["order"],
                "name": rule["name"],
                "level": rule["level"],
                "period": rule["period"],
                "thresholds": rule["thresholds"],
                "threshold_text": rule["threshold_text"],
                "clause": rule["clause"],
                "clause_text": rule["clause_text"],
                "notes": rule.get("notes", ""),
                "counted_when": rule.get("counted_when", []),
            },
            overwrite=overwrite,
        )
    return len(rules)
