"""The round, its 14 units and its money as load_pilot_seed leaves them."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from apps.orgs.models import Organization
from apps.procurement.models import (
    BudgetLine,
    PilotRound,
    ProcurementUnit,
    ProjectYear,
    round_budget_totals,
)
from apps.procurement.services import pilot_round_load

STREETS = {
    "姑苏区": ["沧浪街道", "吴门桥街道", "双塔街道", "平江街道", "苏锦街道", "金阊街道", "虎丘街道", "白洋湾街道"],
    "苏州工业园区": ["娄葑街道", "唯亭街道", "斜塘街道"],
    "苏州高新区": ["阳山街道", "东渚镇", "镇湖街道"],
}  # fmt: skip


@pytest.fixture
def seeded(db):
    return pilot_round_load()


def test_round_dates_and_project_years(seeded):
    assert seeded.service_start == date(2018, 7, 1)
    assert seeded.service_end == date(2020, 6, 30)
    assert seeded.team_deadline == date(2018, 6, 30)
    years = list(seeded.years.order_by("number").values_list("number", "start", "end"))
    assert years == [
        (1, date(2018, 7, 1), date(2019, 6, 30)),
        (2, date(2019, 7, 1), date(2020, 6, 30)),
    ]
    assert seeded.late_deduction_days == 15 and seeded.late_termination_days == 30


def test_fourteen_streets_in_their_districts_exactly_as_named(seeded):
    actual = {}
    for unit in ProcurementUnit.objects.filter(pilot_round=seeded).select_related("street__parent"):
        actual.setdefault(unit.street.parent.name, []).append(unit.street.name)
    assert {k: sorted(v) for k, v in actual.items()} == {k: sorted(v) for k, v in STREETS.items()}
    assert Organization.objects.filter(kind="district", parent=seeded.bureau).count() == 3
    assert seeded.bureau.name == "苏州市民政局"


def test_each_unit_is_1_100_000_a_year(seeded):
    amounts = set(seeded.units.values_list("annual_amount", flat=True))
    assert amounts == {Decimal("1100000")}


def test_budget_adds_up_to_32_800_000(seeded):
    totals = round_budget_totals(seeded)
    assert totals["unit_count"] == 14
    assert totals["units_total"] == Decimal("30800000")
    assert totals["related_costs"] == Decimal("2000000")
    assert totals["total"] == Decimal("32800000")
    funding = dict(BudgetLine.objects.filter(kind="funding").values_list("fiscal_year", "amount"))
    assert funding == {2018: Decimal("16500000"), 2019: Decimal("16300000")}
    assert totals["funding"] == totals["total"]


def test_round_seed_is_idempotent(seeded):
    def snapshot():
        return [
            sorted(m.objects.values_list("pk", flat=True))
            for m in (PilotRound, ProjectYear, ProcurementUnit, BudgetLine, Organization)
        ]

    before = snapshot()
    call_command("load_pilot_seed", verbosity=0)
    call_command("load_pilot_seed", verbosity=0)
    assert snapshot() == before
