"""Reads: progress against the round's rules, the resource map, missing meetings and reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from apps.procurement.models import ProjectYear

from . import rules
from .models import (
    GovernanceProject,
    HouseholdArchive,
    Meeting,
    MeetingKind,
    QuarterlyReport,
    ResearchStudy,
    Resource,
    ResourceChange,
    TrainingSession,
)
from .services import quarter_bounds


def today() -> date:
    return timezone.localdate()


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


def percent(part: int, whole: int) -> Decimal:
    """A share in percent, rounded down to 0.1 so 69.99 % never shows as 70 %."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)


@dataclass
class ArchiveProgress:
    community: object
    count: int
    distressed: int
    min_count: int
    min_share: Decimal  # as a fraction, e.g. 0.7

    @property
    def share_percent(self) -> Decimal:
        return percent(self.distressed, self.count)

    @property
    def min_share_percent(self) -> Decimal:
        return (self.min_share * 100).quantize(Decimal("0.1"))

    @property
    def count_met(self) -> bool:
        return self.count >= self.min_count

    @property
    def share_met(self) -> bool:
        # Compared exactly (not on the rounded percent): 104/150 is 69.3 %, not met.
        return self.count > 0 and Decimal(self.distressed) >= self.min_share * self.count

    @property
    def bar_percent(self) -> int:
        return min(100, int(self.count * 100 / self.min_count)) if self.min_count else 100


def archive_progress(*, contract, project_year, communities=None) -> list[ArchiveProgress]:
    """C1 per community of the contract for one project year (one grouped query)."""
    thresholds = rules.rule_thresholds(contract.unit.pilot_round, "C1", project_year.start)
    communities = list(communities if communities is not None else contract.communities.all())
    rows = (
        HouseholdArchive.objects.filter(
            contract=contract,
            project_year=project_year,
            community__in=[c.pk for c in communities],
        )
        .values("community")
        .annotate(n=Count("pk"), d=Count("pk", filter=Q(is_distressed=True)))
    )
    by_community = {r["community"]: r for r in rows}
    return [
        ArchiveProgress(
            community=c,
            count=by_community.get(c.pk, {}).get("n", 0),
            distressed=by_community.get(c.pk, {}).get("d", 0),
            min_count=int(thresholds["min_count"]),
            min_share=Decimal(str(thresholds["min_share_distressed"])),
        )
        for c in communities
    ]


def resource_map_status(*, contract, community, project_year) -> dict:
    """C2: the library exists, and a change is dated inside the project year."""
    changes = ResourceChange.objects.filter(
        resource__contract=contract, resource__community=community
    )
    last = changes.aggregate(last=Max("changed_on"))["last"]
    in_year = changes.filter(changed_on__range=(project_year.start, project_year.end)).exists()
    return {
        "exists": last is not None,
        "last_change": last,
        "updated_in_year": in_year,
        "count": Resource.objects.filter(
            contract=contract, community=community, is_active=True
        ).count(),
    }


def training_progress(*, contract, project_year) -> dict:
    """S5: sessions and hours of the street's trainings in the project year."""
    thresholds = rules.rule_thresholds(contract.unit.pilot_round, "S5", project_year.start)
    agg = TrainingSession.objects.filter(contract=contract, project_year=project_year).aggregate(
        n=Count("pk"), h=Sum("hours")
    )
    sessions, hours = agg["n"], agg["h"] or Decimal(0)
    min_sessions = int(thresholds["min_sessions"])
    min_hours = Decimal(str(thresholds["min_hours"]))
    return {
        "sessions": sessions,
        "hours": hours,
        "min_sessions": min_sessions,
        "min_hours": min_hours,
        "sessions_met": sessions >= min_sessions,
        "hours_met": hours >= min_hours,
        "met": sessions >= min_sessions and hours >= min_hours,
    }


def community_counts(*, contract, community, project_year) -> dict:
    """C3, C5, C6, C7 counts with their rules' minimums."""
    pilot_round = contract.unit.pilot_round
    studies = ResearchStudy.objects.filter(
        contract=contract, community=community, project_year=project_year
    ).count()
    projects = dict(
        GovernanceProject.objects.filter(
            contract=contract, community=community, project_year=project_year
        )
        .values_list("item__code")
        .annotate(n=Count("pk"))
    )
    rows = []
    for code, label, value in (
        ("C3", "社区社会工作研究", studies),
        ("C5", "社区环境治理项目", projects.get("A1-T4-1", 0)),
        ("C6", "社区公益平台", projects.get("A1-T4-2", 0)),
        ("C7", "社区关系网络建设项目", projects.get("A1-T4-3", 0)),
    ):
        minimum = int(rules.rule_thresholds(pilot_round, code, project_year.start)["min_count"])
        rows.append(
            {"code": code, "label": label, "value": value, "min": minimum, "met": value >= minimum}
        )
    return {"rows": rows, "other_projects": projects.get("A1-T4-4", 0)}


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


def missing_quarters(*, contract, start: date, end: date) -> list[dict]:
    """Calendar quarters ended within the period (and the contract) with no report."""
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
