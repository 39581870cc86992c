"""Computation functions of the round's rules, one per code (registered on import).

Each reads its thresholds from the rule version in force and what counts from the rule's
``counted_when`` (apps/metrics/counting.py). Definitions the plan leaves open are decided
here and written next to the function; the rules page shows the rule's own notes.

- A "served unit" (S1) is a client, or a household for a household case: a person on a
  case and a household case count separately.
- A distressed-group category served (S3) is a Table 1 item (A1-T1-*) whose sub-item a
  counted case works on.
- S4 compares the people of counted cases (clients; the members of a served household)
  with the street's and its communities' imported lists.
- Street-level trainings (S5) count for the contract whatever community they name.
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal

from django.db.models import Q

from apps.cases.models import Case, Client, ImportStatus, TargetListEntry
from apps.catalogue.models import (
    BASIC_GROUPS_CATEGORY,
    CatalogueRule,
    CatalogueRuleKind,
    Item,
)
from apps.community.models import (
    GovernanceProject,
    HouseholdArchive,
    Incubation,
    ResearchStudy,
    Resource,
    ResourceChange,
    TrainingSession,
)
from apps.volunteers.models import TeamMembership, VolunteerTeam

from .counting import evaluate
from .engine import Outcome, Scope, indicator, share

DISTRESSED_CATEGORY = BASIC_GROUPS_CATEGORY


def _dec(x) -> Decimal:
    return Decimal(str(x))


def _until(scope: Scope):
    """The last day a record may carry to count: the period's end, or the as-of date."""
    return min(scope.period_bounds[1], scope.as_of)


# --- S1–S4: cases of the street's contract --------------------------------------------------


def _case_candidates(scope: Scope):
    start, _ = scope.period_bounds
    return (
        Case.objects.filter(contract=scope.contract, opened_on__lte=_until(scope))
        .exclude(closed_on__lt=start)
        .order_by("pk")
    )


def _cases(scope: Scope) -> _Cases:
    """The counted cases of the scope, shared by S1–S4 when their counting rules agree."""
    key = ("cases", json.dumps(scope.rule.counted_when, sort_keys=True))
    return scope.cached(key, lambda: _Cases(scope))


class _Cases:
    """The counted cases of a scope and what S1–S4 read from them."""

    def __init__(self, scope: Scope):
        candidates = _case_candidates(scope)
        self.result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
        self.cases = list(
            Case.objects.filter(pk__in=self.result.counted)
            .only("pk", "kind", "client_id", "household_id", "assigned_worker_id")
            .order_by("pk")
        )

    @staticmethod
    def unit(case) -> tuple[str, int]:
        return ("client", case.client_id) if case.client_id else ("household", case.household_id)

    def units(self, cases=None) -> set[tuple[str, int]]:
        return {self.unit(c) for c in (self.cases if cases is None else cases)}

    @staticmethod
    def unit_ids(units) -> dict[str, list[int]]:
        ids = {
            "cases.client": sorted(i for kind, i in units if kind == "client"),
            "cases.household": sorted(i for kind, i in units if kind == "household"),
        }
        return {k: v for k, v in ids.items() if v}

    @property
    def excluded(self) -> dict:
        return {"cases.case": self.result.excluded} if self.result.excluded else {}

    def people(self) -> set[int]:
        """Clients of counted cases, and the members of counted household cases."""
        clients = {c.client_id for c in self.cases if c.client_id}
        households = {c.household_id for c in self.cases if c.household_id}
        if households:
            clients |= set(
                Client.objects.current()
                .filter(household__in=households)
                .values_list("pk", flat=True)
            )
        return clients


@indicator("S1")
def people_served(scope: Scope) -> Outcome:
    """§三(二): people (or families) served, ≥ 40."""
    cases = _cases(scope)
    units = cases.units()
    by_worker = Counter()
    seen = set()
    for case in cases.cases:
        key = (case.assigned_worker_id, cases.unit(case))
        if key not in seen:
            seen.add(key)
            by_worker[str(case.assigned_worker_id)] += 1
    minimum = int(scope.rule.thresholds["min_count"])
    return Outcome(
        value=Decimal(len(units)),
        met=len(units) >= minimum,
        values={
            "units": len(units),
            "clients": sum(1 for k, _ in units if k == "client"),
            "households": sum(1 for k, _ in units if k == "household"),
            "cases": len(cases.cases),
            "by_worker": dict(sorted(by_worker.items())),
        },
        record_ids=cases.unit_ids(units),
        excluded=cases.excluded,
        quota=_dec(minimum),
    )


@indicator("S2")
def case_work_share(scope: Scope) -> Outcome:
    """§三(二): of those served, individual cases or case management ≥ 50 %."""
    cases = _cases(scope)
    kinds = set(scope.rule.thresholds.get("case_kinds") or ["individual", "case_management"])
    units = cases.units()
    part = cases.units([c for c in cases.cases if c.kind in kinds])
    value = share(len(part), len(units))
    minimum = _dec(scope.rule.thresholds["min_share"])
    return Outcome(
        value=value,
        met=bool(units) and Decimal(len(part)) >= minimum * len(units),
        values={"part": len(part), "whole": len(units), "case_kinds": sorted(kinds)},
        record_ids=cases.unit_ids(part),
        excluded=cases.excluded,
    )


def _case_categories(scope: Scope) -> dict[int, set[int]]:
    """Case id → the Table 1 items its sub-items belong to, for the whole contract (one query
    per contract instead of the counted ids passed as a long IN list per scope)."""
    key = "case_categories"
    if key not in scope.cache:
        found: dict[int, set[int]] = {}
        through = Case.sub_items.through
        for case_id, item_id in through.objects.filter(
            case__contract=scope.contract,
            subitem__item__category__code=DISTRESSED_CATEGORY,
        ).values_list("case_id", "subitem__item_id"):
            found.setdefault(case_id, set()).add(item_id)
        scope.cache[key] = found
    return scope.cache[key]


@indicator("S3")
def groups_served(scope: Scope) -> Outcome:
    """§三(二): distressed-group categories (Table 1 items) served, ≥ 2."""
    cases = _cases(scope)
    items_of = _case_categories(scope)
    item_ids = sorted({item for c in cases.cases for item in items_of.get(c.pk, ())})
    if "item_codes" not in scope.cache:
        scope.cache["item_codes"] = {
            pk: (number, code)
            for pk, number, code in Item.objects.values_list("pk", "number", "code")
        }
    known = scope.cache["item_codes"]
    codes = [known[pk][1] for pk in sorted(item_ids, key=lambda pk: known[pk][0])]
    minimum = int(scope.rule.thresholds["min_count"])
    return Outcome(
        value=Decimal(len(item_ids)),
        met=len(item_ids) >= minimum,
        values={"categories": codes},
        record_ids={"catalogue.item": item_ids} if item_ids else {},
        excluded=cases.excluded,
    )


@indicator("S4")
def from_the_lists(scope: Scope) -> Outcome:
    """§三(二): share of the people served who come from the street's/communities' lists."""
    cases = _cases(scope)
    people = cases.people()
    street = scope.contract.unit.street_id
    communities = [c.pk for c in scope.contract.communities.all()]
    listed = set(
        TargetListEntry.objects.filter(client__in=people, list_import__status=ImportStatus.IMPORTED)
        .filter(Q(street=street) | Q(community__in=communities))
        .values_list("client_id", flat=True)
    )
    minimum = _dec(scope.rule.thresholds["min_share"])
    excluded = dict(cases.excluded)
    not_listed = sorted(people - listed)
    if not_listed:
        excluded["cases.client"] = {
            str(pk): ["不在街道(镇)或社区(村)提供的服务对象名单中"] for pk in not_listed
        }
    return Outcome(
        value=share(len(listed), len(people)),
        met=bool(people) and Decimal(len(listed)) >= minimum * len(people),
        values={"part": len(listed), "whole": len(people)},
        record_ids={"cases.client": sorted(listed)} if listed else {},
        excluded=excluded,
    )


# --- S5: trainings for community workers ----------------------------------------------------


@indicator("S5")
def trainings(scope: Scope) -> Outcome:
    """§三(二): practice training for community workers, ≥ 4 sessions and ≥ 16 hours a year."""
    candidates = TrainingSession.objects.filter(
        contract=scope.contract, project_year=scope.project_year, held_on__lte=scope.as_of
    )
    result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
    hours = sum(
        (
            h
            for h in TrainingSession.objects.filter(pk__in=result.counted).values_list(
                "hours", flat=True
            )
        ),
        Decimal(0),
    )
    sessions = len(result.counted)
    t = scope.rule.thresholds
    min_sessions, min_hours = int(t["min_sessions"]), _dec(t["min_hours"])
    return Outcome(
        value=Decimal(sessions),
        met=sessions >= min_sessions and hours >= min_hours,
        values={
            "sessions": sessions,
            "hours": str(hours),
            "sessions_met": sessions >= min_sessions,
            "hours_met": hours >= min_hours,
        },
        record_ids={"community.trainingsession": result.counted} if result.counted else {},
        excluded={"community.trainingsession": result.excluded} if result.excluded else {},
        quota=Decimal(min_sessions),
    )


# --- C1–C7: each pilot community, each year -------------------------------------------------


def _community_records(model, scope: Scope, **extra):
    return model.objects.filter(
        contract=scope.contract, community=scope.community, project_year=scope.project_year, **extra
    )


def _label(model) -> str:
    return model._meta.label_lower


def _split(model, result) -> tuple[dict, dict]:
    label = _label(model)
    counted = {label: result.counted} if result.counted else {}
    excluded = {label: result.excluded} if result.excluded else {}
    return counted, excluded


@indicator("C1")
def needs_archives(scope: Scope) -> Outcome:
    """§三(二)1: ≥ 150 household needs archives a year, in principle ≥ 70 % distressed families."""
    candidates = _community_records(HouseholdArchive, scope, recorded_on__lte=scope.as_of)
    result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
    rows = list(
        HouseholdArchive.objects.filter(pk__in=result.counted).values_list(
            "is_distressed", "worker_id"
        )
    )
    count = len(rows)
    distressed = sum(1 for d, _ in rows if d)
    t = scope.rule.thresholds
    min_count, min_share = int(t["min_count"]), _dec(t["min_share_distressed"])
    share_met = count > 0 and Decimal(distressed) >= min_share * count
    in_principle = bool(t.get("share_in_principle"))
    by_worker = Counter(str(w) for _, w in rows if w)
    counted, excluded = _split(HouseholdArchive, result)
    return Outcome(
        value=Decimal(count),
        met=count >= min_count and (share_met or in_principle),
        values={
            "count": count,
            "distressed": distressed,
            "distressed_share": str(share(distressed, count)),
            "share_met": share_met,
            "share_in_principle": in_principle,
            "by_worker": dict(sorted(by_worker.items())),
        },
        record_ids=counted,
        excluded=excluded,
        quota=Decimal(min_count),
    )


@indicator("C2")
def resource_library(scope: Scope) -> Outcome:
    """§三(二)1: a resource library and map for the community, updated in the year."""
    candidates = Resource.objects.filter(contract=scope.contract, community=scope.community)
    result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
    start, _ = scope.period_bounds
    changes = list(
        ResourceChange.objects.filter(
            resource__contract=scope.contract,
            resource__community=scope.community,
            changed_on__gte=start,
            changed_on__lte=_until(scope),
        ).values_list("pk", flat=True)
    )
    exists = bool(result.counted)
    needs_update = bool(scope.rule.thresholds.get("updated_in_period", True))
    counted, excluded = _split(Resource, result)
    if changes:
        counted["community.resourcechange"] = sorted(changes)
    return Outcome(
        value=Decimal(len(result.counted)),
        met=exists and (bool(changes) or not needs_update),
        values={"resources": len(result.counted), "changes_in_period": len(changes)},
        record_ids=counted,
        excluded=excluded,
    )


def _count_rule(model, scope: Scope, **extra) -> Outcome:
    candidates = _community_records(model, scope, **extra)
    result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
    minimum = int(scope.rule.thresholds["min_count"])
    counted, excluded = _split(model, result)
    return Outcome(
        value=Decimal(len(result.counted)),
        met=len(result.counted) >= minimum,
        values={"count": len(result.counted)},
        record_ids=counted,
        excluded=excluded,
        quota=Decimal(minimum),
    )


@indicator("C3")
def research(scope: Scope) -> Outcome:
    """§三(二)1: ≥ 1 community social-work research study a year (finished)."""
    return _count_rule(ResearchStudy, scope, item__code=scope.rule.thresholds["item"])


@indicator("C4")
def volunteer_teams(scope: Scope) -> Outcome:
    """§三(二)2: ≥ 2 volunteer teams, ≥ 50 people (each counted once), playing a role.

    Teams persist from year to year: a team counts in a year if founded by its end.
    """
    until = _until(scope)
    candidates = VolunteerTeam.objects.filter(
        contract=scope.contract, community=scope.community, founded_on__lte=until
    )
    result = evaluate(rule=scope.rule, candidates=candidates, scope=scope)
    people = sorted(
        set(
            TeamMembership.objects.filter(
                team__in=result.counted, joined_on__lte=until
            ).values_list("volunteer_id", flat=True)
        )
    )
    t = scope.rule.thresholds
    min_teams, min_people = int(t["min_teams"]), int(t["min_people"])
    counted, excluded = _split(VolunteerTeam, result)
    if people:
        counted["volunteers.volunteer"] = people
    return Outcome(
        value=Decimal(len(people)),
        met=len(result.counted) >= min_teams and len(people) >= min_people,
        values={"teams": len(result.counted), "people": len(people)},
        record_ids=counted,
        excluded=excluded,
        quota=Decimal(min_people),
    )


@indicator("C5")
def environment_projects(scope: Scope) -> Outcome:
    """§三(二)3: ≥ 1 community environment-governance project (A1-T4-1) a year."""
    return _count_rule(GovernanceProject, scope, item__code=scope.rule.thresholds["item"])


@indicator("C6")
def welfare_platforms(scope: Scope) -> Outcome:
    """§三(二)3: ≥ 1 community public-welfare platform (A1-T4-2) a year."""
    return _count_rule(GovernanceProject, scope, item__code=scope.rule.thresholds["item"])


@indicator("C7")
def relationship_networks(scope: Scope) -> Outcome:
    """§三(二)3: ≥ 1 community relationship-network project (A1-T4-3) a year."""
    return _count_rule(GovernanceProject, scope, item__code=scope.rule.thresholds["item"])


# --- the contract's communities and the public-welfare funds --------------------------------


@indicator("COMMUNITIES")
def communities_covered(scope: Scope) -> Outcome:
    """§三(三): the communities the street's contract covers."""
    ids = sorted(c.pk for c in scope.contract.communities.all())
    minimum = scope.rule.thresholds["min_count"]
    return Outcome(
        value=Decimal(len(ids)),
        met=len(ids) >= minimum,
        values={"count": len(ids)},
        record_ids={"orgs.organization": ids},
    )


def _fund_sub_items(pilot_round) -> set[int]:
    rules = CatalogueRule.objects.filter(
        pilot_round=pilot_round, kind=CatalogueRuleKind.QUOTA, sub_item__isnull=False
    )
    return {r.sub_item_id for r in rules if (r.params or {}).get("per") == "fund"}


def _planned_sub_items(contract, community) -> set[int]:
    """Sub-items chosen for ``community`` in the contract's latest execution-plan version."""
    from apps.plans.models import PlanCommunity

    part = (
        PlanCommunity.objects.filter(version__plan__contract=contract, community=community)
        .order_by("-version__number")
        .first()
    )
    return set(part.sub_items.values_list("pk", flat=True)) if part else set()


@indicator("FUND")
def welfare_fund(scope: Scope) -> Outcome:
    """Annex 1 T4-2-1: each community public-welfare fund ≥ 30,000 yuan.

    Applies to a community whose plan chose the fund sub-item or that has a fund recorded.
    The value is the smallest fund of the community (every fund must reach the minimum).
    """
    if "fund_sub_items" not in scope.cache:  # the round's, the same for every scope
        scope.cache["fund_sub_items"] = _fund_sub_items(scope.contract.unit.pilot_round)
    fund_items = scope.cache["fund_sub_items"]
    funds = list(
        GovernanceProject.objects.filter(
            contract=scope.contract, community=scope.community, sub_item__in=fund_items
        ).values_list("pk", "fund_amount")
    )
    planned = bool(fund_items & _planned_sub_items(scope.contract, scope.community))
    minimum = _dec(scope.rule.thresholds["min_amount"])
    if not funds and not planned:
        return Outcome(value=Decimal(0), met=False, applicable=False, values={"funds": 0})
    amounts = [a or Decimal(0) for _, a in funds]
    short = {str(pk): [f"公益金金额不足{minimum:,.0f}元"] for pk, a in funds if (a or 0) < minimum}
    return Outcome(
        value=min(amounts) if amounts else Decimal(0),
        met=bool(funds) and not short,
        values={"funds": len(funds), "planned": planned, "total": str(sum(amounts, Decimal(0)))},
        record_ids={"community.governanceproject": sorted(pk for pk, _ in funds)} if funds else {},
        excluded={"community.governanceproject": short} if short else {},
    )


# --- the catalogue's remarks: mandatory items and minimum sub-items -------------------------

# Where the records of each catalogue item live, and how one falls in a project year.
_ITEM_MODELS = (
    HouseholdArchive,
    ResearchStudy,
    TrainingSession,
    Incubation,
    GovernanceProject,
    VolunteerTeam,
)


def _contract_item_records(scope: Scope) -> list[tuple]:
    """Every (model, community, year, item, sub-item, date) of the contract's catalogue
    records, read once per contract (one query per record type) and shared by every
    community and year of the MANDATORY and MIN_SUB_ITEMS rules."""
    key = "item_records"
    if key not in scope.cache:
        rows = []
        for model in _ITEM_MODELS:
            qs = model.objects.filter(contract=scope.contract)
            if model is VolunteerTeam:
                qs = qs.filter(is_active=True).values_list(
                    "community_id", "item_id", "sub_item_id", "founded_on"
                )
                rows += [(model, c, None, i, s, d) for c, i, s, d in qs.distinct()]
            else:
                qs = qs.values_list("community_id", "project_year_id", "item_id", "sub_item_id")
                rows += [(model, c, y, i, s, None) for c, y, i, s in qs.distinct()]
        changes = ResourceChange.objects.filter(resource__contract=scope.contract).values_list(
            "resource__community_id", "resource__item_id", "resource__sub_item_id", "changed_on"
        )
        rows += [(Resource, c, None, i, s, d) for c, i, s, d in changes.distinct()]
        scope.cache[key] = rows
    return scope.cache[key]


def _implemented(scope: Scope) -> dict[int, set[int | None]]:
    """Catalogue items with records for the community in the year → their sub-item ids.

    Street-level records (no community) count for every community of the contract; a
    resource counts in a year it was created or changed in; a team in a year it exists.
    """

    def compute():
        start, _ = scope.period_bounds
        until = _until(scope)
        community_id = scope.community.pk if scope.community else None
        year_id = scope.project_year.pk if scope.project_year else None
        found: dict[int, set[int | None]] = {}
        for model, c, y, item_id, sub_item_id, on in _contract_item_records(scope):
            if c is not None and c != community_id:
                continue
            if model is VolunteerTeam:
                if on > until:
                    continue
            elif model is Resource:
                if not (start <= on <= until):
                    continue
            elif y != year_id:
                continue
            found.setdefault(item_id, set()).add(sub_item_id)
        return found

    return scope.cached("implemented", compute)


def _catalogue_rules(scope: Scope, kind: str):
    kind = scope.rule.thresholds.get("catalogue_rule_kind", kind)
    key = ("catalogue_rules", kind)
    if key not in scope.cache:  # the same for every community and year of the contract
        scope.cache[key] = list(
            CatalogueRule.objects.filter(pilot_round=scope.contract.unit.pilot_round, kind=kind)
            .select_related("item")
            .order_by("item__category__order", "item__number", "code")
        )
    return scope.cache[key]


@indicator("MANDATORY")
def mandatory_items(scope: Scope) -> Outcome:
    """Annex 1 remarks: every mandatory item (必选大项) has records in the community's year."""
    rows, done, missing = [], [], {}
    for rule in _catalogue_rules(scope, CatalogueRuleKind.MANDATORY):
        implemented = rule.item_id in _implemented(scope)
        rows.append({"item": rule.item.code, "name": rule.item.name, "implemented": implemented})
        if implemented:
            done.append(rule.item_id)
        else:
            missing[str(rule.item_id)] = [f"{rule.item.code} {rule.item.name}:本年度无实施记录"]
    return Outcome(
        value=Decimal(len(done)),
        met=len(done) == len(rows),
        values={"items": rows},
        record_ids={"catalogue.item": sorted(done)} if done else {},
        excluded={"catalogue.item": missing} if missing else {},
    )


@indicator("MIN_SUB_ITEMS")
def minimum_sub_items(scope: Scope) -> Outcome:
    """Annex 1 remarks: items that must implement at least N of their sub-items."""
    rows, sub_item_ids, short = [], set(), {}
    for rule in _catalogue_rules(scope, CatalogueRuleKind.MIN_SUB_ITEMS):
        minimum = int((rule.params or {}).get("min", 1))
        subs = {s for s in _implemented(scope).get(rule.item_id, ()) if s}
        rows.append({"item": rule.item.code, "sub_items": len(subs), "min": minimum})
        sub_item_ids |= subs
        if len(subs) < minimum:
            short[str(rule.item_id)] = [
                f"{rule.item.code} {rule.item.name}:已实施{len(subs)}个细项,要求不少于{minimum}个"
            ]
    met_items = sum(1 for r in rows if r["sub_items"] >= r["min"])
    return Outcome(
        value=Decimal(met_items),
        met=met_items == len(rows),
        values={"items": rows},
        record_ids={"catalogue.subitem": sorted(sub_item_ids)} if sub_item_ids else {},
        excluded={"catalogue.item": short} if short else {},
    )
