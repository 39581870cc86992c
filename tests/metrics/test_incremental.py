"""Issue 15: a record change recomputes only the scopes it touches; contracts computed together
give the numbers each gives alone; a rerun writes nothing new, also for rows stored before the
result digest existed; the number of queries of a run does not grow with its contracts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cases.services import service_record_add
from apps.catalogue.models import IndicatorRule, RuleLevel, RulePeriod
from apps.core.changes import (
    contract_changed_on_commit,
    contract_changes_forget,
    contract_changes_paused,
)
from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.services import (
    contract_snapshots_compute,
    metrics_run_execute,
    metrics_run_start,
)
from tests.cases.conftest import open_case, register, sub_item
from tests.changes import announcements

RECORD_DAY = date(2019, 3, 5)  # in the first project year (2018-07-01 – 2019-06-30)


@pytest.fixture(autouse=True)
def no_details_left_over():
    """Earlier tests' on-commit callbacks never ran (their transactions rolled back)."""
    contract_changes_forget()


def _full_run(world, as_of=None):
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=as_of)
    return metrics_run_execute(run=run)


def _case(world):
    """A client with consent on a case of contract A (its own announcement run and done)."""
    worker = world.users["social_worker"]
    with contract_changes_paused():
        client = register(world, "增量对象", world.community_a, 731)
        case = open_case(world, client, world.contract_a, world.community_a, worker)
    return case, worker


def _add_record(world, case, worker):
    return service_record_add(
        actor=worker,
        case=case,
        date=RECORD_DAY,
        duration_minutes=30,
        mode="phone",
        sub_item=sub_item(world),
        note="电话回访",
    )


def _current():
    return {s.key: (s.pk, s.value, s.digest) for s in Snapshot.objects.current()}


def test_a_service_record_announces_its_community_and_date(
    world, django_capture_on_commit_callbacks
):
    case, worker = _case(world)
    with django_capture_on_commit_callbacks() as callbacks:
        _add_record(world, case, worker)
    assert announcements(callbacks) == [
        {
            "contract_id": world.contract_a.pk,
            "changes": [(world.community_a.pk, RECORD_DAY, "cases.servicerecord")],
        }
    ]


def test_details_of_one_commit_are_merged_and_a_call_without_them_means_everything(
    world, django_capture_on_commit_callbacks
):
    a, b = world.contract_a.pk, world.contract_b.pk
    with django_capture_on_commit_callbacks() as callbacks:
        contract_changed_on_commit(contract_id=a, community_id=world.community_a.pk, on=RECORD_DAY)
        contract_changed_on_commit(contract_id=a, community_id=None, on=date(2019, 8, 1))
        contract_changed_on_commit(contract_id=b, community_id=world.community_b.pk, on=RECORD_DAY)
        contract_changed_on_commit(contract_id=b)
    sent = sorted(announcements(callbacks), key=lambda k: k["contract_id"])
    assert sent == [
        {
            "contract_id": a,
            "changes": [(world.community_a.pk, RECORD_DAY, None), (None, date(2019, 8, 1), None)],
        },
        {"contract_id": b, "changes": None},
    ]


def _counting_with_records(world) -> list[IndicatorRule]:
    return [
        rule
        for rule in IndicatorRule.objects.filter(pilot_round=world.pilot_round, version=1)
        if any(spec.get("code") == "case_service_records" for spec in rule.counted_when)
    ]


def test_a_service_record_recomputes_only_the_rules_counting_records_in_its_periods(
    world, django_capture_on_commit_callbacks
):
    case, worker = _case(world)
    _full_run(world)
    before = {s.key: s for s in Snapshot.objects.current()}
    with django_capture_on_commit_callbacks(execute=True):
        _add_record(world, case, worker)
    run = MetricRun.objects.filter(trigger="record_change").latest("pk")
    assert run.contract == world.contract_a
    year_1 = world.pilot_round.years.get(number=1)
    # Counted from the rule data: the rules whose counting needs service records (S1–S4 in
    # the pilot's data), each for the record's year and, where asked, the contract term.
    rules = _counting_with_records(world)
    assert {r.code for r in rules} == {"S1", "S2", "S3", "S4"}
    assert all(r.level == RuleLevel.STREET for r in rules)
    assert all(r.period == RulePeriod.YEAR_AND_CLOSING for r in rules)
    expected = {
        f"{world.contract_a.pk}:-:{year}:{r.code}" for r in rules for year in (year_1.pk, "-")
    }
    after = {s.key: s for s in Snapshot.objects.current()}
    touched = {k for k, s in after.items() if s.run_id == run.pk}
    assert run.snapshot_count == len(expected)
    assert touched == expected
    assert all(s.run_id == before[k].run_id for k, s in after.items() if k not in expected)
    # The one new case is now counted by S1 of the year and of the contract term.
    for key in (f"{world.contract_a.pk}:-:{year_1.pk}:S1", f"{world.contract_a.pk}:-:-:S1"):
        assert case.client_id in after[key].record_ids["cases.client"]
        assert case.client_id not in before[key].record_ids.get("cases.client", [])
    # A full run afterwards finds nothing else to change.
    snapshots = Snapshot.objects.count()
    _full_run(world)
    assert Snapshot.objects.count() == snapshots
    assert {k: (s.pk, s.value) for k, s in after.items()} == {
        k: (v[0], v[1]) for k, v in _current().items()
    }


def test_a_change_in_a_community_recomputes_its_year_and_the_contract_level_scopes(world):
    _full_run(world)
    year_1, year_2 = world.pilot_round.years.order_by("number")
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="record_change")
    changes = [(world.community_a.pk, RECORD_DAY, "community.householdarchive")]
    touched = contract_snapshots_compute(
        contract=world.contract_a, run=run, as_of=run.as_of, changes=changes
    )
    rows = list(Snapshot.objects.current().filter(contract=world.contract_a))
    mine = [s for s in rows if s.run_id == run.pk]
    assert touched == len(mine) > 0
    for s in mine:
        assert s.community_id in (None, world.community_a.pk)
        if s.community_id is not None:
            assert s.project_year_id in (None, year_1.pk)
    # Every contract-level scope, and the community's scopes of year 1 and of the term.
    assert {s.key for s in mine} == {
        s.key
        for s in rows
        if s.community_id is None
        or (s.community_id == world.community_a.pk and s.project_year_id != year_2.pk)
    }


def test_contracts_computed_together_give_what_each_gives_alone(world):
    case, worker = _case(world)
    _add_record(world, case, worker)
    _full_run(world)  # both contracts in one batch
    together = _current()
    for contract in (world.contract_a, world.contract_b):
        run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", contract=contract)
        contract_snapshots_compute(contract=contract, run=run, as_of=run.as_of)
    assert _current() == together


def test_rows_without_a_digest_are_compared_field_by_field_then_get_one(world):
    _full_run(world)
    first = _current()
    Snapshot.objects.update(digest="")
    _full_run(world)
    again = _current()
    assert {k: v[:2] for k, v in again.items()} == {k: v[:2] for k, v in first.items()}
    assert again == first  # same rows, digests written back
    assert Snapshot.objects.filter(is_current=False).count() == 0


def test_a_run_reads_each_record_type_once_whatever_the_number_of_contracts(world):
    _full_run(world)
    one_contract = metrics_run_start(
        pilot_round=world.pilot_round, trigger="manual", contract=world.contract_a
    )
    every_contract = metrics_run_start(pilot_round=world.pilot_round, trigger="manual")
    with CaptureQueriesContext(connection) as one:
        metrics_run_execute(run=one_contract)
    with CaptureQueriesContext(connection) as both:
        metrics_run_execute(run=every_contract)
    assert every_contract.snapshot_count > one_contract.snapshot_count
    assert len(both) == len(one)
