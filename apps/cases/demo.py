"""Demo data: a target list per pilot street, and two project years of cases and service
records per demo contract, as many as the story asks (apps/core/demo_story.py).

Names are clearly fake (“演示对象…”), identity numbers synthetic with correct check digits.
The lists go through the real services (upload → check → confirm). Cases, consents, walk-in
clients and service records are bulk-created (about 800 cases and 4,000 records: through the
services, one audit row and several checks each, they took most of ``seed_demo``'s budget);
the rows keep what those services enforce: a case only for a client with consent recorded
(a guardian's, with a name, under 14), opened within the contract in one of its communities on
Table 1 sub-items, by a worker of the contract's agency; records dated between the opening and
the demo date (never after a case's closing), on one of the case's sub-items. No audit rows are
written for demo rows. Idempotent: a street that already has its demo list, a contract that
already has cases, is left as it is.
"""

import math
from datetime import date, timedelta

from django.db import transaction

from apps.accounts.models import Role, RoleMembership, User
from apps.accounts.services import membership_grant, user_create
from apps.core import demo_story
from apps.core.seeding import demo_password_hash
from apps.orgs.models import Organization
from apps.procurement.models import Contract

from . import idcard
from .models import (
    Case,
    CaseKind,
    CaseReview,
    CaseStatus,
    Client,
    ClientSource,
    ConsentBy,
    ImportStatus,
    ReviewDecision,
    ServiceMode,
    ServiceRecord,
    TargetListImport,
)
from .services import (
    distressed_groups,
    table1_sub_items,
    target_list_apply,
    target_list_upload,
    target_list_validate,
)
from .spreadsheet import COLUMNS

DEMO_LIST_NAME = "演示名单.xlsx"
ROWS_PER_STREET = 30
MAX_LIST_ROWS = 66  # the synthetic identity numbers stay unique up to 66 rows × 14 streets
UNCONTACTED = 2  # cases opened lately, no service record yet ("not counted yet", with why)
REGION = {"gusu": "320508", "sip": "320571", "snd": "320505"}


def _id(region: str, born: date, seq: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def _coordinator(street) -> User:
    """The street's coordinator: demo_street for 沧浪, a demo account for the others."""
    existing = (
        RoleMembership.objects.active()
        .filter(role=Role.STREET_COORDINATOR, organization=street)
        .select_related("user")
        .first()
    )
    if existing:
        return existing.user
    username = f"demo_coord_{street.code}".replace("-", "_")
    user = User.objects.filter(username=username).first()
    if user is None:
        # The demo password's hash computed once (apps.core.seeding), not once per account.
        user = user_create(
            actor=None, username=username, password=None, full_name=f"{street.name}协调员(演示)"
        )
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    membership_grant(actor=None, user=user, role=Role.STREET_COORDINATOR, organization=street)
    return user


def _xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _street_list(*, street, index: int, groups, rows: int = ROWS_PER_STREET) -> None:
    if TargetListImport.objects.filter(organization=street, original_name=DEMO_LIST_NAME).exists():
        return
    communities = list(Organization.objects.communities().filter(parent=street).order_by("code"))
    if not communities:
        return
    region = REGION.get(street.parent.code, "320500")
    short = street.name.removesuffix("街道").removesuffix("镇")
    count, rows = min(rows, MAX_LIST_ROWS), []
    for i in range(count):
        # Ages spread over the groups: older people, children, adults.
        years = (75, 10, 45, 68, 50, 38, 42, 60, 35, 28)[i % 10]
        born = date(2018 - years, 1 + i % 12, 1 + (i * 3) % 28)
        group = groups[i % len(groups)]
        rows.append(
            [
                f"演示{short}{i + 1:02d}",
                _id(region, born, i * 15 + index),
                f"139{index:02d}{i:06d}",
                group.name,
                communities[i % len(communities)].name,
                "演示地址",
                "",
            ]
        )
    coordinator = _coordinator(street)
    list_import = target_list_upload(
        actor=coordinator, organization=street, name=DEMO_LIST_NAME, data=_xlsx(rows)
    )
    # In-process whatever IMPORT_ASYNC_ROWS says: the demo runs inside one transaction, where a
    # list queued for Celery would still be waiting when it is confirmed.
    if list_import.status == ImportStatus.VALIDATING:
        target_list_validate(list_import=list_import)
    target_list_apply(actor=coordinator, list_import=list_import)


def _worker(contract) -> User | None:
    membership = (
        RoleMembership.objects.active()
        .filter(organization=contract.agency, role=Role.SOCIAL_WORKER)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _reviewer(contract) -> RoleMembership | None:
    """Who reviews the agency's cases: its supervisor, else its project manager."""
    return (
        RoleMembership.objects.active()
        .filter(organization=contract.agency, role__in=[Role.SUPERVISOR, Role.AGENCY_MANAGER])
        .select_related("user")
        .order_by("-role", "user__username")  # supervisor before agency_manager
        .first()
    )


def _reviews(cases, reviewers: dict) -> list:
    """What case_review writes: cases opened three weeks before the demo date were reviewed
    (one in forty sent back first, with the comment a return needs); later ones wait."""
    due = demo_story.DEMO_DATE - timedelta(days=21)
    rows = []
    for n, case in enumerate(cases):
        m = reviewers.get(case.contract_id)
        if m is None or case.opened_on > due:
            continue
        review = {"case": case, "reviewer": m.user, "role": m.get_role_display()}
        if n % 40 == 7:
            rows.append(
                CaseReview(
                    **review, decision=ReviewDecision.RETURNED, comment="需求评估过简,请补充"
                )
            )
        rows.append(CaseReview(**review, decision=ReviewDecision.APPROVED))
    return rows


def _even(n: int, share: float, phase: float = 0.0) -> list[bool]:
    """``n`` flags, ``round(share × n)`` of them true, spread evenly (so any stretch of the
    list, e.g. the cases carried into year 2, has about the same share)."""
    k = round(share * n)
    return [math.floor((i + 1) * k / n + phase) > math.floor(i * k / n + phase) for i in range(n)]


def _people_needed(story) -> int:
    p1, p2 = story.people
    return p1 + p2 - min(story.carry, p1)


def list_rows_for(street_code: str) -> int:
    """Rows of a street's demo list: the listed people the story serves, and a few more
    (not everybody on a list is reached)."""
    story = demo_story.street_story(street_code)
    return math.ceil(story.listed_share * _people_needed(story)) + 4


def _plan(story, r):
    """The cases of one contract: [(cohort, listed, kind_is_case_work, opened, record dates)]."""
    p1, p2 = story.people
    carry = min(story.carry, p1)
    y1_start, y1_end = demo_story.YEAR1
    y2_start, demo_date = demo_story.YEAR2
    plan = []
    y1_open = demo_story.spread(r, p1, y1_start + timedelta(days=9), date(2019, 5, 31), ramp=1.3)
    listed1 = _even(p1, story.listed_share)
    work1 = _even(p1, story.case_share, 0.5)
    for i, opened in enumerate(y1_open):
        carried = i >= p1 - carry
        dates = [opened + timedelta(days=r.randint(3, 20))]
        while r.random() < 0.7 and dates[-1] + timedelta(days=40) < y1_end:
            dates.append(dates[-1] + timedelta(days=r.randint(14, 40)))
        dates = [d for d in dates if d <= y1_end] or [min(opened, y1_end)]
        if carried:  # continues in year 2: records after the summer
            d = y2_start + timedelta(days=r.randint(5, 60))
            while d <= demo_date:
                dates.append(d)
                d += timedelta(days=r.randint(20, 60))
        plan.append(("y1", listed1[i], work1[i], opened, sorted(set(dates)), carried))
    new = p2 - carry
    y2_open = demo_story.spread(r, new, y2_start + timedelta(days=4), date(2020, 3, 10))
    listed2 = _even(new, story.listed_share)
    work2 = _even(new, story.case_share, 0.5)
    for i, opened in enumerate(y2_open):
        dates = [min(opened + timedelta(days=r.randint(2, 15)), demo_date)]
        while r.random() < 0.6 and dates[-1] + timedelta(days=30) < demo_date:
            dates.append(dates[-1] + timedelta(days=r.randint(14, 30)))
        plan.append(("y2", listed2[i], work2[i], opened, dates, True))
    for n in range(UNCONTACTED):
        plan.append(("late", n == 0, True, demo_date - timedelta(days=6 - 3 * n), [], True))
    return plan


def _consent(client, on: date) -> None:
    """What client_consent_record would write: under 14 on that day, a named guardian's."""
    minor = client.birth_date and idcard.age_on(client.birth_date, on) < 14
    client.consent_by = ConsentBy.GUARDIAN if minor else ConsentBy.SELF
    client.consent_on = on
    client.guardian_name = f"{client.name}的监护人" if minor else ""


def _contract_cases(*, contract, sub_items_by_group, worker, walk_in_group) -> tuple:
    """The unsaved rows of one contract: (clients to update, walk-ins, cases, records).

    Cases carry ``_sub_items`` and ``_record_dates`` until they are saved."""
    story = demo_story.street_story(contract.unit.street.code)
    r = demo_story.rng("cases", contract.unit.street.code)
    communities = list(contract.communities.order_by("code"))
    listed = list(
        Client.objects.current()
        .filter(community__in=communities, source=ClientSource.LIST, consent_by="")
        .prefetch_related("groups")
        .order_by("pk")
    )
    r.shuffle(listed)
    kinds_work = [CaseKind.INDIVIDUAL, CaseKind.CASE_MANAGEMENT]
    updated, walk_ins, cases = [], [], []
    short = contract.unit.street.name.removesuffix("街道").removesuffix("镇")
    for n, (_cohort, from_list, work, opened, dates, open_now) in enumerate(_plan(story, r)):
        if from_list and listed:
            client = listed.pop()
            group = next(iter(client.groups.all()), None)
            updated.append(client)
        else:
            community = communities[n % len(communities)]
            client = Client(
                name=f"演示求助者{short}{n + 1:02d}",
                birth_date=date(1940 + (n * 7) % 70, 1 + n % 12, 1 + n % 27),
                community=community,
                source=ClientSource.WALK_IN,
                created_by=worker,
            )
            group = walk_in_group[n % len(walk_in_group)]
            client._group = group
            walk_ins.append(client)
        _consent(client, opened - timedelta(days=r.randint(0, 3)))
        options = sub_items_by_group.get(group.pk if group else None) or sub_items_by_group["any"]
        closed = None
        if not open_now and dates and r.random() < 0.8:
            closed = min(dates[-1] + timedelta(days=r.randint(5, 25)), demo_story.DEMO_DATE)
        case = Case(
            contract=contract,
            community=client.community if client.community in communities else communities[0],
            kind=kinds_work[n % 2] if work else CaseKind.GROUP_WORK,
            assessment="演示:需求评估(入户了解家庭状况、支持网络与主要困难)。",
            plan="演示:每月入户探访两次,链接社区资源。",
            assigned_worker=worker,
            opened_on=opened,
            opened_by=worker,
            status=CaseStatus.CLOSED if closed else CaseStatus.OPEN,
            closed_on=closed,
            closing_summary="演示:服务目标达成,家庭支持网络恢复,结案。" if closed else "",
        )
        case._client = client
        case._sub_items = options[:2]
        case._record_dates = dates
        cases.append(case)
    return updated, walk_ins, cases


@transaction.atomic
def demo_extend(*, pilot_round) -> None:
    groups = list(distressed_groups(pilot_round=pilot_round))
    if not groups:
        return
    sub_items_by_group = {"any": []}
    for s in table1_sub_items(pilot_round=pilot_round).order_by("item__number", "number"):
        sub_items_by_group.setdefault(s.item_id, []).append(s)
        sub_items_by_group["any"].append(s)
    units = list(pilot_round.units.select_related("street", "street__parent").order_by("pk"))
    for index, unit in enumerate(units, start=1):
        rows = list_rows_for(unit.street.code)
        _street_list(street=unit.street, index=index, groups=groups, rows=rows)
    contracts = Contract.objects.filter(unit__pilot_round=pilot_round).order_by("pk")
    updated, walk_ins, cases, reviewers = [], [], [], {}
    for contract in contracts.filter(number__endswith="(演示)").select_related(
        "agency", "unit__street__parent"
    ):
        worker = _worker(contract)
        if worker is None or Case.objects.filter(contract=contract).exists():
            continue
        reviewers[contract.pk] = _reviewer(contract)
        u, w, c = _contract_cases(
            contract=contract,
            sub_items_by_group=sub_items_by_group,
            worker=worker,
            walk_in_group=groups,
        )
        updated += u
        walk_ins += w
        cases += c
    Client.objects.bulk_update(updated, ["consent_by", "consent_on", "guardian_name"], 500)
    Client.objects.bulk_create(walk_ins, batch_size=500)
    through = Client.groups.through
    through.objects.bulk_create(
        [through(client_id=c.pk, item_id=c._group.pk) for c in walk_ins], batch_size=1000
    )
    for case in cases:
        case.client = case._client
    Case.objects.bulk_create(cases, batch_size=500)
    through = Case.sub_items.through
    through.objects.bulk_create(
        [through(case_id=c.pk, subitem_id=s.pk) for c in cases for s in c._sub_items],
        batch_size=1000,
    )
    CaseReview.objects.bulk_create(_reviews(cases, reviewers), batch_size=1000)
    modes = [ServiceMode.HOME_VISIT, ServiceMode.PHONE, ServiceMode.OFFICE]
    ServiceRecord.objects.bulk_create(
        [
            ServiceRecord(
                case=case,
                date=day,
                duration_minutes=30 + 15 * (k % 4),
                mode=modes[(case.pk + k) % len(modes)],
                sub_item=case._sub_items[k % len(case._sub_items)],
                note="演示:探访记录。",
                worker=case.assigned_worker,
            )
            for case in cases
            for k, day in enumerate(case._record_dates)
        ],
        batch_size=1000,
    )
