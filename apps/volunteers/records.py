"""This app's record types and quarterly-report figures, registered in
``VolunteersConfig.ready`` with the shared registry (apps.records)."""

from __future__ import annotations

from apps.records.kinds import RecordKind, register, register_figure

from .models import TeamMembership, VolunteerActivity, VolunteerTeam

KINDS = (
    RecordKind(
        "team",
        "志愿者队伍",
        VolunteerTeam,
        detail_fields=("community", "name", "founded_on", "governance_role", "is_active"),
        page="volunteers:team",
    ),
    RecordKind(
        "activity",
        "志愿服务活动",
        VolunteerActivity,
        related=("team", "team__contract", "team__community", "project_year"),
        contract_path="team__contract",
        place_path="team__community",
        detail_fields=("team", "held_on", "title", "hours"),
    ),
)


def _teams(*, contract, start, end):
    return VolunteerTeam.objects.filter(contract=contract, founded_on__range=(start, end)).count()


def _joined(*, contract, start, end):
    """People who joined a team of the contract in the period, each counted once."""
    return (
        TeamMembership.objects.filter(team__contract=contract, joined_on__range=(start, end))
        .values("volunteer")
        .distinct()
        .count()
    )


def _activities(*, contract, start, end):
    return VolunteerActivity.objects.filter(
        team__contract=contract, held_on__range=(start, end)
    ).count()


def register_all() -> None:
    register(*KINDS)
    register_figure("volunteer_teams", position=90, label="新建志愿者队伍(支)", count=_teams)
    register_figure("volunteers_joined", position=100, label="新加入志愿者(人)", count=_joined)
    register_figure(
        "volunteer_activities", position=110, label="志愿服务活动(次)", count=_activities
    )
