"""Reads for the team pages (C4 itself is the engine's: pages show its snapshots)."""

from __future__ import annotations

from django.db.models import Count, Sum

from .models import VolunteerActivity


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
