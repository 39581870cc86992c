"""Writes for the indicator engine: runs and snapshots."""

from __future__ import annotations

import gc
import hashlib
import json
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from apps.catalogue.models import IndicatorRule
from apps.core.audit import audit_record
from apps.core.clock import today
from apps.core.jobs import job_create, job_enqueue
from apps.procurement.models import Contract

from . import computations  # noqa: F401  (registers the computation functions)
from .counting import READ_BY_CHECKS_ONLY
from .engine import BATCH, COMPUTATIONS, CONTRACTS, ROUND_CACHE, Outcome, pace, scopes_for
from .models import MetricRun, RunTrigger, Snapshot

# Contracts computed together by a run (one transaction, their records read together): large
# enough that a full run of the pilot's 14 contracts reads each record type once, small
# enough that a city run holds few contract locks at a time and bounded memory.
RUN_BATCH = 16


def _rules_by_code(pilot_round) -> dict[str, list[IndicatorRule]]:
    rules: dict[str, list[IndicatorRule]] = {}
    for rule in IndicatorRule.objects.filter(pilot_round=pilot_round).order_by("order", "version"):
        rules.setdefault(rule.code, []).append(rule)
    return rules


def missing_computations(pilot_round) -> list[str]:
    """Rule codes of the round that have no computation function (shown, never hidden)."""
    return sorted(set(_rules_by_code(pilot_round)) - set(COMPUTATIONS))


# What makes two results of a scope the same (with its rule), in the order of the digest: the
# fields a snapshot stores as the computation returned them.
RESULT_FIELDS = ("value", "met", "values", "record_ids", "excluded", "applicable")


def _digest(scope, outcome: Outcome) -> str:
    """SHA-256 of what makes two results the same (the rule and ``RESULT_FIELDS``), in a
    canonical form: keys sorted, the value normalized (5 and 5.0000 are one value)."""
    value = outcome.value.normalize() if isinstance(outcome.value, Decimal) else outcome.value
    text = json.dumps(
        [scope.rule.pk, str(value), *(getattr(outcome, name) for name in RESULT_FIELDS[1:])],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        cls=DjangoJSONEncoder,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _same(snapshot: Snapshot, scope, outcome: Outcome) -> bool:
    """Field by field (rows written before the digest existed)."""
    return snapshot.rule_id == scope.rule.pk and all(
        getattr(snapshot, name) == getattr(outcome, name) for name in RESULT_FIELDS
    )


def touches(scope, changes) -> bool:
    """Whether a change can move this scope's value.

    Decision (issue 15, incremental recompute): a change names the community of the changed
    record (None: the contract as a whole, or every community), its date (None: any time) and
    its kind ("app_label.model", None: unknown).

    - A kind only counting checks read (``counting.READ_BY_CHECKS_ONLY``: service records)
      moves the scopes whose rule counts with one of those checks and whose period contains
      the date, whatever their level.
    - Otherwise contract-level scopes (no community: S1–S5, COMMUNITIES) are always
      recomputed; a community's scope is recomputed when the change names that community
      (or none) and falls in the scope's project year (or has no date, or the scope spans
      the whole contract term).

    A caller that cannot say where its change lies (a record moved between communities, a
    team that counts in every later year) announces the contract without details, and every
    scope is recomputed.
    """
    for community_id, on, kind in changes:
        if kind in READ_BY_CHECKS_ONLY:
            codes = READ_BY_CHECKS_ONLY[kind]
            if not any(spec.get("code") in codes for spec in scope.rule.counted_when or []):
                continue
            start, end = scope.period_bounds
            if on is None or start <= on <= end:
                return True
            continue
        if scope.community is None:
            return True
        if community_id is not None and community_id != scope.community.pk:
            continue
        if on is None or scope.project_year is None:
            return True
        if scope.project_year.start <= on <= scope.project_year.end:
            return True
    return False


def _round_data(pilot_round, round_cache: dict) -> tuple[dict, list]:
    """The round's rules (by code, versions in order) and project years, read once per run."""
    if "rules_by_code" not in round_cache:
        round_cache["rules_by_code"] = {
            code: versions
            for code, versions in _rules_by_code(pilot_round).items()
            if code in COMPUTATIONS
        }
        round_cache["years"] = list(pilot_round.years.order_by("number"))
    return round_cache["rules_by_code"], round_cache["years"]


def contract_snapshots_compute(
    *,
    contract: Contract,
    run: MetricRun,
    as_of: date,
    changes=None,
    round_cache: dict | None = None,
) -> int:
    """Compute the indicators of ``contract`` and store what changed; returns scopes computed.

    ``changes`` (None: every scope): where the contract's data changed, as (community id or
    None, date or None, record kind or None) triples; only the scopes those changes can move
    are computed (see ``touches``), the others keep their current snapshot untouched. ``round_cache``: a
    dict shared by the contracts of one run, so the round's rules and catalogue are read once.
    """
    return contracts_snapshots_compute(
        contracts=[contract],
        run=run,
        as_of=as_of,
        changes=changes,
        round_cache=round_cache,
    )


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector paused while one batch of contracts is computed.

    A batch allocates hundreds of thousands of short-lived tuples, sets and dicts (rows and
    ids), none of them in reference cycles; with the collector on, their allocation triggers
    collections that also walk every long-lived object of the process (measured on the
    pilot's data: about a third of the CPU time of a full run). Reference counting still
    frees everything as usual; the collector resumes when the batch is done.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@_collector_paused()
@transaction.atomic
def contracts_snapshots_compute(
    *,
    contracts: list[Contract],
    run: MetricRun,
    as_of: date,
    changes=None,
    round_cache: dict | None = None,
) -> int:
    """Compute the indicators of several contracts of one round together; returns the number
    of scopes computed.

    A result identical to the current snapshot only refreshes its ``computed_at`` (so a rerun
    changes no value and the history keeps one row per change); a different result becomes the
    new current snapshot and the old one stays as history.

    The contracts are computed in one transaction and their records are read together (one
    query per record type for all of them, see ``Scope.batched``): a full run costs a few
    queries per batch of contracts, not per contract.
    """
    # Lock the contract rows (in id order, as every run does, so two runs never deadlock): two
    # recomputes of one contract (a record change and the nightly run) then follow each other
    # instead of both writing a "current" snapshot. The same query reads each contract with
    # its unit and round (``of``: only the contract rows are locked).
    contracts = list(
        Contract.objects.select_for_update(of=("self",))
        .select_related("unit__pilot_round")
        .prefetch_related("communities")
        .filter(pk__in=[c.pk for c in contracts])
        .order_by("pk")
    )
    if not contracts:
        return 0
    round_cache = {} if round_cache is None else round_cache
    rules_by_code, years = _round_data(contracts[0].unit.pilot_round, round_cache)
    batch = {CONTRACTS: [c.pk for c in contracts]}
    scopes = []
    for contract in contracts:
        scopes += scopes_for(
            rules_by_code=rules_by_code,
            contract=contract,
            communities=sorted(contract.communities.all(), key=lambda c: c.code),
            years=years,
            as_of=as_of,
            keep=None if changes is None else (lambda scope: touches(scope, changes)),
            cache={ROUND_CACHE: round_cache, BATCH: batch},
        )
    current_rows = Snapshot.objects.current().filter(contract__in=batch[CONTRACTS]).order_by()
    if changes is not None:
        current_rows = current_rows.filter(key__in=[scope.key for scope in scopes])
    current = {
        key: (pk, digest) for key, pk, digest in current_rows.values_list("key", "pk", "digest")
    }
    # Rows without a digest (written before it existed) are compared field by field, read in
    # one more query; they get their digest when confirmed, so this happens once per row.
    legacy = {
        s.pk: s
        for s in Snapshot.objects.filter(
            pk__in=[pk for pk, digest in current.values() if not digest]
        ).order_by()
    }
    now = timezone.now()
    fresh, unchanged, superseded, digested = [], [], [], []
    for scope in scopes:
        outcome = COMPUTATIONS[scope.rule.code](scope)
        expected, projected, will_miss = pace(scope=scope, value=outcome.value, quota=outcome.quota)
        digest = _digest(scope, outcome)
        old_pk, old_digest = current.get(scope.key, (None, None))
        if old_pk is not None and (
            old_digest == digest or (not old_digest and _same(legacy[old_pk], scope, outcome))
        ):
            unchanged.append((old_pk, expected, projected, will_miss))
            if not old_digest:
                legacy[old_pk].digest = digest
                digested.append(legacy[old_pk])
            continue
        if old_pk is not None:
            superseded.append(old_pk)
        fresh.append(
            Snapshot(
                run=run,
                rule=scope.rule,
                rule_code=scope.rule.code,
                contract=scope.contract,
                community=scope.community,
                project_year=scope.project_year,
                thresholds=scope.rule.thresholds,
                **{name: getattr(outcome, name) for name in RESULT_FIELDS},
                expected_to_date=expected,
                projected=projected,
                will_miss=will_miss,
                computed_at=now,
                is_current=True,
                key=scope.key,
                digest=digest,
            )
        )
    # One UPDATE for every superseded snapshot (they stay as history), then the new ones.
    if superseded:
        Snapshot.objects.filter(pk__in=superseded).update(is_current=False)
    # Unchanged snapshots: one UPDATE per distinct pace (most share one), not a CASE per row.
    by_pace = defaultdict(list)
    for pk, *pace_now in unchanged:
        by_pace[tuple(pace_now)].append(pk)
    for (expected, projected, will_miss), ids in by_pace.items():
        Snapshot.objects.filter(pk__in=ids).update(
            computed_at=now,
            run=run,
            expected_to_date=expected,
            projected=projected,
            will_miss=will_miss,
        )
    if digested:
        Snapshot.objects.bulk_update(digested, ["digest"], batch_size=500)
    Snapshot.objects.bulk_create(fresh, batch_size=500)
    return len(scopes)


def metrics_run_start(*, pilot_round, trigger: str, actor=None, contract=None, as_of=None):
    """Record a run (the task fills it in)."""
    return MetricRun.objects.create(
        pilot_round=pilot_round,
        contract=contract,
        trigger=trigger,
        as_of=as_of or today(),
        created_by=actor,
    )


def metrics_run_execute(*, run: MetricRun, progress=None, changes=None) -> MetricRun:
    """Compute every contract of the run's scope, reporting progress after each batch.

    ``changes``: for a run of one contract after a record change, where the change lies
    (see ``contract_snapshots_compute``); None computes every scope.
    """
    contracts = Contract.objects.filter(unit__pilot_round=run.pilot_round).order_by("pk")
    if run.contract_id:
        contracts = contracts.filter(pk=run.contract_id)
    else:
        changes = None
    contracts = list(contracts)
    total = 0
    round_cache: dict = {}
    for first in range(0, len(contracts), RUN_BATCH):
        batch = contracts[first : first + RUN_BATCH]
        total += contracts_snapshots_compute(
            contracts=batch,
            run=run,
            as_of=run.as_of,
            changes=changes,
            round_cache=round_cache,
        )
        if progress:
            progress(first + len(batch), len(contracts), batch[-1].number)
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


def contract_changed_receiver(sender, *, contract_id: int, changes=None, **kwargs) -> None:
    """Queue one contract's recompute when the ground floor announces a committed change.

    Connected in ``MetricsConfig.ready``: delivery apps announce through
    ``apps.core.changes`` and never import the engine. ``changes`` (where the change lies,
    when the announcer said) travels to the task as JSON: [[community id, "YYYY-MM-DD",
    "app_label.model"], …].
    """
    from .tasks import metrics_recompute_contract

    if changes is None:
        metrics_recompute_contract.delay(contract_id=contract_id)
        return
    metrics_recompute_contract.delay(
        contract_id=contract_id,
        changes=[[c, on.isoformat() if on else None, kind] for c, on, kind in changes],
    )
