"""The Annex 1 lines of this app's record types, and the catalogue reads its forms need.

Thresholds and counting are not here: services read a rule's thresholds with
``apps.catalogue.selectors.rule_thresholds`` and pages read the engine's snapshots.
"""

from apps.catalogue.models import CatalogueRule, CatalogueRuleKind, SubItem

# The catalogue item of each record type (Annex 1 codes).
ARCHIVE_ITEM = "A1-T2-1"
RESOURCE_ITEM = "A1-T2-2"
RESEARCH_ITEM = "A1-T2-3"
INCUBATION_ITEM = "A1-T3-2"
TRAINING_ITEM = "A1-T3-3"
GOVERNANCE_ITEMS = ("A1-T4-1", "A1-T4-2", "A1-T4-3", "A1-T4-4")


def sub_items_of(pilot_round, code: str):
    return SubItem.objects.filter(item__category__pilot_round=pilot_round, item__code=code)


def fund_sub_item_ids(pilot_round) -> set[int]:
    """Sub-items that are a community public-welfare fund (a quota rule “per fund”)."""
    rules = CatalogueRule.objects.filter(
        pilot_round=pilot_round, kind=CatalogueRuleKind.QUOTA, sub_item__isnull=False
    )
    return {r.sub_item_id for r in rules if (r.params or {}).get("per") == "fund"}
