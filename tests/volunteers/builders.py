"""Volunteer teams for tests, made through the real services."""

from apps.volunteers import services


def volunteer_team(
    contract, community, founded_on, *, actor=None, name="环保队", role="巡查", member="王芳"
):
    """A team of ``contract`` in ``community`` (through ``services.team_create``) and, unless
    ``member`` is off, its one member (named ``member``) who joined the day it was founded."""
    team = services.team_create(
        actor=actor,
        contract=contract,
        community=community,
        name=name,
        founded_on=founded_on,
        governance_role=role,
    )
    if member:
        services.member_add(
            actor=actor, team=team, name=member, phone="13900001234", joined_on=founded_on
        )
    return team
