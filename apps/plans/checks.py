"""A community's chosen catalogue items against the round's CatalogueRule data (Annex 1 remarks)."""

from __future__ import annotations

from apps.agencies.rules import MET, NOT_MET, Check, CheckResult
from apps.catalogue.models import CatalogueRule, CatalogueRuleKind, SubItem

# Quotas (volunteers per community, fund amounts) are about delivery, checked by the indicators.
PLAN_RULE_KINDS = (
    CatalogueRuleKind.MANDATORY,
    CatalogueRuleKind.MIN_SUB_ITEMS,
    CatalogueRuleKind.EXCLUSION,
)


def plan_rules(pilot_round) -> list[CatalogueRule]:
    return list(
        CatalogueRule.objects.filter(pilot_round=pilot_round, kind__in=PLAN_RULE_KINDS)
        .select_related("item")
        .order_by("code")
    )


def community_checks(
    *, rules: list[CatalogueRule], district_code: str, sub_item_ids, sub_items_by_id
) -> CheckResult:
    """Mandatory items present, minimum sub-items met, excluded items absent in their districts."""
    chosen_by_item: dict[int, int] = {}
    for sid in sub_item_ids:
        item_id = sub_items_by_id[sid].item_id
        chosen_by_item[item_id] = chosen_by_item.get(item_id, 0) + 1
    result = CheckResult()
    for rule in rules:
        n = chosen_by_item.get(rule.item_id, 0)
        name = f"{rule.item.code} {rule.item.name}:{rule.get_kind_display()}"
        if rule.kind == CatalogueRuleKind.MANDATORY:
            status = MET if n >= 1 else NOT_MET
            detail = f"已选{n}个细项"
        elif rule.kind == CatalogueRuleKind.MIN_SUB_ITEMS:
            minimum = rule.params.get("min", 1)
            status = MET if n >= minimum else NOT_MET
            detail = f"已选{n}个细项(要求≥{minimum})"
        else:
            excluded = district_code in rule.params.get("districts", [])
            status = NOT_MET if excluded and n else MET
            detail = "本区已开展相关人群服务,不重复提供" if excluded else "本区可提供"
        result.checks.append(Check(rule.code, name, rule.clause, rule.source_text, status, detail))
    return result


def sub_items_index(pilot_round) -> dict[int, SubItem]:
    return {
        s.pk: s
        for s in SubItem.objects.filter(item__category__pilot_round=pilot_round).select_related(
            "item", "item__category"
        )
    }
