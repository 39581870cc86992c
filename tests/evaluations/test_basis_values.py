"""The evaluator's scoring page shows each indicator's value as every other page does
(apps.metrics.display): a share in per cent, a count as a whole number, never ``1E+1``."""

from datetime import date
from decimal import Decimal

from apps.evaluations.models import SourceKind
from apps.evaluations.selectors import rubric_indicators, suggestion
from apps.metrics.display import indicator_value
from apps.metrics.models import Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.evaluations.builders import rubric, start


def test_the_basis_reads_shares_and_counts_like_the_dashboard(world):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=date(2019, 3, 1))
    metrics_run_execute(run=run)
    current = Snapshot.objects.current().filter(contract=world.contract_a, community=None)
    current.filter(rule_code="S2").update(value=Decimal("0.6304"), applicable=True)
    current.filter(rule_code="S3").update(value=Decimal("10"), applicable=True)
    evaluation = start(world)

    shown = {}
    for indicator in rubric_indicators(rubric(world)):
        if indicator.source == SourceKind.SNAPSHOT and indicator.rule_code in {"S2", "S3"}:
            _, basis = suggestion(indicator=indicator, evaluation=evaluation)
            shown[indicator.rule_code] = [row["value"] for row in basis if row.get("snapshot_id")]
    assert shown["S2"][0] == "63%"
    assert shown["S3"][0] == "10"
    for snapshot in current.filter(rule_code__in=["S2", "S3"]).select_related("rule"):
        assert indicator_value(snapshot) in shown[snapshot.rule_code]


def test_stored_bases_are_rewritten_in_the_displayed_form(world):
    """Migration 0002: a basis stored before the fix reads like the pages after it."""
    from importlib import import_module

    from django.apps import apps

    reformat = import_module("apps.evaluations.migrations.0002_basis_values_as_displayed").reformat
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=date(2019, 3, 1))
    metrics_run_execute(run=run)
    s3 = Snapshot.objects.current().filter(contract=world.contract_a, rule_code="S3").first()
    Snapshot.objects.filter(pk=s3.pk).update(value=Decimal("10"))
    score = start(world).scores.first()
    score.basis = [
        {"label": "合同(街道层面)", "value": "1E+1", "snapshot_id": s3.pk},
        {"label": "团队未登记", "value": "0"},
    ]
    score.save(update_fields=["basis"])

    reformat(apps, None)

    score.refresh_from_db()
    assert [row["value"] for row in score.basis] == ["10", "0"]
