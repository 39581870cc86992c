"""Writes: §六(二) meetings and quarterly reports."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.records.services import check_community, project_year_for
from apps.records.services import record_save as save

from ..models import Meeting, MeetingKind, QuarterlyReport
from ..selectors import quarter_bounds, quarterly_figures

# --- §六(二) meetings and quarterly reports ----------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    contract,
    kind: str,
    organization,
    held_on: date,
    attendees: str,
    minutes: str,
    decisions: str = "",
) -> Meeting:
    """Weekly meetings are a community's, monthly ones the contract's street's."""
    if kind == MeetingKind.WEEKLY:
        check_community(contract, organization)
    elif kind == MeetingKind.MONTHLY:
        if organization.pk != contract.unit.street_id:
            raise ValidationError("街道月联席会议须由本合同所在街道召开。")
    else:
        raise ValidationError("请选择会议类型。")
    if not attendees.strip() or not minutes.strip():
        raise ValidationError("请填写参会人员和会议纪要。")
    return save(
        Meeting(
            contract=contract,
            kind=kind,
            organization=organization,
            project_year=project_year_for(contract, held_on),
            held_on=held_on,
            attendees=attendees,
            minutes=minutes,
            decisions=decisions,
            created_by=actor,
        ),
        actor=actor,
        action="meeting_create",
        kind=kind,
    )


@transaction.atomic
def quarterly_report_create(
    *,
    actor,
    contract,
    year: int,
    quarter: int,
    narrative: str,
    submitted_on: date,
    issues: str = "",
) -> QuarterlyReport:
    start, end = quarter_bounds(year, quarter)
    if end < contract.start_date or start > contract.end_date:
        raise ValidationError("该季度不在合同服务期内。")
    if submitted_on < start:
        raise ValidationError("报送日期不能早于季度开始。")
    if QuarterlyReport.objects.filter(contract=contract, year=year, quarter=quarter).exists():
        raise ValidationError(f"{year}年第{quarter}季度的进展报告已报送。")
    if not narrative.strip():
        raise ValidationError("请填写进展说明。")
    return save(
        QuarterlyReport(
            contract=contract,
            year=year,
            quarter=quarter,
            period_start=start,
            period_end=end,
            figures=quarterly_figures(contract=contract, year=year, quarter=quarter),
            narrative=narrative,
            issues=issues,
            submitted_on=submitted_on,
            created_by=actor,
        ),
        actor=actor,
        action="quarterly_report_create",
        year=year,
        quarter=quarter,
    )
