"""Celery tasks of the engine: they take ids, call one service, and are safe to retry."""

from datetime import date

from celery import shared_task
from django.urls import reverse

from apps.core.jobs import job_fail, job_finish, job_progress, job_start
from apps.procurement.models import Contract, PilotRound

from .models import MetricRun, RunTrigger
from .services import metrics_run_execute, metrics_run_start


@shared_task(bind=True, max_retries=3, default_retry_delay=30)
def metrics_recompute_contract(self, *, contract_id: int, changes=None) -> int:
    """Recompute one contract after one of its counted records changed.

    ``changes``: where it changed, [[community id or None, "YYYY-MM-DD" or None, record kind
    or None], …] (only the scopes they touch are recomputed), or None for every scope.
    """
    contract = Contract.objects.select_related("unit__pilot_round").filter(pk=contract_id).first()
    if contract is None:
        return 0
    run = metrics_run_start(
        pilot_round=contract.unit.pilot_round,
        trigger=RunTrigger.RECORD_CHANGE,
        contract=contract,
    )
    where = None
    if changes is not None:
        where = [(c, date.fromisoformat(on) if on else None, kind) for c, on, kind in changes]
    return metrics_run_execute(run=run, changes=where).snapshot_count


@shared_task(bind=True)
def metrics_full_run(self, *, job_id: int, run_id: int) -> int:
    """A full run the bureau asked for, with progress on its job page."""
    run = MetricRun.objects.get(pk=run_id)
    job_start(job_id=job_id)
    try:

        def progress(done, total, label):
            job_progress(job_id=job_id, done=done, total=total, message=f"已计算合同 {label}")

        metrics_run_execute(run=run, progress=progress)
    except Exception as exc:
        job_fail(job_id=job_id, error=f"计算失败:{exc}")
        raise
    job_finish(
        job_id=job_id,
        result={"snapshots": run.snapshot_count},
        result_url=reverse("metrics:dashboard"),
    )
    return run.snapshot_count


@shared_task
def metrics_nightly() -> int:
    """Beat: recompute every round in service each night."""
    count = 0
    for pilot_round in PilotRound.objects.all():
        run = metrics_run_start(pilot_round=pilot_round, trigger=RunTrigger.NIGHTLY)
        count += metrics_run_execute(run=run).snapshot_count
    return count
