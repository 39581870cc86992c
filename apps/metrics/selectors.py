"""Reads for dashboards: from snapshots only, never from raw rows."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, partial

from django.apps import apps as django_apps
from django.db import connections
from django.db.models import Count, Max, Q

from apps.catalogue.models import IndicatorRule, RuleLevel
from apps.procurement.models import ProjectYear
from apps.procurement.permissions import contracts_visible_to

from .models import MetricRun
from .permissions import (
    sees_only_own_worker_row,
    sees_whole_round,
    snapshots_visible_to,
    unsigned_units_area,
)
from .rows import in_period
from .rows import rows as snapshot_rows

GREEN, AMBER, RED, GREY = "green", "amber", "red", "grey"
STATUS_LABEL = {GREEN: "达标", AMBER: "未达标,进度正常", RED: "未达标", GREY: "不适用"}


@dataclass
class Cell:
    """One traffic light: the snapshots of one rule in one place (a contract, a community).

    Its figures are worked out once, on first read (a dashboard reads each several times
    while rendering): build the cell completely before reading it.
    """

    code: str
    snapshots: list = field(default_factory=list)

    @cached_property
    def applicable(self) -> list:
        return [s for s in self.snapshots if s.applicable]

    @cached_property
    def met(self) -> int:
        return sum(1 for s in self.applicable if s.met)

    @property
    def total(self) -> int:
        return len(self.applicable)

    @cached_property
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

    @cached_property
    def will_miss(self) -> bool:
        """Some annual quota here is heading to miss at the current pace."""
        return any(s.will_miss and not s.met for s in self.applicable)

    @cached_property
    def computed_at(self):
        return max((s.computed_at for s in self.snapshots), default=None)

    @cached_property
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


def dashboard(
    *, user, pilot_round, year: int | None = None, community_tables: bool = False
) -> dict:
    """Units (rows) × indicators (columns), each cell a traffic light from snapshots.

    City-wide people see all units of the round, a unit without a contract as "未签约";
    district staff and street coordinators the units of their area (未签约 too); everybody
    else the units of the contracts they see. Also returned, from the same
    snapshots: the pace of annual quotas, the community-level indicators of each contract
    per community and the counts per social worker, all for the project year shown.
    A fixed number of queries, whatever the number of units, contracts or snapshots.
    ``community_tables``: every contract's per-community table, however many (the Excel
    export; see ``by_community`` for the page).

    Read for speed at city scale: the years, the year trend and the latest computation time
    come from one aggregate over the snapshots in scope; only the rows of the year shown
    (and of the whole term) are read, as light rows (``rows.py``) without the ids behind
    them, and their rules, contracts, communities and years are shared objects.
    """
    contracts = list(
        contracts_visible_to(user=user)
        .filter(unit__pilot_round=pilot_round)
        .select_related("unit__street__parent", "agency")
        .prefetch_related(None)
        .order_by("unit_id", "pk")
    )
    by_unit = defaultdict(list)
    for c in contracts:
        by_unit[c.unit_id].append(c)
    if sees_whole_round(user=user):
        units = list(pilot_round.units.select_related("street__parent").order_by("pk"))
    else:
        units = {c.unit for c in contracts}
        area = unsigned_units_area(user=user)
        if area is not None:
            # District and street people also see their units still without a contract.
            units |= set(pilot_round.units.filter(street__in=area).select_related("street__parent"))
        units = sorted(units, key=lambda u: u.pk)
    visible = (
        snapshots_visible_to(user=user).current().filter(contract__unit__pilot_round=pilot_round)
    )
    summary = period_summary(visible)
    rule_versions = list(IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("version"))
    rules = {r.code: r for r in rule_versions}
    codes = sorted(rules, key=lambda code: (rules[code].order, code))
    round_years = {y.pk: y for y in ProjectYear.objects.filter(pilot_round=pilot_round)}
    years = summary["years"]
    year = year if year in years else default_year(summary, round_years, pilot_round)
    kept = snapshot_rows(
        in_period(visible, year),
        rules={r.pk: r for r in rule_versions},
        contracts={c.pk: c for c in contracts},
        years=round_years,
    )
    cells = defaultdict(dict)
    for s in kept:
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
    columns = [rules[code] for code in codes]
    community_codes = [code for code in codes if rules[code].level == RuleLevel.COMMUNITY]
    return {
        "codes": codes,
        "rule_names": {code: rules[code].name for code in codes},
        "columns": columns,
        "rows": rows,
        "computed_at": summary["computed_at"],
        "trend": summary["trend"],
        "years": years,
        "year": year,
        "pace": pace_rows(kept),
        **by_community(
            contracts=contracts, snapshots=kept, codes=community_codes, every=community_tables
        ),
        "by_worker": worker_tables(user=user, contracts=contracts, snapshots=kept, rules=rules),
        "project_years": len(round_years),
    }


def period_summary(visible) -> dict:
    """From one aggregate over the current snapshots in scope, grouped by project year:
    the years computed, the indicators met per project year (``trend``: the share of
    applicable yearly snapshots met, so it compares year with year and the year under way
    with the last; how the share moved over time is ``met_history``), the years where
    something was counted, the latest computation."""
    groups = list(
        visible.order_by()
        .values("project_year__number")
        .annotate(
            total=Count("pk", filter=Q(applicable=True)),
            met_count=Count("pk", filter=Q(applicable=True, met=True)),
            counted=Count("pk", filter=~Q(value=0)),
            last=Max("computed_at"),
        )
    )
    yearly = sorted(
        (g for g in groups if g["project_year__number"] is not None),
        key=lambda g: g["project_year__number"],
    )
    return {
        "years": [g["project_year__number"] for g in yearly],
        "with_data": {g["project_year__number"] for g in yearly if g["counted"]},
        "trend": [
            {
                "year": g["project_year__number"],
                "met": g["met_count"],
                "total": g["total"],
                "percent": round(g["met_count"] * 100 / g["total"], 1),
            }
            for g in yearly
            if g["total"]
        ],
        "computed_at": max((g["last"] for g in groups), default=None),
    }


def default_year(summary: dict, round_years: dict, pilot_round) -> int | None:
    """The project year a dashboard opens on (``summary``: ``period_summary``;
    ``round_years``: the round's project years by id).

    The year under way on the engine's latest reference date (the ``as_of`` of the round's
    latest run, today for the nightly run); once the term is over (or before any run), the
    latest year in which something was counted, since a year where every number is still 0
    tells a reader nothing; else the last year.
    """
    years = summary["years"]
    as_of = (
        MetricRun.objects.filter(pilot_round=pilot_round)
        .order_by("-started_at")
        .values_list("as_of", flat=True)
        .first()
    )
    if as_of is not None:
        for py in round_years.values():
            if py.number in years and py.start <= as_of <= py.end:
                return py.number
    if summary["with_data"]:
        return max(summary["with_data"])
    return years[-1] if years else None


# Above this many contracts, a dashboard links to each contract's per-community table instead
# of showing them all (see ``by_community``).
INLINE_COMMUNITY_TABLES = 10


def by_community(*, contracts, snapshots, codes, every: bool = False) -> dict:
    """The dashboard's "按社区" section: per contract, communities × community-level rules.

    Decision: shown in full for up to ``INLINE_COMMUNITY_TABLES`` contracts (an agency's, a
    street's, a district's of the pilot); beyond that (the bureau and the evaluator, a
    city's district) the section lists each contract with a link to its contract page,
    which shows the same table. A city's dashboard would otherwise hold every community of
    the city, nine cells each (9,000 at a thousand communities, megabytes of page), and
    the main matrix already shows, per contract and rule, how many communities met it.
    ``by_community``: the tables shown; ``community_links``: the contracts linked instead;
    ``every``: all the tables whatever their number (the Excel export).
    """
    rows = [
        (c, by_contract)
        for c, by_contract in _per_contract(contracts, snapshots)
        if any(s.community_id and s.project_year_id for s in by_contract)
    ]
    if len(rows) > INLINE_COMMUNITY_TABLES and not every:
        return {"by_community": [], "community_links": [c for c, _ in rows]}
    return {
        "by_community": [
            {"contract": c, **community_matrix(snapshots=by_contract, codes=codes)}
            for c, by_contract in rows
        ],
        "community_links": [],
    }


def _per_contract(contracts, snapshots):
    grouped = defaultdict(list)
    for s in snapshots:
        grouped[s.contract_id].append(s)
    return [(c, grouped[c.pk]) for c in contracts if grouped[c.pk]]


def met_history(*, user, pilot_round, limit: int = 24) -> list[dict]:
    """Indicators met over time, one point per month, rebuilt from snapshot history.

    Definition. A point is the last finished full run (nightly or asked for by the bureau,
    ``MetricRun.contract`` empty) of a calendar month of its ``as_of`` date; the most recent
    ``limit`` months are kept. At a point we take, for every snapshot key (contract ×
    community × project year × rule) in the user's scope, the snapshot that held while that
    run computed: the engine keeps a row while results stay the same (refreshing its
    ``computed_at``) and writes a new row when they change, so the row that held at instant
    T is the first row of the key, in time order, whose ``computed_at`` is at or after T
    (T = the run's start). Counted are the applicable snapshots of the whole term and those
    of the latest project year started by the run's ``as_of`` (the same year the dashboard
    shows by default); keys of contracts signed after the run are left out. The point's
    value is met / counted, in per cent.

    Two queries (runs, then the counts of every point), whatever the number of points or
    rows; only snapshots are read, never the records they counted. The matching is done in
    the database (``HISTORY_SQL``): a row held at T when its ``computed_at`` is at or after
    T and the key's previous row (``LAG``) was computed before T; only the points' counts
    come back, never the rows.
    """
    runs = (
        MetricRun.objects.filter(
            pilot_round=pilot_round, contract__isnull=True, finished_at__isnull=False
        )
        .order_by("as_of", "started_at")
        .values_list("as_of", "started_at")
    )
    by_month = {}
    for as_of, started in runs:
        by_month[(as_of.year, as_of.month)] = (as_of, started)
    points = [by_month[m] for m in sorted(by_month)][-limit:]
    scoped = (
        snapshots_visible_to(user=user)
        .filter(contract__unit__pilot_round=pilot_round)
        .order_by()
        .values_list(*HISTORY_COLUMNS)
    )
    if connections[scoped.db].vendor == "postgresql":
        counts = _history_counts_sql(scoped, points)
    else:
        counts = _history_counts_python(scoped, points)
    history = []
    for n, (as_of, _) in enumerate(points, start=1):
        met, total = counts.get(n, (0, 0))
        history.append(
            {
                "as_of": as_of,
                "met": met,
                "total": total,
                "percent": round(met * 100 / total, 1) if total else None,
            }
        )
    return history


# ``met_history``'s counts per point, from the scoped snapshot rows (``{scoped}``, every row
# of every key, not only the current ones) and the points (their runs' start and as_of).
# The points are MATERIALIZED: inlined, their latest year start was worked out again for
# every snapshot row.
# What the history reads of each snapshot row, in the order both counters unpack it.
HISTORY_COLUMNS = (
    "key",
    "computed_at",
    "met",
    "applicable",
    "project_year__start",
    "contract__created_at",
)


def _history_counts_sql(scoped, points) -> dict[int, tuple[int, int]]:
    """Point number → (met, counted), in the database (PostgreSQL). Asked even without
    points (no full run finished yet), so a page's queries stay the same."""
    sql, params = scoped.query.sql_with_params()
    with connections[scoped.db].cursor() as cursor:
        cursor.execute(
            HISTORY_SQL.format(scoped=sql),
            [*params, [started for _, started in points], [as_of for as_of, _ in points]],
        )
        return {n: (met, total) for n, met, total in cursor.fetchall()}


def _history_counts_python(scoped, points) -> dict[int, tuple[int, int]]:
    """The same counts for the embedded SQLite of ``make run`` (no arrays or FILTER there):
    the snapshot rows as tuples, each key's chain searched for the row that held at a point."""
    chains = defaultdict(list)
    for key, *rest in scoped:
        chains[key].append(tuple(rest))
    for chain in chains.values():
        chain.sort(key=lambda r: r[0])
    times = {key: [r[0] for r in chain] for key, chain in chains.items()}
    year_starts = {r[3] for chain in chains.values() for r in chain if r[3]}
    counts = {}
    for n, (as_of, started) in enumerate(points, start=1):
        latest_start = max((d for d in year_starts if d <= as_of), default=None)
        met = total = 0
        for key, chain in chains.items():
            i = bisect_left(times[key], started)
            if i == len(chain):
                continue  # no longer computed at that time
            _, is_met, applicable, year_start, created = chain[i]
            if not applicable or created > started:
                continue
            if year_start is not None and year_start != latest_start:
                continue
            total += 1
            met += 1 if is_met else 0
        counts[n] = (met, total)
    return counts


HISTORY_SQL = """
WITH s (key, computed_at, met, applicable, year_start, created_at) AS ({scoped}),
r AS (
    SELECT s.*, LAG(computed_at) OVER (PARTITION BY key ORDER BY computed_at) AS previous
    FROM s
),
p AS MATERIALIZED (
    SELECT started, as_of, n,
           (SELECT max(year_start) FROM s WHERE year_start <= as_of) AS latest_start
    FROM unnest(%s::timestamptz[], %s::date[]) WITH ORDINALITY AS p (started, as_of, n)
)
SELECT p.n, count(*) FILTER (WHERE r.met), count(*)
FROM p
JOIN r ON r.computed_at >= p.started AND (r.previous IS NULL OR r.previous < p.started)
WHERE r.applicable AND r.created_at <= p.started
  AND (r.year_start IS NULL OR r.year_start = p.latest_start)
GROUP BY p.n
"""


def pace_rows(snapshots) -> list[dict]:
    """Annual quotas of the year under way: expected to date, projected year end, warning.

    Those heading to miss come first.
    """
    rows = [s for s in snapshots if s.applicable and s.expected_to_date is not None]
    rows.sort(
        key=lambda s: (
            not s.will_miss,
            s.contract_id,
            s.rule.order,
            s.community.code if s.community_id else "",
        )
    )
    return rows


def budget(*, user, pilot_round, rows, years: int | None = None) -> dict:
    """Per unit: the amount a year and over the term; the round's budget lines and totals.

    Payments are made on the evaluation (§六): none is recorded in the portal yet, so the
    page says so instead of showing a number. ``years``: the round's number of project
    years when the caller has it (the dashboard's ``project_years``).
    """
    from apps.procurement.models import round_budget_totals

    if years is None:
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
    city_wide = sees_whole_round(user=user)
    return {
        "years": years,
        "lines": lines,
        "shown_total": sum((line["term"] for line in lines), Decimal(0)),
        # The round's own figures are the bureau's business (and the evaluator's).
        "totals": round_budget_totals(pilot_round, years=years) if city_wide else None,
        "budget_lines": (
            list(pilot_round.budget_lines.order_by("kind", "fiscal_year", "code"))
            if city_wide
            else []
        ),
    }


def light(snapshot) -> str:
    """The traffic light of one snapshot (same rules as a dashboard cell)."""
    return Cell(snapshot.rule_code, [snapshot]).status


def community_matrix(*, snapshots, codes=None) -> dict:
    """Community-level indicators of one contract: communities × rules, one project year.

    ``snapshots`` are one period's (the dashboard's year); given several years, the
    latest is shown. Cells are ``Cell`` objects (traffic light, link, pace).
    """
    yearly = [s for s in snapshots if s.community_id and s.project_year_id]
    if not yearly:
        return {"year": None, "codes": [], "names": {}, "rows": []}
    year = max(s.project_year.number for s in yearly)
    cells = defaultdict(dict)
    communities = {}
    present = []
    names = {}
    for s in yearly:
        if s.project_year.number != year:
            continue
        if s.rule_code not in present:
            present.append(s.rule_code)
            names[s.rule_code] = s.rule.name
        communities[s.community_id] = s.community
        cells[s.community_id][s.rule_code] = Cell(s.rule_code, [s])
    codes = [c for c in codes if c in present] if codes else present
    return {
        "year": year,
        "codes": codes,
        "names": names,  # each column's indicator name, the code goes in small print
        "rows": [
            {"community": c, "cells": [cells[c.pk].get(code) for code in codes]}
            for c in sorted(communities.values(), key=lambda c: c.code)
        ],
    }


def worker_tables(*, user, contracts, snapshots, rules) -> list[dict]:
    """Per contract, per social worker: what each counted, from ``values["by_worker"]``.

    Columns are the rules whose snapshots carry ``by_worker`` (S1 people served and C1
    archives today), summed over communities, for the latest project year of ``snapshots``
    with counted work. A snapshot without ``by_worker`` adds no row. One query
    for the names of all contracts' workers.
    """
    from apps.accounts.models import User

    own = user.pk if sees_only_own_worker_row(user=user) else None
    tables = []
    for contract, rows in _per_contract(contracts, snapshots):
        yearly = [s for s in rows if s.project_year_id and "by_worker" in (s.values or {})]
        worked = [s.project_year.number for s in yearly if s.values["by_worker"]]
        if not worked:
            continue
        year = max(worked)  # the latest year with counted work
        yearly = [s for s in yearly if s.project_year.number == year]
        codes = sorted(
            {s.rule_code for s in yearly}, key=lambda c: (getattr(rules.get(c), "order", 0), c)
        )
        totals = defaultdict(partial(dict.fromkeys, codes, 0))
        for s in yearly:
            for worker_id, n in (s.values.get("by_worker") or {}).items():
                if own is None or int(worker_id) == own:
                    totals[int(worker_id)][s.rule_code] += int(n)
        if totals:
            tables.append(
                {
                    "contract": contract,
                    "year": year,
                    "codes": codes,
                    "headers": [_worker_header(rules.get(c), c) for c in codes],
                    "totals": totals,
                }
            )
    ids = {pk for t in tables for pk in t["totals"]}
    names = (
        {u.pk: u.full_name or u.username for u in User.objects.filter(pk__in=ids)} if ids else {}
    )
    for t in tables:
        totals = t.pop("totals")
        t["rows"] = [
            {"worker": names.get(pk, f"#{pk}"), "counts": [counts[c] for c in t["codes"]]}
            for pk, counts in sorted(totals.items(), key=lambda kv: names.get(kv[0], ""))
        ]
    return tables


def _worker_header(rule, code) -> str:
    return f"{code} {rule.name}" if rule else code


def worker_table(*, user, contract, snapshots) -> dict | None:
    """The per-worker table of one contract (see ``worker_tables``)."""
    rules = {s.rule_code: s.rule for s in snapshots}
    tables = worker_tables(user=user, contracts=[contract], snapshots=snapshots, rules=rules)
    return tables[0] if tables else None


def contract_snapshots(*, user, contract):
    """All current snapshots of one contract, by rule order, project year, community (the
    whole term and the street level after the years and communities), as light rows
    (``rows.py``: what the page shows, never the ids behind each number). Three queries."""
    found = snapshot_rows(
        snapshots_visible_to(user=user).current().filter(contract=contract),
        rules={},
        contracts={contract.pk: contract},
        years={},
        detail=True,
    )
    found.sort(
        key=lambda s: (
            s.rule.order,
            s.rule_code,
            s.project_year is None,
            s.project_year.number if s.project_year else 0,
            s.community is None,
            s.community.code if s.community else "",
        )
    )
    return found


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
