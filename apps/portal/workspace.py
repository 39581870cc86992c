"""Each person's to-do list on their home page, computed from the data through the gates.

One function per role; each returns ``Todo`` items that link to the page where the work is
done. Queries are bounded by the person's roles and contracts (never by the number of cases,
meetings or snapshots): counts are aggregated in the database, lists are cut to a few rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value, Window
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

from apps.accounts.models import Role
from apps.cases.models import (
    CaseKind,
    CaseReview,
    CaseStatus,
    ImportStatus,
    ReviewDecision,
    ServiceRecord,
)
from apps.cases.permissions import cases_visible_to, imports_visible_to
from apps.community.models import QuarterlyReport
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


def _counted(count: int, **item) -> list[Todo]:
    """The to-do of ``count`` things waiting, or none when there are none."""
    return [Todo(count=count, **item)] if count else []


def _missing_todos(contract, missing, *, kind: str, what: str, action: str) -> list[Todo]:
    """The to-do for the ``kind`` records of ``contract`` still ``missing`` (the periods, the
    last few shown): none when nothing is missing."""
    if not missing:
        return []
    return [
        Todo(
            label=f"{contract.number} {what}",
            url=reverse("community:create", args=[contract.pk, kind]),
            count=len(missing),
            action=action,
            rows=[(m["label"], "") for m in missing[-SHOWN:]],
            testid=f"todo-{kind}",
        )
    ]


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
    todos += _counted(
        waiting,
        label="名单已校验,待确认导入",
        url=reverse("cases:import_list"),
        action="确认",
        testid="todo-import-confirm",
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
        todos += _missing_todos(
            c,
            missing_months(contract=c, start=start, end=end),
            kind="monthly",
            what="街道月联席会议未登记",
            action="登记会议",
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
            todos += _missing_todos(
                c,
                missing_weeks(contract=c, community=org, start=start, end=end),
                kind="weekly",
                what="社区周联席会议未登记",
                action="登记会议",
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


def _case_rows(rows) -> list[tuple[str, str]]:
    """(text, link) of at most ``SHOWN`` cases given as (pk, kind, community name)."""
    return [
        (
            f"#{pk} {CaseKind(kind).label} · {community}",
            reverse("cases:case_detail", args=[pk]),
        )
        for pk, kind, community in rows[:SHOWN]
    ]


CASE_ROW = ("pk", "kind", "community__name")
# The social worker's lists of open cases, each a to-do when not empty: label, the anchor of
# the first case's page, test id, and the item's action and tone.
WORKER_LISTS = {
    "visits": (
        f"超过{VISIT_DUE_DAYS}天未服务,待回访",
        "#record-form",
        "todo-visits",
        {"action": "记录服务"},
    ),
    "returned": ("督导退回、待修改的个案", "", "todo-returned", {"tone": "danger"}),
    "pending": (
        "已提交、等待督导审核的个案",
        "",
        "todo-awaiting-review",
        {"action": "查看", "tone": "info"},
    ),
}


def _first_rows_and_count(queryset, fields, order) -> tuple[list, int]:
    """The first ``SHOWN`` rows of ``queryset`` (as ``fields`` tuples) and how many rows it
    has in all, in one query (the total is a window count over the rows before the limit)."""
    rows = list(
        queryset.annotate(in_all=Window(Count("pk")))
        .order_by(*order)
        .values_list(*fields, "in_all")[:SHOWN]
    )
    return [r[:-1] for r in rows], (rows[0][-1] if rows else 0)


def social_worker_todos(*, user, org, on, **_) -> list[Todo]:
    """The worker's open cases: how many, those due a visit, returned by the supervisor,
    waiting for review. Counted in one aggregate, the first rows of each list in one more
    query (a union of three short lists), whatever the number of cases."""
    due = on - timedelta(days=VISIT_DUE_DAYS)
    last_record = (
        ServiceRecord.objects.filter(case=OuterRef("pk")).order_by("-date").values("date")[:1]
    )
    mine = cases_visible_to(user=user).filter(
        assigned_worker=user, contract__agency=org, status=CaseStatus.OPEN
    )
    # Conditions as expressions (not annotations), so the aggregate and the lists share them.
    lists = {
        "visits": Q(LessThanOrEqual(Coalesce(Subquery(last_record), F("opened_on")), due)),
        "returned": Q(_reviewed(ReviewDecision.RETURNED)) & ~Q(_reviewed(ReviewDecision.APPROVED)),
        "pending": ~Q(_reviewed()),
    }
    counts = mine.aggregate(
        open=Count("pk"), **{name: Count("pk", filter=q) for name, q in lists.items()}
    )
    parts = [
        mine.filter(q)
        .annotate(list_name=Value(name))
        .order_by("opened_on", "pk")
        # A case may be on several lists: the list's name keeps each row apart.
        .values_list(*CASE_ROW, "opened_on", "list_name")[:SHOWN]
        for name, q in lists.items()
    ]
    # Read even when the lists are empty: the page's queries stay the same whatever the data.
    if connections[mine.db].features.supports_slicing_ordering_in_compound:
        found = list(parts[0].union(*parts[1:], all=True))
    else:  # the embedded SQLite of `make run`: no LIMIT inside a UNION, one query per list
        found = [row for part in parts for row in part]
    if not counts["open"]:
        return []
    shown = defaultdict(list)
    # A union keeps no order: each list is put back in its own (opened, then id).
    for pk, kind, community, _opened, name in sorted(found, key=lambda r: (r[3], r[0])):
        shown[name].append((pk, kind, community))
    todos = [
        Todo(
            label="我负责的在服务个案",
            url=reverse("cases:case_list") + "?status=open",
            count=counts["open"],
            action="查看",
            tone="info",
            testid="todo-open-cases",
        )
    ]
    todos += [
        Todo(
            label=label,
            url=reverse("cases:case_detail", args=[shown[name][0][0]]) + anchor,
            count=counts[name],
            rows=_case_rows(shown[name]),
            testid=testid,
            **look,
        )
        for name, (label, anchor, testid, look) in WORKER_LISTS.items()
        if counts[name]
    ]
    return todos


def review_todos(*, user, org, **_) -> list[Todo]:
    """Manager and supervisor: the agency's cases never reviewed (how many in all, and the
    oldest few), in one query."""
    rows, count = _first_rows_and_count(
        cases_visible_to(user=user)
        .filter(contract__agency=org)
        .annotate(reviewed=_reviewed())
        .filter(reviewed=False),
        CASE_ROW,
        ("opened_on", "pk"),
    )
    if not count:
        return []
    return [
        Todo(
            label="待审核的个案",
            url=reverse("cases:case_detail", args=[rows[0][0]]) + "#review-form",
            count=count,
            action="审核",
            rows=_case_rows(rows),
            testid="todo-review-queue",
        )
    ]


def manager_todos(*, user, org, contracts, years, on) -> list[Todo]:
    """The review queue, the agency's annual quotas heading to miss (from the engine's
    snapshots: how many and the first few, in one query) and the quarterly reports due
    (one query for all the contracts' reports)."""
    todos = review_todos(user=user, org=org)
    warnings, count = _first_rows_and_count(
        snapshots_visible_to(user=user)
        .current()
        .filter(contract__agency=org, applicable=True, will_miss=True),
        ("pk", "contract_id", "contract__number", "rule__name", "community__name"),
        ("contract_id", "rule__order", "pk"),
    )
    if count:
        todos.append(
            Todo(
                label="按当前进度预计年末未达标的指标",
                url=reverse("metrics:contract", args=[warnings[0][1]]),
                count=count,
                action="查看进度",
                tone="danger",
                rows=[
                    (
                        f"{number} {rule}" + (f" · {community}" if community else ""),
                        reverse("metrics:snapshot", args=[pk]),
                    )
                    for pk, _contract, number, rule, community in warnings
                ],
                testid="todo-pace",
            )
        )
    reported = defaultdict(set)
    for contract_id, year, quarter in QuarterlyReport.objects.filter(
        contract__in=[c.pk for c in contracts]
    ).values_list("contract_id", "year", "quarter"):
        reported[contract_id].add((year, quarter))
    for c in contracts:
        todos += _missing_todos(
            c,
            missing_quarters(
                contract=c, start=c.start_date, end=min(on, c.end_date), done=reported[c.pk]
            ),
            kind="quarterly",
            what="季度进展报告待报送",
            action="报送",
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
    return todos + _counted(
        snapshots_visible_to(user=user).current().filter(applicable=True, met=False).count(),
        label="未达标的指标(红灯)",
        url=reverse("metrics:dashboard"),
        action="查看看板",
        tone="danger",
        testid="todo-red",
    )


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
