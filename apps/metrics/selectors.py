"""Reads for dashboards: from snapshots only, never from raw rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps as django_apps

from apps.catalogue.models import IndicatorRule
from apps.procurement.permissions import contracts_visible_to

from .permissions import snapshots_visible_to

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
STATUS_LABEL = {GREEN: "达标", AMBER: "未达标,进度正常", RED: "未达标", GREY: "不适用"}


@dataclass
class Cell:
    code: str
    snapshots: list = field(default_factory=list)

    @property
    def applicable(self) -> list:
        return [s for s in self.snapshots if s.applicable]

    @property
    def met(self) -> int:
        return sum(1 for s in self.applicable if s.met)

    @property
    def total(self) -> int:
        return len(self.applicable)

    @property
    def status(self) -> str:
        if not self.applicable:
            return GREY
        if self.met == self.total:
            return GREEN
        behind = [s for s in self.applicable if not s.met]
        # Not yet met but on pace for the year → amber; missed or heading to miss → red.
        if all(s.projected is not None and not s.will_miss for s in behind):
            return AMBER
        return RED

    @property
    def label(self) -> str:
        return STATUS_LABEL[self.status]

    @property
    def first(self):
        """The snapshot a click opens: the first one not met (what needs looking at)."""
        behind = [s for s in self.applicable if not s.met]
        return (behind or self.applicable or self.snapshots or [None])[0]


def latest_period_snapshots(snapshots, year: int | None = None):
    """Per (contract, code), keep the project year asked for, else the latest one computed
    (rules without a year: the whole term)."""
    by_key = defaultdict(list)
    for s in snapshots:
        by_key[(s.contract_id, s.rule_code)].append(s)
    kept = []
    for rows in by_key.values():
        yearly = [s for s in rows if s.project_year_id]
        if yearly:
            numbers = {s.project_year.number for s in yearly}
            last = year if year in numbers else max(numbers)
            kept.extend(s for s in yearly if s.project_year.number == last)
        else:
            kept.extend(rows)
    return kept


def dashboard(*, user, pilot_round, year: int | None = None) -> dict:
    """Units (rows) × indicators (columns), each cell a traffic light from snapshots.

    City-wide people see all units of the round, a unit without a contract as "未签约";
    everybody else the units of the contracts they see.
    """
    from apps.accounts.gates import scope_for

    contracts = list(
        contracts_visible_to(user=user)
        .filter(unit__pilot_round=pilot_round)
        .select_related("unit__street__parent", "agency")
        .order_by("unit_id", "pk")
    )
    by_unit = defaultdict(list)
    for c in contracts:
        by_unit[c.unit_id].append(c)
    if scope_for(user).city_wide:
        units = list(pilot_round.units.select_related("street__parent").order_by("pk"))
    else:
        units = sorted({c.unit for c in contracts}, key=lambda u: u.pk)
    snapshots = list(
        snapshots_visible_to(user=user)
        .current()
        .filter(contract__unit__pilot_round=pilot_round)
        .select_related("project_year")
    )
    rules = {
        r.code: r for r in IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("version")
    }
    codes = sorted(rules, key=lambda code: (rules[code].order, code))
    cells = defaultdict(dict)
    years = sorted({s.project_year.number for s in snapshots if s.project_year_id})
    year = year if year in years else (years[-1] if years else None)
    for s in latest_period_snapshots(snapshots, year):
        cells[s.contract_id].setdefault(s.rule_code, Cell(s.rule_code)).snapshots.append(s)
    rows = []
    for unit in units:
        for contract in by_unit.get(unit.pk) or [None]:
            rows.append(
                {
                    "unit": unit,
                    "contract": contract,
                    "cells": [cells[contract.pk].get(code) for code in codes] if contract else [],
                }
            )
    computed_at = max((s.computed_at for s in snapshots), default=None)
    columns = [rules[code] for code in codes]
    return {
        "codes": codes,
        "columns": columns,
        "rows": rows,
        "computed_at": computed_at,
        "trend": year_trend(snapshots),
        "years": years,
        "year": year,
    }


def year_trend(snapshots) -> list[dict]:
    """Indicators met per project year: the share of applicable yearly snapshots met.

    Read from the current snapshots of each year, so it compares year with year (and the
    year under way with the last); the history of one number is on its snapshot page.
    """
    by_year = defaultdict(lambda: [0, 0])
    for s in snapshots:
        if s.project_year_id and s.applicable:
            row = by_year[s.project_year.number]
            row[1] += 1
            row[0] += 1 if s.met else 0
    return [
        {"year": n, "met": met, "total": total, "percent": round(met * 100 / total, 1)}
        for n, (met, total) in sorted(by_year.items())
    ]


def budget(*, user, pilot_round, rows) -> dict:
    """Per unit: the amount a year and over the term; the round's budget lines and totals.

    Payments are made on the evaluation (§六): none is recorded in the portal yet.
    """
    from apps.procurement.models import round_budget_totals

    years = pilot_round.years.count()
    lines = []
    for row in rows:
        annual = row["contract"].annual_amount if row["contract"] else row["unit"].annual_amount
        lines.append(
            {
                "unit": row["unit"],
                "contract": row["contract"],
                "annual": annual,
                "term": annual * years,
            }
        )
    return {"years": years, "lines": lines, "totals": round_budget_totals(pilot_round)}


def community_matrix(*, snapshots, communities) -> dict:
    """Community-level indicators of one contract: communities × rules, latest project year."""
    yearly = [s for s in snapshots if s.community_id and s.project_year_id]
    if not yearly:
        return {"year": None, "codes": [], "rows": []}
    year = max(s.project_year.number for s in yearly)
    cells = defaultdict(dict)
    codes = []
    for s in yearly:
        if s.project_year.number != year:
            continue
        if s.rule_code not in codes:
            codes.append(s.rule_code)
        cells[s.community_id][s.rule_code] = s
    return {
        "year": year,
        "codes": codes,
        "rows": [
            {"community": c, "cells": [cells[c.pk].get(code) for code in codes]}
            for c in communities
        ],
    }


def worker_table(*, snapshots) -> list[dict]:
    """Per social worker: people served (S1) and archives (C1) counted, in the latest project
    year with counted work."""
    from apps.accounts.models import User

    yearly = [
        s
        for s in snapshots
        if s.project_year_id and s.rule_code in ("S1", "C1") and s.values.get("by_worker")
    ]
    if not yearly:
        return []
    year = max(s.project_year.number for s in yearly)  # the latest year with counted work
    totals = defaultdict(lambda: {"S1": 0, "C1": 0})
    for s in yearly:
        if s.project_year.number == year:
            for worker_id, n in (s.values.get("by_worker") or {}).items():
                totals[int(worker_id)][s.rule_code] += int(n)
    names = {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=list(totals))}
    return [
        {"worker": names.get(pk, f"#{pk}"), "year": year, **counts}
        for pk, counts in sorted(totals.items(), key=lambda kv: names.get(kv[0], ""))
    ]


def contract_snapshots(*, user, contract):
    """All current snapshots of one contract, by rule order, community, year."""
    return list(
        snapshots_visible_to(user=user)
        .current()
        .filter(contract=contract)
        .order_by("rule__order", "project_year__number", "community__code")
    )


def snapshot_records(*, snapshot) -> list[dict]:
    """The records a snapshot counted, model by model (what every number links to)."""
    groups = []
    for label, ids in sorted(snapshot.record_ids.items()):
        model = django_apps.get_model(label)
        objects = model.objects.filter(pk__in=ids).order_by("pk")
        groups.append(
            {
                "label": model._meta.verbose_name,
                "rows": [{"pk": o.pk, "text": str(o), "url": _url(o)} for o in objects],
            }
        )
    return groups


def _url(obj) -> str:
    get = getattr(obj, "get_absolute_url", None)
    return get() if callable(get) else ""
