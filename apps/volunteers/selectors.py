"""Reads: C4 progress per community (teams and distinct people), team pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Sum

from apps.community import rules

from .models import TeamMembership, VolunteerActivity, VolunteerTeam


@dataclass
class VolunteerProgress:
    community: object
    teams: int
    people: int
    min_teams: int
    min_people: int

    @property
    def met(self) -> bool:
        return self.teams >= self.min_teams and self.people >= self.min_people


def volunteer_progress(*, contract, project_year, communities=None) -> list[VolunteerProgress]:
    """C4: active teams in being by the year's end, and people counted once across them."""
    thresholds = rules.rule_thresholds(contract.unit.pilot_round, "C4", project_year.start)
    communities = list(communities if communities is not None else contract.communities.all())
    ids = [c.pk for c in communities]
    teams = dict(
        VolunteerTeam.objects.filter(
            contract=contract,
            community__in=ids,
            is_active=True,
            founded_on__lte=project_year.end,
        )
        .values_list("community")
        .annotate(n=Count("pk"))
    )
    people = dict(
        TeamMembership.objects.filter(
            team__contract=contract,
            team__community__in=ids,
            team__is_active=True,
            joined_on__lte=project_year.end,
        )
        .values_list("team__community")
        .annotate(n=Count("volunteer", distinct=True))
    )
    return [
        VolunteerProgress(
            community=c,
            teams=teams.get(c.pk, 0),
            people=people.get(c.pk, 0),
            min_teams=int(thresholds["min_teams"]),
            min_people=int(thresholds["min_people"]),
        )
        for c in communities
    ]


def team_hours(*, team) -> dict:
    """Volunteer hours of a team: per activity hours × participants, summed."""
    activities = VolunteerActivity.objects.filter(team=team).annotate(n=Count("participants"))
    total = sum((a.hours * a.n for a in activities), start=0)
    return {"activities": len(activities), "person_hours": total}


def teams_with_counts(queryset):
    return queryset.annotate(
        member_count=Count("memberships", distinct=True),
        activity_count=Count("activities", distinct=True),
    )


def activity_hours_total(queryset):
    return queryset.aggregate(s=Sum("hours"))["s"] or 0
