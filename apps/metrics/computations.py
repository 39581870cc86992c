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

How the records are read (issue 15, city scale): each record type is read once per contract
computation, only the columns the rules need, in one query (``Scope.shared``); each scope then
picks its community's and year's rows in memory. Round-level data (catalogue rules, items) is
read once per run (``Scope.round_shared``). The numbers are the same as filtering record by
record in the database: the filters below are the same conditions, written in Python.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from apps.cases.models import Case, Client, ImportStatus, TargetListEntry
from apps.catalogue.models import (
    BASIC_GROUPS_CATEGORY,
    CatalogueRule,
    CatalogueRuleKind,
    Item,
    SubItem,
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


class _CaseRow(NamedTuple):
    pk: int
    kind: str
    client_id: int | None
    household_id: int | None
    assigned_worker_id: int
    opened_on: date
    closed_on: date | None


def _read_cases(contract_ids) -> dict[int, dict[int, _CaseRow]]:
    found: dict[int, dict[int, _CaseRow]] = {}
    rows = Case.objects.filter(contract__in=contract_ids).order_by("pk")
    for contract_id, *row in rows.values_list("contract_id", *_CaseRow._fields):
        found.setdefault(contract_id, {})[row[0]] = _CaseRow(*row)
    return found


def _contract_cases(scope: Scope) -> dict[int, _CaseRow]:
    """Every case of the contract (the columns S1–S4 read), by id."""
    return scope.batched("case_rows", _read_cases, dict)


def _case_candidates(scope: Scope) -> list[int]:
    """Cases open at some time in the scope's period (opened by its last day, not closed
    before its first)."""
    start, _ = scope.period_bounds
    until = _until(scope)
    return [
        c.pk
        for c in _contract_cases(scope).values()
        if c.opened_on <= until and not (c.closed_on is not None and c.closed_on < start)
    ]


def _cases(scope: Scope) -> _Cases:
    """The counted cases of the scope, shared by S1–S4 when their counting rules agree."""
    key = ("cases", json.dumps(scope.rule.counted_when, sort_keys=True))
    return scope.cached(key, lambda: _Cases(scope))


class _Cases:
    """The counted cases of a scope and what S1–S4 read from them."""

    def __init__(self, scope: Scope):
        # Never keeps ``scope``: it is cached in the scope's cache, and a reference cycle
        # would keep every row read for the computation alive until the next collection.
        self.result = evaluate(
            rule=scope.rule, model=Case, ids=_case_candidates(scope), scope=scope
        )
        rows = _contract_cases(scope)
        self.cases = [rows[pk] for pk in self.result.counted]
        self.all_units = self.units(self.cases)

    @staticmethod
    def unit(case) -> tuple[str, int]:
        return ("client", case.client_id) if case.client_id else ("household", case.household_id)

    def units(self, cases=None) -> set[tuple[str, int]]:
        if cases is None:
            return self.all_units
        return {
            ("client", c.client_id) if c.client_id else ("household", c.household_id) for c in cases
        }

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

    def people(self, scope: Scope) -> set[int]:
        """Clients of counted cases, and the members of counted household cases."""
        clients = {c.client_id for c in self.cases if c.client_id}
        households = {c.household_id for c in self.cases if c.household_id}
        if households:
            members = _household_members(scope)
            for household in households:
                clients |= members.get(household, set())
        return clients


def _household_members(scope: Scope) -> dict[int, set[int]]:
    """Household → its current members, for every household case of the contract."""

    def read(contract_ids):
        found: dict[int, set[int]] = {}
        cases = Case.objects.filter(contract__in=contract_ids)
        rows = (
            Client.objects.current()
            .filter(household__in=cases.values("household"))
            .order_by()
            .values_list("household_id", "pk")
        )
        for household, pk in rows:
            found.setdefault(household, set()).add(pk)
        return found

    return scope.batch_shared("household_members", read)


@indicator("S1")
def people_served(scope: Scope) -> Outcome:
    """§三(二): people (or families) served, ≥ 40."""
    cases = _cases(scope)
    units = cases.units()
    # Units served per worker (a unit counts once per worker however many of its cases).
    by_worker = Counter(
        str(worker) for worker, _ in {(c.assigned_worker_id, _Cases.unit(c)) for c in cases.cases}
    )
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
    """Case id → the Table 1 items its sub-items belong to, for the whole contract (read with
    the contract, never the counted ids passed as a long IN list per scope)."""

    item_of = scope.round_shared(  # Table 1 sub-item → its item
        "distressed_sub_items",
        lambda: dict(
            SubItem.objects.filter(item__category__code=DISTRESSED_CATEGORY).values_list(
                "pk", "item_id"
            )
        ),
    )

    def read(contract_ids):
        found: dict[int, set[int]] = {}
        through = Case.sub_items.through
        for case_id, sub_item in (
            through.objects.filter(case__contract__in=contract_ids, subitem_id__in=list(item_of))
            .order_by()
            .values_list("case_id", "subitem_id")
        ):
            found.setdefault(case_id, set()).add(item_of[sub_item])
        return found

    return scope.batch_shared("case_categories", read)


@indicator("S3")
def groups_served(scope: Scope) -> Outcome:
    """§三(二): distressed-group categories (Table 1 items) served, ≥ 2."""
    cases = _cases(scope)
    items_of = _case_categories(scope)
    item_ids = sorted({item for c in cases.cases for item in items_of.get(c.pk, ())})
    known = scope.round_shared(
        "item_codes",
        lambda: {
            pk: (number, code)
            for pk, number, code in Item.objects.values_list("pk", "number", "code")
        },
    )
    codes = [known[pk][1] for pk in sorted(item_ids, key=lambda pk: known[pk][0])]
    minimum = int(scope.rule.thresholds["min_count"])
    return Outcome(
        value=Decimal(len(item_ids)),
        met=len(item_ids) >= minimum,
        values={"categories": codes},
        record_ids={"catalogue.item": item_ids} if item_ids else {},
        excluded=cases.excluded,
    )


def _listed_people(scope: Scope) -> set[int]:
    """Of every person the contract's cases could count (their clients, the members of their
    households), those on an imported list of the street or of one of its communities (read
    with subqueries, never the ids as a long IN list)."""

    def read(contract_ids):
        cases = Case.objects.filter(contract__in=contract_ids)
        entries = TargetListEntry.objects.filter(list_import__status=ImportStatus.IMPORTED)
        columns = ("client_id", "street_id", "community_id")
        # Two queries rather than one OR of two subqueries (which the planner cannot serve
        # from the indexes); the members' query only when a household case exists.
        found = set(
            entries.filter(client__in=cases.values("client"))
            .order_by()
            .values_list(*columns)
            .distinct()
        )
        all_cases = scope.batch_shared("case_rows", _read_cases)
        if any(c.household_id for rows in all_cases.values() for c in rows.values()):
            found |= set(
                entries.filter(client__household__in=cases.values("household"))
                .order_by()
                .values_list(*columns)
                .distinct()
            )
        by_place: dict[tuple[str, int], set[int]] = {}
        for client, street, community in found:
            if street is not None:
                by_place.setdefault(("street", street), set()).add(client)
            if community is not None:
                by_place.setdefault(("community", community), set()).add(client)
        return by_place

    def mine():
        by_place = scope.batch_shared("list_entries", read)
        places = [("street", scope.contract.unit.street_id)]
        places += [("community", c.pk) for c in scope.contract.communities.all()]
        return set().union(*(by_place.get(place, ()) for place in places))

    return scope.shared("listed_people", mine)


@indicator("S4")
def from_the_lists(scope: Scope) -> Outcome:
    """§三(二): share of the people served who come from the street's/communities' lists."""
    cases = _cases(scope)
    people = cases.people(scope)
    listed = people & _listed_people(scope)
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
    year_id = scope.project_year.pk if scope.project_year else None
    rows = _records(TrainingSession, scope, "project_year_id", "held_on", "hours")
    candidates = {
        pk: hours for pk, year, held_on, hours in rows if year == year_id and held_on <= scope.as_of
    }
    result = evaluate(rule=scope.rule, model=TrainingSession, ids=candidates, scope=scope)
    hours = sum((candidates[pk] for pk in result.counted), Decimal(0))
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


def _records(model, scope: Scope, *fields: str) -> list[tuple]:
    """(pk, *fields) of every record of ``model`` of the contract: one query per contract
    computation, shared by all its scopes."""

    def read(contract_ids):
        found: dict[int, list[tuple]] = {}
        rows = model._default_manager.filter(contract__in=contract_ids).order_by("pk")
        for contract_id, *row in rows.values_list("contract_id", "pk", *fields):
            found.setdefault(contract_id, []).append(tuple(row))
        return found

    return scope.batched(("records", model._meta.label_lower, fields), read, list)


def _community_records(model, scope: Scope, *fields: str, item: str | None = None) -> dict:
    """The contract's records of ``model`` in the scope's community and project year (and of
    catalogue item ``item``): pk → the other ``fields``."""
    columns = ("community_id", "project_year_id", "item__code", *fields)

    def by_place():
        found: dict[tuple, list[tuple]] = {}
        for pk, community, year, code, *rest in _records(model, scope, *columns):
            found.setdefault((community, year), []).append((pk, code, rest))
        return found

    place = (
        scope.community.pk if scope.community else None,
        scope.project_year.pk if scope.project_year else None,
    )
    rows = scope.shared(("by_place", model._meta.label_lower, columns), by_place).get(place, ())
    return {pk: rest for pk, code, rest in rows if item is None or code == item}


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
    candidates = {
        pk: (distressed, worker)
        for pk, (on, distressed, worker) in _community_records(
            HouseholdArchive, scope, "recorded_on", "is_distressed", "worker_id"
        ).items()
        if on <= scope.as_of
    }
    result = evaluate(rule=scope.rule, model=HouseholdArchive, ids=candidates, scope=scope)
    rows = [candidates[pk] for pk in result.counted]
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
    community_id = scope.community.pk if scope.community else None
    candidates = [pk for pk, c in _records(Resource, scope, "community_id") if c == community_id]
    result = evaluate(rule=scope.rule, model=Resource, ids=candidates, scope=scope)
    start, until = scope.period_bounds[0], _until(scope)
    changes = [
        pk for pk, c, on in _resource_changes(scope) if c == community_id and start <= on <= until
    ]
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


def _resource_changes(scope: Scope) -> list[tuple]:
    """(pk, community, date) of every change of the contract's resources (one query)."""

    def read(contract_ids):
        found: dict[int, list[tuple]] = {}
        rows = ResourceChange.objects.filter(resource__contract__in=contract_ids).order_by("pk")
        for contract_id, *row in rows.values_list(
            "resource__contract_id", "pk", "resource__community_id", "changed_on"
        ):
            found.setdefault(contract_id, []).append(tuple(row))
        return found

    return scope.batched("resource_changes", read, list)


def _count_rule(model, scope: Scope) -> Outcome:
    """At least ``min_count`` records of ``model`` under the rule's catalogue ``item``."""
    candidates = _community_records(model, scope, item=scope.rule.thresholds["item"])
    result = evaluate(rule=scope.rule, model=model, ids=candidates, scope=scope)
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
    return _count_rule(ResearchStudy, scope)


def _team_members(scope: Scope) -> dict[int, list[tuple]]:
    """Team → (volunteer, joined on) of every team of the contract (one query)."""

    def read(contract_ids):
        found: dict[int, list[tuple]] = {}
        rows = (
            TeamMembership.objects.filter(team__contract__in=contract_ids)
            .order_by()
            .values_list("team_id", "volunteer_id", "joined_on")
        )
        for team, volunteer, joined_on in rows:
            found.setdefault(team, []).append((volunteer, joined_on))
        return found

    return scope.batch_shared("team_members", read)


@indicator("C4")
def volunteer_teams(scope: Scope) -> Outcome:
    """§三(二)2: ≥ 2 volunteer teams, ≥ 50 people (each counted once), playing a role.

    Teams persist from year to year: a team counts in a year if founded by its end.
    """
    until = _until(scope)
    community_id = scope.community.pk if scope.community else None
    candidates = [
        pk
        for pk, c, founded_on in _records(VolunteerTeam, scope, "community_id", "founded_on")
        if c == community_id and founded_on <= until
    ]
    result = evaluate(rule=scope.rule, model=VolunteerTeam, ids=candidates, scope=scope)
    members = _team_members(scope)
    people = sorted(
        {
            volunteer
            for team in result.counted
            for volunteer, joined_on in members.get(team, ())
            if joined_on <= until
        }
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
@indicator("C6")
@indicator("C7")
def governance_projects(scope: Scope) -> Outcome:
    """§三(二)3: ≥ 1 community governance project a year of the rule's item: an
    environment-governance project (C5, A1-T4-1), a public-welfare platform (C6, A1-T4-2), a
    relationship-network project (C7, A1-T4-3)."""
    return _count_rule(GovernanceProject, scope)


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


def _planned_sub_items(scope: Scope) -> dict[int, set[int]]:
    """Community → the sub-items chosen for it in the contract's latest execution-plan version
    that has a part for that community (two queries per contract)."""
    from apps.plans.models import PlanCommunity

    def read(contract_ids):
        latest: dict[tuple[int, int], int] = {}
        for pk, contract_id, community in (
            PlanCommunity.objects.filter(version__plan__contract__in=contract_ids)
            .order_by("version__plan__contract_id", "community_id", "-version__number")
            .values_list("pk", "version__plan__contract_id", "community_id")
        ):
            latest.setdefault((contract_id, community), pk)
        chosen: dict[int, dict[int, set[int]]] = {}
        for contract_id, community in latest:
            chosen.setdefault(contract_id, {})[community] = set()
        of_part = {pk: where for where, pk in latest.items()}
        for part, sub_item in (
            PlanCommunity.sub_items.through.objects.filter(plancommunity_id__in=list(of_part))
            .order_by()
            .values_list("plancommunity_id", "subitem_id")
        ):
            contract_id, community = of_part[part]
            chosen[contract_id][community].add(sub_item)
        return chosen

    return scope.batched("planned_sub_items", read, dict)


@indicator("FUND")
def welfare_fund(scope: Scope) -> Outcome:
    """Annex 1 T4-2-1: each community public-welfare fund ≥ 30,000 yuan.

    Applies to a community whose plan chose the fund sub-item or that has a fund recorded.
    The value is the smallest fund of the community (every fund must reach the minimum).
    """
    fund_items = scope.round_shared(
        "fund_sub_items", lambda: _fund_sub_items(scope.contract.unit.pilot_round)
    )
    community_id = scope.community.pk if scope.community else None
    funds = [
        (pk, amount)
        for pk, community, sub_item, amount in _records(
            GovernanceProject, scope, "community_id", "sub_item_id", "fund_amount"
        )
        if community == community_id and sub_item in fund_items
    ]
    planned = bool(fund_items & _planned_sub_items(scope).get(community_id, set()))
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
    records, read once (one query per record type) and shared by every community and year of
    the MANDATORY and MIN_SUB_ITEMS rules."""

    def read(contract_ids):
        found: dict[int, set[tuple]] = {}
        for model in _ITEM_MODELS:
            qs = model.objects.filter(contract__in=contract_ids).order_by()
            if model is VolunteerTeam:
                rows = qs.filter(is_active=True).values_list(
                    "contract_id", "community_id", "item_id", "sub_item_id", "founded_on"
                )
                for contract_id, c, i, s, d in rows.distinct():
                    found.setdefault(contract_id, set()).add((model, c, None, i, s, d))
            else:
                rows = qs.values_list(
                    "contract_id", "community_id", "project_year_id", "item_id", "sub_item_id"
                )
                for contract_id, c, y, i, s in rows.distinct():
                    found.setdefault(contract_id, set()).add((model, c, y, i, s, None))
        changes = ResourceChange.objects.filter(resource__contract__in=contract_ids).order_by()
        for contract_id, c, i, s, d in changes.values_list(
            "resource__contract_id",
            "resource__community_id",
            "resource__item_id",
            "resource__sub_item_id",
            "changed_on",
        ).distinct():
            found.setdefault(contract_id, set()).add((Resource, c, None, i, s, d))
        return {contract_id: list(rows) for contract_id, rows in found.items()}

    return scope.batched("item_records", read, list)


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
    return scope.round_shared(  # the same for every contract, community and year of a run
        ("catalogue_rules", kind),
        lambda: list(
            CatalogueRule.objects.filter(pilot_round=scope.contract.unit.pilot_round, kind=kind)
            .select_related("item")
            .order_by("item__category__order", "item__number", "code")
        ),
    )


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
