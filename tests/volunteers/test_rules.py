"""Volunteers: one person however many teams (C4 itself: tests/metrics boundaries)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from apps.volunteers import selectors, services
from apps.volunteers.models import TeamMembership, Volunteer
from tests.community.builders import at_a
from tests.volunteers.builders import volunteer_team


def _team(world, years, name, community=None):
    return volunteer_team(
        world.contract_a,
        community or world.community_a,
        years[1].start,
        actor=world.users["social_worker"],
        name=name,
        role="楼道环境巡查,参与居民议事",
        member=False,
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
    assert TeamMembership.objects.filter(volunteer__in=Volunteer.objects.all()).count() == 2


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


def test_team_needs_a_governance_role_and_a_contract_community(world, years):
    with pytest.raises(ValidationError, match="社区治理"):
        services.team_create(
            **at_a(world),
            name="x",
            founded_on=years[1].start,
            governance_role=" ",
        )
    with pytest.raises(ValidationError, match="不是本合同的服务社区"):
        volunteer_team(world.contract_a, world.community_b, years[1].start, name="x", member=False)


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
