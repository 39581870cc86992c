"""Demo: compute every indicator as the story's dates pass, so the dashboards have numbers
and the trend chart has a shape from the first login.

One full run as of each of ``demo_story.HISTORY_DATES`` (met_history draws one point per
month that has a full run), then the run the
dashboards read, as of ``demo_story.DEMO_DATE`` (well into year 2, so the annual quotas show
their pace). Runs are the engine's own (``metrics_run_start/execute``); the
delivery apps' demos change records with contract announcements paused, so nothing else
computes. Idempotent: a second seed finds a run as of the demo date and computes nothing.
"""

from apps.core import demo_story

from .models import MetricRun, RunTrigger
from .services import metrics_run_execute, metrics_run_start


def demo_extend(*, pilot_round) -> None:
    done = MetricRun.objects.filter(
        pilot_round=pilot_round, contract__isnull=True, as_of=demo_story.DEMO_DATE
    )
    if done.exists():
        return
    for as_of in [*demo_story.HISTORY_DATES, demo_story.DEMO_DATE]:
        run = metrics_run_start(pilot_round=pilot_round, trigger=RunTrigger.MANUAL, as_of=as_of)
        metrics_run_execute(run=run)
