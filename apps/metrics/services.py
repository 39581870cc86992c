"""Writes for the indicator engine: runs and snapshots."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from apps.catalogue.models import IndicatorRule
from apps.core.audit import audit_record
from apps.core.clock import today
from apps.core.jobs import job_create, job_enqueue
from apps.procurement.models import Contract

from . import computations  # noqa: F401  (registers the computation functions)
from .engine import COMPUTATIONS, Outcome, pace, scopes_for
from .models import MetricRun, RunTrigger, Snapshot


def _rules_by_code(pilot_round) -> dict[str, list[IndicatorRule]]:
    rules: dict[str, list[IndicatorRule]] = {}
    for rule in IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("order", "version"):
        rules.setdefault(rule.code, []).append(rule)
    return rules


def missing_computations(pilot_round) -> list[str]:
    """Rule codes of the round that have no computation function (shown, never hidden)."""
    return sorted(set(_rules_by_code(pilot_round)) - set(COMPUTATIONS))


def _same(snapshot: Snapshot, scope, outcome: Outcome) -> bool:
    return (
        snapshot.rule_id == scope.rule.pk
        and snapshot.value == outcome.value
        and snapshot.met == outcome.met
        and snapshot.values == outcome.values
        and snapshot.record_ids == outcome.record_ids
        and snapshot.excluded == outcome.excluded
        and snapshot.applicable == outcome.applicable
    )


@transaction.atomic
def contract_snapshots_compute(*, contract: Contract, run: MetricRun, as_of: date) -> int:
    """Compute every indicator of ``contract`` and store what changed; returns snapshots touched.

    A result identical to the current snapshot only refreshes its ``computed_at`` (so a rerun
    changes no value and the history keeps one row per change); a different result becomes the
    new current snapshot and the old one stays as history.
    """
    # Lock the contract row: two recomputes of one contract (a record change and the nightly
    # run) then follow each other instead of both writing a "current" snapshot.
    Contract.objects.select_for_update().filter(pk=contract.pk).first()
    contract = (
        Contract.objects.select_related("unit__pilot_round")
        .prefetch_related("communities")
        .get(pk=contract.pk)
    )
    pilot_round = contract.unit.pilot_round
    rules_by_code = {
        code: versions
        for code, versions in _rules_by_code(pilot_round).items()
        if code in COMPUTATIONS
    }
    current = {s.key: s for s in Snapshot.objects.current().filter(contract=contract)}
    now = timezone.now()
    years = list(pilot_round.years.order_by("number"))
    communities = sorted(contract.communities.all(), key=lambda c: c.code)
    touched, fresh, unchanged, superseded = 0, [], [], []
    for scope in scopes_for(
        rules_by_code=rules_by_code,
        contract=contract,
        communities=communities,
        years=years,
        as_of=as_of,
    ):
        outcome = COMPUTATIONS[scope.rule.code](scope)
        expected, projected, will_miss = pace(scope=scope, value=outcome.value, quota=outcome.quota)
        old = current.get(scope.key)
        if old is not None and _same(old, scope, outcome):
            old.computed_at = now
            old.run = run
            old.expected_to_date, old.projected, old.will_miss = expected, projected, will_miss
            unchanged.append(old)
        else:
            if old is not None:
                superseded.append(old.pk)
            fresh.append(
                Snapshot(
                    run=run,
                    rule=scope.rule,
                    rule_code=scope.rule.code,
                    contract=contract,
                    community=scope.community,
                    project_year=scope.project_year,
                    value=outcome.value,
                    values=outcome.values,
                    thresholds=scope.rule.thresholds,
                    met=outcome.met,
                    record_ids=outcome.record_ids,
                    excluded=outcome.excluded,
                    applicable=outcome.applicable,
                    expected_to_date=expected,
                    projected=projected,
                    will_miss=will_miss,
                    computed_at=now,
                    is_current=True,
                    key=scope.key,
                )
            )
        touched += 1
    # One UPDATE for every superseded snapshot (they stay as history), then the new ones.
    if superseded:
        Snapshot.objects.filter(pk__in=superseded).update(is_current=False)
    # Unchanged snapshots: one UPDATE per distinct pace (most share one), not a CASE per row.
    by_pace = defaultdict(list)
    for snapshot in unchanged:
        by_pace[(snapshot.expected_to_date, snapshot.projected, snapshot.will_miss)].append(
            snapshot.pk
        )
    for (expected, projected, will_miss), ids in by_pace.items():
        Snapshot.objects.filter(pk__in=ids).update(
            computed_at=now,
            run=run,
            expected_to_date=expected,
            projected=projected,
            will_miss=will_miss,
        )
    Snapshot.objects.bulk_create(fresh, batch_size=500)
    return touched


def metrics_run_start(*, pilot_round, trigger: str, actor=None, contract=None, as_of=None):
    """Record a run (the task fills it in)."""
    return MetricRun.objects.create(
        pilot_round=pilot_round,
        contract=contract,
        trigger=trigger,
        as_of=as_of or today(),
        created_by=actor,
    )


def metrics_run_execute(*, run: MetricRun, progress=None) -> MetricRun:
    """Compute every contract of the run's scope, reporting progress per contract."""
    contracts = Contract.objects.filter(unit__pilot_round=run.pilot_round).order_by("pk")
    if run.contract_id:
        contracts = contracts.filter(pk=run.contract_id)
    contracts = list(contracts)
    total = 0
    for i, contract in enumerate(contracts, start=1):
        total += contract_snapshots_compute(contract=contract, run=run, as_of=run.as_of)
        if progress:
            progress(i, len(contracts), contract.number)
    run.finished_at = timezone.now()
    run.snapshot_count = total
    run.save(update_fields=["finished_at", "snapshot_count"])
    return run


@transaction.atomic
def metrics_full_run_request(*, actor, pilot_round):
    """The bureau asks for a full recompute; returns the Job whose page shows its progress."""
    from .tasks import metrics_full_run

    job = job_create(actor=actor, kind="metrics", title=f"全量计算完成指标:{pilot_round.name}")
    run = metrics_run_start(pilot_round=pilot_round, trigger=RunTrigger.MANUAL, actor=actor)
    run.job = job
    run.save(update_fields=["job"])
    audit_record(actor=actor, action="metrics_full_run_request", obj=run)
    job_enqueue(metrics_full_run, job=job, run_id=run.pk)
    return job


def contract_changed_receiver(sender, *, contract_id: int, **kwargs) -> None:
    """Queue one contract's recompute when the ground floor announces a committed change.

    Connected in ``MetricsConfig.ready``: delivery apps announce through
    ``apps.core.changes`` and never import the engine.
    """
    from .tasks import metrics_recompute_contract

    metrics_recompute_contract.delay(contract_id=contract_id)
