"""The record types of this app and apps.volunteers, described once for gates, pages and API."""

from __future__ import annotations

from dataclasses import dataclass

from apps.accounts.gates import get_in_scope_or_404

from . import models as m
from .permissions import scoped_records


@dataclass(frozen=True)
class RecordKind:
    slug: str
    label: str
    model: type
    related: tuple = ("contract", "community", "item", "sub_item", "project_year")
    contract_path: str = "contract"
    place_path: str | None = "community"
    detail_fields: tuple = ()

    def visible_to(self, *, user):
        qs = self.model.objects.select_related(*self.related)
        return scoped_records(
            user=user,
            queryset=qs,
            contract_path=self.contract_path,
            place_path=self.place_path,
        )

    def get_for_user_or_404(self, *, user, pk):
        return get_in_scope_or_404(self.visible_to(user=user), pk=pk)


def _kinds():
    from apps.volunteers.models import VolunteerActivity, VolunteerTeam

    return [
        RecordKind(
            "archive",
            "居民家庭需求档案",
            m.HouseholdArchive,
            related=("contract", "community", "item", "project_year", "worker"),
            detail_fields=(
                "community",
                "address",
                "household_head",
                "member_count",
                "members",
                "needs",
                "is_distressed",
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
            detail_fields=(
                "community",
                "kind",
                "name",
                "description",
                "contact",
                "grid_x",
                "grid_y",
                "latitude",
                "longitude",
                "is_active",
            ),
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
        RecordKind(
            "team",
            "志愿者队伍",
            VolunteerTeam,
            detail_fields=("community", "name", "founded_on", "governance_role", "is_active"),
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
    ]


class _Registry(dict):
    """Built on first use: apps.volunteers' models import this app's models."""

    def _fill(self):
        if not super().__len__():
            for kind in _kinds():
                super().__setitem__(kind.slug, kind)

    def __getitem__(self, key):
        self._fill()
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._fill()
        return super().get(key, default)

    def values(self):
        self._fill()
        return super().values()


KINDS = _Registry()


class _ByModel:
    def get(self, model, default=None):
        for kind in KINDS.values():
            if kind.model is model:
                return kind
        return default


KINDS_BY_MODEL = _ByModel()
