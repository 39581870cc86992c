"""The engine: rules read from data, snapshots stored with records, versions and pace."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.catalogue.models import IndicatorRule
from apps.metrics.engine import Scope, pace
from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.services import (
    contract_snapshots_compute,
    metrics_run_execute,
    metrics_run_start,
)
from apps.orgs.services import organization_create


def _fifth_community(world):
    return organization_create(
        actor=None,
        code="gusu-canglang-fifth",
        name="第五社区",
        kind="community",
        parent=world.unit_a.street,
    )


def _run(world, as_of=date(2019, 3, 1), contract=None):
    run = metrics_run_start(
        pilot_round=world.pilot_round, trigger="manual", contract=contract, as_of=as_of
    )
    return metrics_run_execute(run=run)


def _current(contract, code):
    return Snapshot.objects.current().get(contract=contract, rule_code=code)


def test_communities_rule_counts_the_contracts_communities_with_their_ids(world):
    _run(world)
    snap = _current(world.contract_a, "COMMUNITIES")
    # Counted independently: the communities created for contract A in the test world.
    expected_ids = sorted(world.contract_a.communities.values_list("pk", flat=True))
    assert snap.value == Decimal(len(expected_ids)) == Decimal(4)
    assert snap.met is True
    assert snap.record_ids == {"orgs.organization": expected_ids}
    assert snap.rule.code == "COMMUNITIES" and snap.rule.clause == "§三(三)"


def test_threshold_comes_from_the_rule_data_at_its_boundary(world):
    IndicatorRule.objects.filter(code="COMMUNITIES").update(thresholds={"min_count": 5})
    _run(world)
    assert _current(world.contract_a, "COMMUNITIES").met is False
    world.contract_a.communities.add(_fifth_community(world))
    _run(world)
    snap = _current(world.contract_a, "COMMUNITIES")
    assert (snap.value, snap.met) == (Decimal(5), True)


def test_rerun_changes_nothing_but_the_time_it_was_confirmed(world):
    runs = MetricRun.objects.count()  # the contracts were computed when they were created
    _run(world)
    first = {(s.key, s.pk, s.value) for s in Snapshot.objects.current()}
    _run(world)
    second = {(s.key, s.pk, s.value) for s in Snapshot.objects.current()}
    assert first == second
    assert Snapshot.objects.count() == len(first)
    assert MetricRun.objects.count() == runs + 2


def test_a_changed_value_keeps_the_old_snapshot_as_history(world):
    _run(world)
    world.contract_a.communities.add(_fifth_community(world))
    _run(world)
    rows = Snapshot.objects.filter(contract=world.contract_a, rule_code="COMMUNITIES")
    assert sorted((s.is_current, s.value) for s in rows) == [
        (False, Decimal(4)),
        (True, Decimal(5)),
    ]


def test_a_new_rule_version_never_rewrites_a_past_snapshot(world):
    old_rule = IndicatorRule.objects.get(code="COMMUNITIES")
    _run(world, as_of=date(2019, 3, 1))
    past = _current(world.contract_a, "COMMUNITIES")
    new_rule = IndicatorRule.objects.create(
        pilot_round=world.pilot_round,
        code="COMMUNITIES",
        version=2,
        effective_from=date(2019, 7, 1),
        order=old_rule.order,
        name=old_rule.name,
        level=old_rule.level,
        period=old_rule.period,
        thresholds={"min_count": 6},
        threshold_text="不少于6个",
        clause=old_rule.clause,
        clause_text=old_rule.clause_text,
    )
    past.refresh_from_db()
    assert past.rule_id == old_rule.pk and past.thresholds == {"min_count": 4}
    _run(world, as_of=date(2019, 8, 1))
    now = _current(world.contract_a, "COMMUNITIES")
    assert now.rule_id == new_rule.pk and now.met is False
    assert Snapshot.objects.get(pk=past.pk).rule_id == old_rule.pk


def test_only_started_project_years_are_computed(world):
    contract_snapshots_compute(
        contract=world.contract_a,
        run=metrics_run_start(pilot_round=world.pilot_round, trigger="manual"),
        as_of=date(2018, 12, 1),
    )
    # COMMUNITIES is a contract-term rule: one snapshot, no year.
    snap = _current(world.contract_a, "COMMUNITIES")
    assert snap.project_year is None


@pytest.mark.parametrize(
    ("as_of", "value", "expected", "projected", "will_miss"),
    [
        # Year 1 runs 2018-07-01..2019-06-30 (365 days); quota 150; 2018-11-23 is day 146 (40 %).
        (date(2018, 11, 23), 60, Decimal("60.00"), Decimal("150.00"), False),
        (date(2018, 11, 23), 59, Decimal("60.00"), Decimal("147.50"), True),
        (date(2019, 6, 30), 150, Decimal("150.00"), Decimal("150.00"), False),
        (date(2019, 6, 30), 149, Decimal("150.00"), Decimal("149.00"), True),
    ],
)
def test_pace_expected_to_date_and_projection(world, as_of, value, expected, projected, will_miss):
    year = world.pilot_round.years.get(number=1)
    rule = IndicatorRule.objects.get(code="COMMUNITIES")
    scope = Scope(rule, world.contract_a, None, year, as_of)
    got = pace(scope=scope, value=Decimal(value), quota=Decimal(150))
    assert got == (expected, projected, will_miss)


def test_pace_before_the_year_starts_expects_nothing(world):
    year = world.pilot_round.years.get(number=2)
    rule = IndicatorRule.objects.get(code="COMMUNITIES")
    scope = Scope(rule, world.contract_a, None, year, year.start - timedelta(days=1))
    assert pace(scope=scope, value=Decimal(0), quota=Decimal(150)) == (Decimal(0), None, False)
