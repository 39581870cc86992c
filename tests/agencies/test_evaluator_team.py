"""Evaluator team (Annex 3): composition checks; changes need a written request and approval."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.agencies.models import ChangeAction, ChangeStatus, TeamRole
from apps.agencies.rules import MET, NOT_MET
from apps.agencies.selectors import team_check
from apps.agencies.services import (
    team_change_decide,
    team_change_request,
    team_member_add,
    team_member_remove,
)
from tests.agencies.builders import ON, evaluation_team, load_rules, staff


@pytest.fixture
def eval_team(world):
    load_rules(world)
    return evaluation_team(world, actor=world.users["bureau"], years="3")


def _add_initial(team, evaluator, members=2, experts=5):
    # Composition at formation goes in one go: once a member exists, changes need requests.
    from apps.agencies.models import TeamMembership

    for i in range(members):
        TeamMembership.objects.create(
            team=team, person=staff(evaluator, f"成员{i}"), role=TeamRole.MEMBER, joined_on=ON
        )
    for i in range(experts):
        TeamMembership.objects.create(
            team=team,
            person=staff(evaluator, f"专家{i}", full_time=False),
            role=TeamRole.EXPERT,
            joined_on=ON,
        )


def test_evaluator_team_needs_three_full_time_and_five_experts(eval_team):
    team, evaluator = eval_team
    _add_initial(team, evaluator, members=2, experts=4)
    result = team_check(team=team, on=ON)
    assert result.checks[0].status == NOT_MET and "专家组4人" in result.checks[0].detail
    from apps.agencies.models import TeamMembership

    TeamMembership.objects.create(
        team=team,
        person=staff(evaluator, "专家X", full_time=False),
        role=TeamRole.EXPERT,
        joined_on=ON,
    )
    assert team_check(team=team, on=ON).checks[0].status == MET


def test_direct_changes_to_an_evaluator_team_are_refused(eval_team):
    team, evaluator = eval_team
    with pytest.raises(ValidationError) as exc:
        team_member_add(
            actor=None,
            team=team,
            person=staff(evaluator, "新人"),
            role=TeamRole.MEMBER,
            joined_on=ON,
        )
    assert "书面申请" in str(exc.value)
    with pytest.raises(ValidationError):
        team_member_remove(actor=None, membership=team.memberships.get(), left_on=ON)


def test_written_request_approved_by_the_bureau_changes_the_team(world, eval_team):
    team, evaluator = eval_team
    newcomer = staff(evaluator, "新人")

    def request(written):
        return team_change_request(
            actor=world.users["evaluator"],
            team=team,
            action=ChangeAction.ADD,
            person=newcomer,
            role=TeamRole.MEMBER,
            effective_on=date(2018, 9, 1),
            written_request=written,
        )

    with pytest.raises(ValidationError):
        request(" ")
    req = request("增补一名执行成员")
    assert not team.memberships.filter(person=newcomer).exists()
    team_change_decide(actor=world.users["bureau"], request=req, approve=True)
    req.refresh_from_db()
    assert req.status == ChangeStatus.APPROVED
    assert team.memberships.get(person=newcomer).joined_on == date(2018, 9, 1)


def test_refusal_needs_a_reason_and_changes_nothing(world, eval_team):
    team, evaluator = eval_team
    lead = team.memberships.get().person
    req = team_change_request(
        actor=world.users["evaluator"],
        team=team,
        action=ChangeAction.REMOVE,
        person=lead,
        effective_on=date(2018, 9, 1),
        written_request="负责人调离",
    )
    with pytest.raises(ValidationError):
        team_change_decide(actor=world.users["bureau"], request=req, approve=False)
    team_change_decide(
        actor=world.users["bureau"], request=req, approve=False, reason="须先指定新负责人"
    )
    assert team.memberships.current().filter(person=lead).exists()
    assert req.status == ChangeStatus.REJECTED
