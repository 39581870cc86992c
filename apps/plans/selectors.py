"""Reads: plan states, a version's checks per community, coordinators of streets and communities."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from apps.accounts.models import Role, RoleMembership
from apps.agencies.rules import Check, RuleBook, coordinator_check

from .checks import community_checks, plan_rules, sub_items_index
from .models import ExecutionPlan, PlanCommunity, PlanVersion


def plan_states(*, contracts) -> dict[int, str]:
    """Contract id → "draft" or "approved" (every community of the current version approved)."""
    plans = ExecutionPlan.objects.filter(contract__in=list(contracts)).prefetch_related(
        Prefetch("versions", queryset=PlanVersion.objects.prefetch_related("communities"))
    )
    out = {}
    for plan in plans:
        versions = sorted(plan.versions.all(), key=lambda v: -v.number)
        if not versions:
            continue
        parts = list(versions[0].communities.all())
        out[plan.contract_id] = "approved" if parts and all(p.approved for p in parts) else "draft"
    return out


def current_version(plan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


@dataclass
class CommunityPart:
    part: PlanCommunity
    items: list  # [(item, [sub_items])]
    result: object


def version_parts(*, version: PlanVersion) -> list[CommunityPart]:
    """Each community of a version: chosen items and sub-items, and the catalogue-rule checks."""
    contract = version.plan.contract
    pilot_round = contract.unit.pilot_round
    rules = plan_rules(pilot_round)
    index = sub_items_index(pilot_round)
    parts = []
    qs = version.communities.select_related("community").prefetch_related("sub_items")
    for pc in qs:
        ids = [s.pk for s in pc.sub_items.all()]
        grouped: dict[int, list] = {}
        for sid in sorted(
            ids, key=lambda i: (index[i].item.category.order, index[i].item.number, index[i].number)
        ):
            grouped.setdefault(index[sid].item_id, []).append(index[sid])
        items = [(subs[0].item, subs) for subs in grouped.values()]
        result = community_checks(
            rules=rules,
            district_code=contract.unit.street.parent.code,
            sub_item_ids=ids,
            sub_items_by_id=index,
        )
        parts.append(CommunityPart(pc, items, result))
    return parts


@dataclass
class CoordinatorRow:
    organization: object
    people: list
    check: Check


def coordinators(*, organizations, pilot_round) -> list[CoordinatorRow]:
    """The 1–2 pilot coordinators of each street/community (§六(二)), with a warning otherwise."""
    # The street first, then its communities.
    organizations = sorted(organizations, key=lambda o: (o.kind != "street", o.code))
    book = RuleBook(pilot_round)
    members = (
        RoleMembership.objects.active()
        .filter(
            organization__in=organizations,
            role__in=[Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR],
        )
        .select_related("user")
    )
    by_org: dict[int, list] = {}
    for m in members:
        by_org.setdefault(m.organization_id, []).append(m.user)
    return [
        CoordinatorRow(
            o, by_org.get(o.pk, []), coordinator_check(count=len(by_org.get(o.pk, [])), book=book)
        )
        for o in organizations
    ]
