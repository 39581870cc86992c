"""Plan content built from the seeded catalogue (sub-items looked up by their Annex 1 codes)."""

from apps.catalogue.models import SubItem

# One sub-item for each item the rules require (mandatory items and "at least one sub-item"
# items): the same list the demo's plans use.
from apps.plans.demo import REQUIRED  # noqa: F401  (re-exported to the plan tests)


def sub_ids(pilot_round, codes):
    found = dict(
        SubItem.objects.filter(item__category__pilot_round=pilot_round, code__in=codes).values_list(
            "code", "pk"
        )
    )
    assert set(found) == set(codes), set(codes) - set(found)
    return [found[c] for c in codes]


def content(contract, codes=None, people=40, overrides=None):
    """Every community of the contract gets ``codes`` (default: the required set plus A1-T1-1-1)."""
    codes = codes if codes is not None else [*REQUIRED, "A1-T1-1-1"]
    ids = sub_ids(contract.unit.pilot_round, codes)
    out = {
        str(c.pk): {"sub_items": ids, "people_served": people}
        for c in contract.communities.order_by("pk")
    }
    for cid, value in (overrides or {}).items():
        out[str(cid)] = value
    return out
