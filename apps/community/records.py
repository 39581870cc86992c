"""The record types of this app, described once for gates, pages and API, and the figures of
the quarterly report its records give (registered in ``CommunityConfig.ready``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from apps.records.kinds import RecordKind, register, register_figure

from . import models as m
from .services.resources import RESOURCE_EDITABLE

# The household an archive describes, as its page and the API show it.
HOUSEHOLD_FIELDS = (
    "address",
    "household_head",
    "member_count",
    "members",
    "needs",
    "is_distressed",
)

KINDS = (
    RecordKind(
        "archive",
        "居民家庭需求档案",
        m.HouseholdArchive,
        related=("contract", "community", "item", "project_year", "worker"),
        detail_fields=(
            "community",
            *HOUSEHOLD_FIELDS,
            "client_reference",
            "worker",
            "recorded_on",
            "project_year",
        ),
    ),
    RecordKind(
        "resource",
        "社区资源",
        m.Resource,
        detail_fields=("community", "kind", *RESOURCE_EDITABLE),
    ),
    RecordKind(
        "study",
        "社区社会工作研究",
        m.ResearchStudy,
        detail_fields=(
            "community",
            "sub_item",
            "title",
            "started_on",
            "finished_on",
            "summary",
            "project_year",
        ),
    ),
    RecordKind(
        "training",
        "社区工作者培训",
        m.TrainingSession,
        detail_fields=(
            "held_on",
            "topic",
            "hours",
            "trainer",
            "attendee_count",
            "attendees",
            "project_year",
        ),
    ),
    RecordKind(
        "incubation",
        "社区社会组织培育",
        m.Incubation,
        detail_fields=(
            "community",
            "sub_item",
            "organization_name",
            "started_on",
            "stage",
            "results",
        ),
    ),
    RecordKind(
        "project",
        "社区治理项目",
        m.GovernanceProject,
        detail_fields=(
            "community",
            "item",
            "sub_item",
            "title",
            "started_on",
            "consultation",
            "conventions",
            "results",
            "fund_amount",
            "project_year",
        ),
    ),
    RecordKind(
        "meeting",
        "联席会议",
        m.Meeting,
        related=("contract", "organization", "project_year"),
        place_path="organization",
        detail_fields=(
            "kind",
            "organization",
            "held_on",
            "attendees",
            "minutes",
            "decisions",
            "created_by",
        ),
    ),
    RecordKind(
        "quarterly",
        "季度进展报告",
        m.QuarterlyReport,
        related=("contract",),
        place_path=None,
        detail_fields=(
            "year",
            "quarter",
            "period_start",
            "period_end",
            "narrative",
            "issues",
            "submitted_on",
            "created_by",
        ),
    ),
)


def _count(model, date_field, **extra):
    def count(*, contract, start, end):
        return model.objects.filter(
            contract=contract, **{f"{date_field}__range": (start, end)}, **extra
        ).count()

    return count


def _training_hours(*, contract, start, end):
    hours = m.TrainingSession.objects.filter(
        contract=contract, held_on__range=(start, end)
    ).aggregate(s=Sum("hours"))["s"]
    return str(hours or Decimal(0))


def _resource_changes(*, contract, start, end):
    return m.ResourceChange.objects.filter(
        resource__contract=contract, changed_on__range=(start, end)
    ).count()


FIGURES = (
    ("archives", 10, "居民家庭需求档案(份)", _count(m.HouseholdArchive, "recorded_on")),
    (
        "archives_distressed",
        20,
        "其中困境家庭(份)",
        _count(m.HouseholdArchive, "recorded_on", is_distressed=True),
    ),
    ("resource_changes", 30, "资源库新增/更新(条)", _resource_changes),
    ("studies", 40, "社区研究(项)", _count(m.ResearchStudy, "started_on")),
    ("trainings", 50, "社区工作者培训(次)", _count(m.TrainingSession, "held_on")),
    ("training_hours", 60, "培训学时", _training_hours),
    ("incubations", 70, "社会组织培育(个)", _count(m.Incubation, "started_on")),
    ("governance_projects", 80, "治理类项目(个)", _count(m.GovernanceProject, "started_on")),
    (
        "weekly_meetings",
        120,
        "社区周联席会议(次)",
        _count(m.Meeting, "held_on", kind=m.MeetingKind.WEEKLY),
    ),
    (
        "monthly_meetings",
        130,
        "街道月联席会议(次)",
        _count(m.Meeting, "held_on", kind=m.MeetingKind.MONTHLY),
    ),
)


def register_all() -> None:
    register(*KINDS)
    for key, position, label, count in FIGURES:
        register_figure(key, position=position, label=label, count=count)
