"""Reads: the records of community and street pages, the resource map, missing meetings and
reports. Indicator values are not counted here: pages read the engine's snapshots."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Max, Q, Sum

from apps.procurement.models import ProjectYear
from apps.records.kinds import figures_for

from .models import (
    FundDirection,
    GovernanceProject,
    HouseholdArchive,
    Incubation,
    Meeting,
    MeetingKind,
    QuarterlyReport,
    ResearchStudy,
    Resource,
    ResourceChange,
    TrainingSession,
)


def project_years_of(contract):
    return list(ProjectYear.objects.filter(pilot_round_id=contract.unit.pilot_round_id))


def year_on(contract, day: date) -> ProjectYear | None:
    """The project year containing ``day``; before the first one, the first; after, the last."""
    years = project_years_of(contract)
    if not years:
        return None
    for year in years:
        if year.start <= day <= year.end:
            return year
    return years[0] if day < years[0].start else years[-1]


def resource_map_status(*, contract, community) -> dict:
    """The library's size and its last change (whether that meets C2 is the engine's)."""
    last = ResourceChange.objects.filter(
        resource__contract=contract, resource__community=community
    ).aggregate(last=Max("changed_on"))["last"]
    return {
        "last_change": last,
        "count": active_resources(contract=contract, community=community).count(),
    }


def active_resources(*, contract, community):
    return Resource.objects.filter(contract=contract, community=community, is_active=True)


def community_records(*, contract, community, project_year) -> dict:
    """The lists of a community page (records, not indicators: those are the engine's)."""
    in_year = {"contract": contract, "community": community, "project_year": project_year}
    return {
        "recent_archives": HouseholdArchive.objects.filter(**in_year)
        .select_related("worker")
        .order_by("-recorded_on", "-pk")[:20],
        "studies": ResearchStudy.objects.filter(**in_year).select_related("sub_item"),
        "projects": GovernanceProject.objects.filter(**in_year).select_related("item", "sub_item"),
        "resources": Resource.objects.filter(contract=contract, community=community),
        "meetings": Meeting.objects.filter(
            contract=contract,
            organization=community,
            held_on__range=(project_year.start, project_year.end),
        )[:20],
    }


def street_records(*, contract, project_year) -> dict:
    """The lists of a contract's street-level page."""
    return {
        "trainings": TrainingSession.objects.filter(contract=contract, project_year=project_year),
        "incubations": Incubation.objects.filter(
            contract=contract, project_year=project_year
        ).select_related("community", "sub_item"),
        "meetings": Meeting.objects.filter(
            contract=contract,
            kind=MeetingKind.MONTHLY,
            held_on__range=(project_year.start, project_year.end),
        ),
        "reports": QuarterlyReport.objects.filter(contract=contract),
    }


def fund_balance(project: GovernanceProject) -> Decimal:
    """Income minus spending of a governance project's public-welfare fund."""
    sums = project.entries.aggregate(
        ins=Sum("amount", filter=Q(direction=FundDirection.INCOME)),
        outs=Sum("amount", filter=Q(direction=FundDirection.EXPENSE)),
    )
    return (project.fund_amount or 0) + (sums["ins"] or 0) - (sums["outs"] or 0)


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度须为1–4。")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarterly_figures(*, contract, year: int, quarter: int) -> dict:
    """The quarter's numbers, counted from the portal's own records of the contract (each app
    registers the figures of its records with apps.records)."""
    start, end = quarter_bounds(year, quarter)
    return figures_for(contract=contract, start=start, end=end)


# --- missing meetings and reports -----------------------------------------------------------


def _weeks(start: date, end: date):
    """ISO weeks whose Monday–Sunday lies wholly in [start, end]."""
    monday = start + timedelta(days=(7 - start.weekday()) % 7)
    while monday + timedelta(days=6) <= end:
        iso = monday.isocalendar()
        yield (iso[0], iso[1]), monday
        monday += timedelta(days=7)


def missing_weeks(*, contract, community, start: date, end: date) -> list[dict]:
    """Complete ISO weeks in the period with no weekly meeting of the community."""
    held = {
        tuple(d.isocalendar()[:2])
        for d in Meeting.objects.filter(
            contract=contract,
            kind=MeetingKind.WEEKLY,
            organization=community,
            held_on__range=(start, end),
        ).values_list("held_on", flat=True)
    }
    return [
        {"label": f"{y}年第{w}周", "start": monday, "end": monday + timedelta(days=6)}
        for (y, w), monday in _weeks(start, end)
        if (y, w) not in held
    ]


def _months(start: date, end: date):
    y, m = start.year, start.month
    if start.day != 1:
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    while True:
        first = date(y, m, 1)
        nxt = date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)
        last = nxt - timedelta(days=1)
        if last > end:
            return
        yield (y, m), first, last
        y, m = nxt.year, nxt.month


def missing_months(*, contract, start: date, end: date) -> list[dict]:
    """Complete months in the period with no monthly meeting of the contract's street."""
    held = {
        (d.year, d.month)
        for d in Meeting.objects.filter(
            contract=contract,
            kind=MeetingKind.MONTHLY,
            organization_id=contract.unit.street_id,
            held_on__range=(start, end),
        ).values_list("held_on", flat=True)
    }
    return [
        {"label": f"{y}年{m}月", "start": first, "end": last}
        for (y, m), first, last in _months(start, end)
        if (y, m) not in held
    ]


def missing_quarters(*, contract, start: date, end: date, done: set | None = None) -> list[dict]:
    """Calendar quarters ended within the period (and the contract) with no report.

    ``done``: the contract's reported (year, quarter) pairs, when the caller read them for
    several contracts at once (else one query here)."""
    if done is None:
        done = set(QuarterlyReport.objects.filter(contract=contract).values_list("year", "quarter"))
    out = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while True:
        q_start, q_end = quarter_bounds(year, quarter)
        if q_end > end:
            return out
        if q_end >= contract.start_date and (year, quarter) not in done:
            out.append({"label": f"{year}年第{quarter}季度", "year": year, "quarter": quarter})
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def period_to_date(*, contract, project_year, as_of: date) -> tuple[date, date]:
    """The part of the project year (and the contract) that has passed by ``as_of``."""
    start = max(project_year.start, contract.start_date)
    end = min(project_year.end, contract.end_date, as_of)
    return start, end
