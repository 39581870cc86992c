"""Demo: compute every indicator once, so the dashboards have numbers from the first login."""

from .models import RunTrigger
from .services import metrics_run_execute, metrics_run_start


def demo_extend(*, pilot_round) -> None:
    run = metrics_run_start(pilot_round=pilot_round, trigger=RunTrigger.MANUAL)
    metrics_run_execute(run=run)
