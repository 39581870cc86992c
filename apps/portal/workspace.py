"""Each person's to-do list on their home page, computed from the data through the gates.

One function per role; each returns ``Todo`` items that link to the page where the work is
done. Queries are bounded by the person's roles and contracts (never by the number of cases,
meetings or snapshots): counts are aggregated in the database, lists are cut to a few rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse

from apps.accounts.models import Role
from apps.cases.models import CaseReview, CaseStatus, ImportStatus, ReviewDecision
from apps.cases.permissions import cases_visible_to, imports_visible_to
from apps.community.selectors import missing_months, missing_quarters, missing_weeks
from apps.core.clock import today
from apps.evaluations.models import Status as EvaluationStatus
from apps.evaluations.permissions import assessments_visible_to, can_administer
from apps.evaluations.selectors import approval_queue
from apps.metrics.permissions import snapshots_visible_to
from apps.orgs.models import Organization
from apps.plans.models import AdjustmentStage
from apps.plans.permissions import adjustments_visible_to
from apps.procurement.models import LatenessDecision, LatenessLevel, ProjectYear
from apps.procurement.selectors import contract_lateness

# A case with no service record for this many days is due a visit.
VISIT_DUE_DAYS = 30
# How many rows of a list a to-do item shows before "all" (keeps the page short).
SHOWN = 5


@dataclass
class Todo:
    """One thing to do: what, how many, where it is done (and a few rows to open directly)."""

    label: str
    url: str
    count: int | None = None
    action: str = "去办理"
    tone: str = "warning"  # "danger" | "warning" | "info"
    rows: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    testid: str = ""


def _years(contracts) -> dict[int, list]:
    """Project years per round of the contracts, in one query."""
    rounds = {c.unit.pilot_round_id for c in contracts}
    out: dict[int, list] = {}
    for y in ProjectYear.objects.filter(pilot_round_id__in=rounds).order_by("number"):
        out.setdefault(y.pilot_round_id, []).append(y)
    return out


def _period(contract, years, on):
    """The part of the project year under way (and of the contract) that has passed by ``on``."""
    rows = years.get(contract.unit.pilot_round_id, [])
    started = [y for y in rows if y.start <= on]
    if not started:
        return None, None, None
    # The year under way; once the term is over, the last one (what is still missing there).
    year = next((y for y in started if on <= y.end), started[-1])
    start = max(year.start, contract.start_date)
    end = min(year.end, contract.end_date, on)
    return (year, start, end) if start <= end else (year, None, None)


def _adjustments(*, user, stage, q: Q) -> Todo | None:
    waiting = list(adjustments_visible_to(user=user).filter(q, stage=stage).order_by("filed_at"))
    if not waiting:
        return None
    return Todo(
        label="方案调整申请待审核",
        url=reverse("plans:adjustment_detail", args=[waiting[0].pk]),
        count=len(waiting),
        action="审核",
        rows=[
            (
                f"{a.plan.contract.number} 调整申请 #{a.pk}",
                reverse("plans:adjustment_detail", args=[a.pk]),
            )
            for a in waiting[:SHOWN]
        ],
        testid="todo-adjustments",
    )


def street_todos(*, user, org, contracts, years, on) -> list[Todo]:
    todos = []
    imports = list(
        imports_visible_to(user=user)
        .filter(organization__in=Organization.objects.in_subtree_of([org.pk]).values("pk"))
        .values_list("status", flat=True)
    )
    waiting = sum(1 for s in imports if s == ImportStatus.VALIDATED)
    if waiting:
        todos.append(
            Todo(
                label="名单已校验,待确认导入",
                url=reverse("cases:import_list"),
                count=waiting,
                action="确认",
                testid="todo-import-confirm",
            )
        )
    if ImportStatus.IMPORTED not in imports:
        todos.append(
            Todo(
                label="尚未导入本街道(镇)的目标人群名单",
                url=reverse("cases:import_upload"),
                action="上传名单",
                tone="danger",
                testid="todo-list-upload",
            )
        )
    for c in contracts:
        _, start, end = _period(c, years, on)
        if start is None:
            continue
        missing = missing_months(contract=c, start=start, end=end)
        if missing:
            todos.append(
                Todo(
                    label=f"{c.number} 街道月联席会议未登记",
                    url=reverse("community:create", args=[c.pk, "monthly"]),
                    count=len(missing),
                    action="登记会议",
                    rows=[(m["label"], "") for m in missing[-SHOWN:]],
                    testid="todo-monthly",
                )
            )
    adj = _adjustments(
        user=user, stage=AdjustmentStage.STREET, q=Q(plan__contract__unit__street=org)
    )
    return todos + ([adj] if adj else [])


def community_todos(*, user, org, contracts, years, on) -> list[Todo]:
    todos = []
    submitted = set(
        assessments_visible_to(user=user)
        .filter(organization=org, status=EvaluationStatus.SUBMITTED)
        .values_list("contract_id", "project_year_id")
    )
    for c in contracts:
        year, start, end = _period(c, years, on)
        if year is None:
            continue
        if start is not None:
            missing = missing_weeks(contract=c, community=org, start=start, end=end)
            if missing:
                todos.append(
                    Todo(
                        label=f"{c.number} 社区周联席会议未登记",
                        url=reverse("community:create", args=[c.pk, "weekly"]),
                        count=len(missing),
                        action="登记会议",
                        rows=[(m["label"], "") for m in missing[-SHOWN:]],
                        testid="todo-weekly",
                    )
                )
        if (c.pk, year.pk) not in submitted:
            todos.append(
                Todo(
                    label=f"{c.number} 第{year.number}年度社区考核待提交",
                    url=reverse("evaluations:assessments"),
                    action="填写考核",
                    testid="todo-assessment",
                )
            )
    return todos


def _reviewed(decision=None):
    q = CaseReview.objects.filter(case=OuterRef("pk"))
    return Exists(q.filter(decision=decision) if decision else q)


def _case_rows(cases) -> list[tuple[str, str]]:
    return [
        (
            f"#{c.pk} {c.get_kind_display()} · {c.community.name}",
            reverse("cases:case_detail", args=[c.pk]),
        )
        for c in cases[:SHOWN]
    ]


def social_worker_todos(*, user, org, on, **_) -> list[Todo]:
    mine = cases_visible_to(user=user).filter(
        assigned_worker=user, contract__agency=org, status=CaseStatus.OPEN
    )
    todos = []
    open_cases = list(
        mine.annotate(
            last_record=Max("records__date"),
            reviewed=_reviewed(),
            returned=_reviewed(ReviewDecision.RETURNED),
            approved=_reviewed(ReviewDecision.APPROVED),
        ).order_by("opened_on", "pk")
    )
    if open_cases:
        todos.append(
            Todo(
                label="我负责的在服务个案",
                url=reverse("cases:case_list") + "?status=open",
                count=len(open_cases),
                action="查看",
                tone="info",
                testid="todo-open-cases",
            )
        )
    due = on - timedelta(days=VISIT_DUE_DAYS)
    visits = [c for c in open_cases if (c.last_record or c.opened_on) <= due]
    if visits:
        todos.append(
            Todo(
                label=f"超过{VISIT_DUE_DAYS}天未服务,待回访",
                url=reverse("cases:case_detail", args=[visits[0].pk]) + "#record-form",
                count=len(visits),
                action="记录服务",
                rows=_case_rows(visits),
                testid="todo-visits",
            )
        )
    returned = [c for c in open_cases if c.returned and not c.approved]
    if returned:
        todos.append(
            Todo(
                label="督导退回、待修改的个案",
                url=reverse("cases:case_detail", args=[returned[0].pk]),
                count=len(returned),
                tone="danger",
                rows=_case_rows(returned),
                testid="todo-returned",
            )
        )
    pending = [c for c in open_cases if not c.reviewed]
    if pending:
        todos.append(
            Todo(
                label="已提交、等待督导审核的个案",
                url=reverse("cases:case_detail", args=[pending[0].pk]),
                count=len(pending),
                action="查看",
                tone="info",
                rows=_case_rows(pending),
                testid="todo-awaiting-review",
            )
        )
    return todos


def review_todos(*, user, org, **_) -> list[Todo]:
    """Manager and supervisor: the agency's cases never reviewed."""
    queue = list(
        cases_visible_to(user=user)
        .filter(contract__agency=org)
        .annotate(reviewed=_reviewed())
        .filter(reviewed=False)
        .order_by("opened_on", "pk")[:100]
    )
    if not queue:
        return []
    return [
        Todo(
            label="待审核的个案",
            url=reverse("cases:case_detail", args=[queue[0].pk]) + "#review-form",
            count=len(queue),
            action="审核",
            rows=_case_rows(queue),
            testid="todo-review-queue",
        )
    ]


def manager_todos(*, user, org, contracts, years, on) -> list[Todo]:
    todos = review_todos(user=user, org=org)
    warnings = list(
        snapshots_visible_to(user=user)
        .current()
        .filter(contract__agency=org, applicable=True, will_miss=True)
        .order_by("contract_id", "rule__order")[:100]
    )
    if warnings:
        todos.append(
            Todo(
                label="按当前进度预计年末未达标的指标",
                url=reverse("metrics:contract", args=[warnings[0].contract_id]),
                count=len(warnings),
                action="查看进度",
                tone="danger",
                rows=[
                    (
                        f"{s.contract.number} {s.rule.name}"
                        + (f" · {s.community.name}" if s.community_id else ""),
                        reverse("metrics:snapshot", args=[s.pk]),
                    )
                    for s in warnings[:SHOWN]
                ],
                testid="todo-pace",
            )
        )
    for c in contracts:
        missing = missing_quarters(contract=c, start=c.start_date, end=min(on, c.end_date))
        if missing:
            todos.append(
                Todo(
                    label=f"{c.number} 季度进展报告待报送",
                    url=reverse("community:create", args=[c.pk, "quarterly"]),
                    count=len(missing),
                    action="报送",
                    rows=[(m["label"], "") for m in missing[-SHOWN:]],
                    testid="todo-quarterly",
                )
            )
    return todos


def district_todos(*, user, org, **_) -> list[Todo]:
    adj = _adjustments(
        user=user, stage=AdjustmentStage.DISTRICT, q=Q(plan__contract__unit__street__parent=org)
    )
    return [adj] if adj else []


def bureau_todos(*, user, contracts, on, **_) -> list[Todo]:
    todos = []
    adj = (
        _adjustments(user=user, stage=AdjustmentStage.BUREAU, q=Q())
        if can_administer(user)
        else None
    )
    if adj:
        todos.append(adj)
    decided = set(
        LatenessDecision.objects.filter(contract__in=contracts).values_list(
            "contract_id", flat=True
        )
    )
    late = [
        c
        for c in contracts
        if c.pk not in decided and contract_lateness(contract=c, on=on).level != LatenessLevel.NONE
    ]
    if late:
        todos.append(
            Todo(
                label="团队组建逾期,待作出处理决定",
                url=reverse("procurement:contract_detail", args=[late[0].pk]) + "#lateness-form",
                count=len(late),
                action="决定",
                tone="danger",
                rows=[
                    (
                        c.number,
                        reverse("procurement:contract_detail", args=[c.pk]) + "#lateness-form",
                    )
                    for c in late[:SHOWN]
                ],
                testid="todo-lateness",
            )
        )
    queue = approval_queue() if can_administer(user) else []
    if queue:
        todos.append(
            Todo(
                label="评估已提交,待审定",
                url=reverse(
                    "evaluations:compare",
                    args=[
                        queue[0]["contract_id"],
                        queue[0]["project_year__number"],
                        queue[0]["kind"],
                    ],
                ),
                count=len(queue),
                action="审定",
                testid="todo-approvals",
            )
        )
    red = snapshots_visible_to(user=user).current().filter(applicable=True, met=False).count()
    if red:
        todos.append(
            Todo(
                label="未达标的指标(红灯)",
                url=reverse("metrics:dashboard"),
                count=red,
                action="查看看板",
                tone="danger",
                testid="todo-red",
            )
        )
    return todos


ROLE_TODOS = {
    Role.BUREAU_STAFF: bureau_todos,
    Role.DISTRICT_STAFF: district_todos,
    Role.STREET_COORDINATOR: street_todos,
    Role.COMMUNITY_COORDINATOR: community_todos,
    Role.AGENCY_MANAGER: manager_todos,
    Role.SUPERVISOR: review_todos,
    Role.SOCIAL_WORKER: social_worker_todos,
}


def todos_for(*, user, role, org, contracts, years, on=None) -> list[Todo]:
    """The to-do items of one membership (the evaluator's come from the evaluations app's tag)."""
    fn = ROLE_TODOS.get(role)
    if fn is None:
        return []
    return fn(user=user, org=org, contracts=contracts, years=years, on=on or today())
