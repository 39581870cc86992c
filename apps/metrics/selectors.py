"""Reads for dashboards: from snapshots only, never from raw rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps as django_apps

from apps.catalogue.models import IndicatorRule
from apps.procurement.permissions import contracts_visible_to

from .permissions import snapshots_visible_to

GREEN, AMBER, RED = "green", "amber", "red"
STATUS_LABEL = {GREEN: "达标", AMBER: "未达标,进度正常", RED: "未达标"}


@dataclass
class Cell:
    code: str
    snapshots: list = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(1 for s in self.snapshots if s.met)

    @property
    def total(self) -> int:
        return len(self.snapshots)

    @property
    def status(self) -> str:
        if self.met == self.total:
            return GREEN
        behind = [s for s in self.snapshots if not s.met]
        # Not yet met but on pace for the year → amber; missed or heading to miss → red.
        if all(s.projected is not None and not s.will_miss for s in behind):
            return AMBER
        return RED

    @property
    def label(self) -> str:
        return STATUS_LABEL[self.status]

    @property
    def first(self):
        return self.snapshots[0] if self.snapshots else None


def latest_period_snapshots(snapshots):
    """Per (contract, code), keep the latest project year (or the whole term if no year)."""
    by_key = defaultdict(list)
    for s in snapshots:
        by_key[(s.contract_id, s.rule_code)].append(s)
    kept = []
    for rows in by_key.values():
        yearly = [s for s in rows if s.project_year_id]
        if yearly:
            last = max(s.project_year.number for s in yearly)
            kept.extend(s for s in yearly if s.project_year.number == last)
        else:
            kept.extend(rows)
    return kept


def dashboard(*, user, pilot_round) -> dict:
    """Contracts (rows) × indicators (columns), each cell a traffic light from snapshots."""
    contracts = list(
        contracts_visible_to(user=user).filter(unit__pilot_round=pilot_round).order_by("unit_id")
    )
    snapshots = list(
        snapshots_visible_to(user=user)
        .current()
        .filter(contract__unit__pilot_round=pilot_round)
        .select_related("project_year")
    )
    codes = []
    for rule in IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("order", "code"):
        if rule.code not in codes:
            codes.append(rule.code)
    rules = {
        r.code: r for r in IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("version")
    }
    cells = defaultdict(dict)
    for s in latest_period_snapshots(snapshots):
        cells[s.contract_id].setdefault(s.rule_code, Cell(s.rule_code)).snapshots.append(s)
    rows = [{"contract": c, "cells": [cells[c.pk].get(code) for code in codes]} for c in contracts]
    computed_at = max((s.computed_at for s in snapshots), default=None)
    columns = [rules[code] for code in codes]
    return {"codes": codes, "columns": columns, "rows": rows, "computed_at": computed_at}


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
