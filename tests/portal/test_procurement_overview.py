"""The bureau's overview: each unit's tender, award, team, lateness and plan state at a glance."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.plans.services import plan_approval_record, plan_save
from apps.portal.selectors import unit_overview
from apps.procurement.services import contract_team_formed_record
from tests.agencies.builders import compliant_team, load_rules
from tests.plans.builders import content


def _count(user):
    user._portal_scope = None  # count the scope query every time, as a new request would
    with CaptureQueriesContext(connection) as ctx:
        unit_overview(user=user)
    return len(ctx.captured_queries)


def test_overview_rows_reflect_each_state(world):
    load_rules(world)
    compliant_team(world.contract_a)
    deadline = world.pilot_round.team_deadline
    contract_team_formed_record(
        actor=None, contract=world.contract_b, formed_on=deadline + timedelta(days=16)
    )
    version = plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    for part in version.communities.all():
        for step in ["residents_consulted_on", "committee_approved_on", "filed_with_street_on"]:
            plan_approval_record(actor=None, plan_community=part, step=step, on=deadline)
    rows = {r.unit.pk: r for r in unit_overview(user=world.users["bureau"])}
    a, b = rows[world.unit_a.pk], rows[world.unit_b.pk]
    assert a.team.compliant and a.plan == "approved" and not a.tendered
    assert b.team is None and b.plan == "none" and b.lateness.level == "deduction"


def test_overview_queries_do_not_grow_with_teams_and_plans(world):
    load_rules(world)
    bureau = world.users["bureau"]
    compliant_team(world.contract_a, prefix="甲")
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    before = _count(bureau)
    compliant_team(world.contract_b, prefix="乙")
    plan_save(actor=None, contract=world.contract_b, content=content(world.contract_b))
    assert _count(bureau) == before
