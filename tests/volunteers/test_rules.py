"""Volunteers: one person however many teams; C4 teams and people at their boundaries."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.volunteers import selectors, services
from apps.volunteers.models import Volunteer


def _team(world, years, name, community=None):
    return services.team_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=community or world.community_a,
        name=name,
        founded_on=years[1].start,
        governance_role="楼道环境巡查,参与居民议事",
    )


def _members(team, n, *, start=0, joined_on=None):
    for i in range(start, start + n):
        services.member_add(
            actor=None,
            team=team,
            name=f"志愿者{i}",
            phone=f"1390000{i:04d}",
            joined_on=joined_on or team.founded_on,
        )


def test_same_person_in_two_teams_is_one_volunteer(world, years):
    first, second = _team(world, years, "环保队"), _team(world, years, "助老队")
    services.member_add(
        actor=None, team=first, name="王 芳", phone="139-0000-1234", joined_on=years[1].start
    )
    services.member_add(
        actor=None, team=second, name="王芳", phone="+86 13900001234", joined_on=years[1].start
    )
    assert Volunteer.objects.count() == 1
    row = selectors.volunteer_progress(contract=world.contract_a, project_year=years[1])[0]
    assert (row.teams, row.people) == (2, 1)


def test_same_name_other_phone_is_another_person(world, years):
    team = _team(world, years, "环保队")
    services.member_add(
        actor=None, team=team, name="王芳", phone="13900001234", joined_on=years[1].start
    )
    services.member_add(
        actor=None, team=team, name="王芳", phone="13900005678", joined_on=years[1].start
    )
    assert Volunteer.objects.count() == 2


def test_a_person_joins_a_team_once(world, years):
    team = _team(world, years, "环保队")
    services.member_add(
        actor=None, team=team, name="李明", phone="13900001111", joined_on=years[1].start
    )
    with pytest.raises(ValidationError, match="已在"):
        services.member_add(
            actor=None, team=team, name="李明", phone="139 0000 1111", joined_on=years[1].start
        )


@pytest.mark.parametrize(
    ("teams", "people", "met"),
    [(1, 50, False), (2, 49, False), (2, 50, True)],
)
def test_c4_needs_two_teams_and_fifty_people(world, years, teams, people, met):
    made = [_team(world, years, f"队伍{i}") for i in range(teams)]
    # Spread people over the teams, plus one person in every team (counted once).
    for i in range(people - 1):
        services.member_add(
            actor=None,
            team=made[i % teams],
            name=f"人{i}",
            phone=f"1380000{i:04d}",
            joined_on=years[1].start,
        )
    for team in made:
        services.member_add(
            actor=None, team=team, name="共同成员", phone="13700000000", joined_on=years[1].start
        )
    row = selectors.volunteer_progress(contract=world.contract_a, project_year=years[1])[0]
    assert (row.teams, row.people) == (teams, people)
    assert row.met is met


def test_c4_minimums_come_from_the_rule(world, years):
    from apps.catalogue.models import IndicatorRule

    rule = IndicatorRule.objects.get(pilot_round=world.pilot_round, code="C4")
    rule.thresholds = {"min_teams": 1, "min_people": 2}
    rule.save()
    _members(_team(world, years, "环保队"), 2)
    row = selectors.volunteer_progress(contract=world.contract_a, project_year=years[1])[0]
    assert row.met


def test_team_needs_a_governance_role_and_a_contract_community(world, years):
    with pytest.raises(ValidationError, match="社区治理"):
        services.team_create(
            actor=None,
            contract=world.contract_a,
            community=world.community_a,
            name="x",
            founded_on=years[1].start,
            governance_role=" ",
        )
    with pytest.raises(ValidationError, match="不是本合同的服务社区"):
        services.team_create(
            actor=None,
            contract=world.contract_a,
            community=world.community_b,
            name="x",
            founded_on=years[1].start,
            governance_role="巡查",
        )


def test_activity_hours_and_participants_must_be_members(world, years):
    team, other = _team(world, years, "环保队"), _team(world, years, "助老队")
    _members(team, 3)
    _members(other, 1, start=10)
    members = [m.volunteer for m in team.memberships.all()]
    day = years[1].start + timedelta(days=3)
    services.activity_create(
        actor=None, team=team, held_on=day, title="清理楼道", hours="2.5", participants=members
    )
    assert selectors.team_hours(team=team)["person_hours"] == 7.5
    outsider = other.memberships.get().volunteer
    with pytest.raises(ValidationError, match="本队伍的成员"):
        services.activity_create(
            actor=None, team=team, held_on=day, title="x", hours="1", participants=[outsider]
        )
    with pytest.raises(ValidationError, match="大于0"):
        services.activity_create(actor=None, team=team, held_on=day, title="x", hours="0")
