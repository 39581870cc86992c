"""Demo: 沧浪's communities near and past their thresholds (archives, resources, research,
governance, trainings, meetings, a quarterly report), and a little in 娄葑. Idempotent.

Rows are bulk-created where many are needed (archives, meetings) so seed_demo stays fast;
the records that carry rules (fund amount, trainings, reports) go through the services.
"""

from datetime import date, timedelta
from decimal import Decimal

from apps.catalogue.models import Item, SubItem
from apps.catalogue.selectors import distressed_groups
from apps.procurement.models import Contract

from . import services
from .models import HouseholdArchive, Meeting, MeetingKind, ResourceKind

# (community suffix, archives, distressed): c1 past both thresholds, c2 close, c3 early.
ARCHIVE_PLAN = [("c1", 152, 110), ("c2", 141, 96), ("c3", 40, 30)]
ROADS = ["人民路", "十全街", "凤凰街", "竹辉路", "书院巷"]


def _contract(street_code):
    return (
        Contract.objects.filter(unit__street__code=street_code)
        .select_related("unit__pilot_round", "unit__street")
        .first()
    )


def _archives(contract, community, year, total, distressed):
    item = Item.objects.get(category__pilot_round=contract.unit.pilot_round, code="A1-T2-1")
    groups = list(distressed_groups(pilot_round=contract.unit.pilot_round)[:3])
    rows = []
    for i in range(total):
        address = f"{ROADS[i % len(ROADS)]}{i + 1}号"
        recorded_on = year.start + timedelta(days=(i * 2) % 300)
        # The service's consent rule, kept by the demo: a sensitive group has consent recorded.
        group = groups[i % len(groups)] if i < distressed else None
        sensitive = group is not None and group.code in services.SENSITIVE_GROUP_CODES
        minors = group is not None and group.code == "A1-T1-2"
        rows.append(
            HouseholdArchive(
                contract=contract,
                community=community,
                item=item,
                project_year=year,
                address=address,
                address_key=services.normalize_address(address),
                household_head=f"居民{i + 1:03d}",
                member_count=1 + i % 4,
                needs={"生活照料": "", "精神慰藉": ""} if i % 2 else {"医疗健康": ""},
                is_distressed=i < distressed,
                recorded_on=recorded_on,
                consent_by=("guardian" if minors else "head") if sensitive else "",
                consent_on=recorded_on if sensitive else None,
                guardian_name=f"居民{i + 1:03d}" if minors else "",
            )
        )
    created = HouseholdArchive.objects.bulk_create(rows)
    through = HouseholdArchive.distressed_groups.through
    through.objects.bulk_create(
        through(householdarchive_id=a.pk, item_id=groups[i % len(groups)].pk)
        for i, a in enumerate(created)
        if a.is_distressed
    )


def _weekly_meetings(contract, community, year, weeks, skip_every):
    monday = year.start + timedelta(days=(7 - year.start.weekday()) % 7)
    Meeting.objects.bulk_create(
        Meeting(
            contract=contract,
            kind=MeetingKind.WEEKLY,
            organization=community,
            project_year=year,
            held_on=monday + timedelta(days=7 * w + 2),
            attendees="社区书记、试点协调员、项目社工",
            minutes=f"第{w + 1}次周例会:需求档案进度、困境家庭走访安排。",
            decisions="下周完成10户入户建档。",
        )
        for w in range(weeks)
        if skip_every == 0 or w % skip_every
    )


def _fill(contract, *, rich: bool):
    pilot_round = contract.unit.pilot_round
    year = pilot_round.years.order_by("-number").first()
    communities = {c.code.rsplit("-", 1)[-1]: c for c in contract.communities.all()}
    sub = {
        s.code: s
        for s in SubItem.objects.filter(
            item__category__pilot_round=pilot_round, item__code__startswith="A1-T"
        )
    }
    plan = ARCHIVE_PLAN if rich else ARCHIVE_PLAN[2:]
    for suffix, total, distressed in plan:
        if suffix in communities:
            _archives(contract, communities[suffix], year, total, distressed)
    c1 = communities.get("c1") if rich else communities.get("c3")
    if c1 is None:
        return
    day = year.start + timedelta(days=20)
    in_c1 = {"actor": None, "contract": contract, "community": c1}
    places = [
        (ResourceKind.PLACE, "社区党群服务中心", 4, 5),
        (ResourceKind.PLACE, "居家养老服务站", 9, 7),
        (ResourceKind.LEADER, "楼组长 张阿姨", 12, 3),
        (ResourceKind.UNIT, "辖区小学", 15, 12),
        (ResourceKind.CULTURE, "古井与老街", 6, 15),
    ]
    for kind, name, x, y in places:
        services.resource_create(
            **in_c1,
            kind=kind,
            name=name,
            changed_on=day,
            grid_x=x,
            grid_y=y,
        )
    services.study_create(
        **in_c1,
        sub_item=sub["A1-T2-3-3"],
        title="无物业老旧小区居民自治现状与对策",
        started_on=day,
    )
    services.project_create(
        **in_c1,
        sub_item=sub["A1-T4-1-7"],
        title="文明养宠公约行动",
        started_on=day,
        consultation="召开居民议事会2次",
        conventions="《文明养宠公约》",
        results="楼道宠物粪便投诉减少",
    )
    fund = services.project_create(
        **in_c1,
        sub_item=sub["A1-T4-2-1"],
        title="社区公益金",
        started_on=day,
        fund_amount=Decimal("30000"),
        consultation="居民代表会议表决设立",
    )
    services.fund_entry_add(
        actor=None,
        project=fund,
        entry_date=day + timedelta(days=30),
        direction="out",
        amount="2400",
        note="困境老人助餐补贴",
    )
    services.project_create(
        **in_c1,
        sub_item=sub["A1-T4-3-1"],
        title="邻里守望互助小组",
        started_on=day,
    )
    # Trainings: 沧浪 meets S5 (4 sessions, 16 hours); the other is one session short.
    hours = ["4", "4", "4", "4"] if rich else ["4", "4", "4"]
    for i, h in enumerate(hours):
        services.training_create(
            actor=None,
            contract=contract,
            held_on=day + timedelta(days=40 * i),
            topic=["个案工作方法", "小组工作", "社区需求评估", "督导与自我照顾"][i],
            hours=Decimal(h),
            trainer="市社工督导",
            attendee_count=25,
        )
    services.incubation_create(
        **in_c1,
        sub_item=sub["A1-T3-2-2"],
        organization_name="睦邻志愿互助会",
        started_on=day,
        stage="备案中",
    )
    _weekly_meetings(contract, c1, year, weeks=20, skip_every=6 if rich else 3)
    first_month = date(year.start.year, year.start.month, 12)
    for m in range(0, 5, 2 if not rich else 1):
        held = date(
            first_month.year + (first_month.month + m - 1) // 12,
            (first_month.month + m - 1) % 12 + 1,
            12,
        )
        services.meeting_create(
            actor=None,
            contract=contract,
            kind=MeetingKind.MONTHLY,
            organization=contract.unit.street,
            held_on=held,
            attendees="街道、社区、机构",
            minutes="月度联席会议:各社区进度通报。",
        )
    services.quarterly_report_create(
        actor=None,
        contract=contract,
        year=year.start.year,
        quarter=3,
        narrative="各社区需求档案建档推进,志愿者队伍组建完成。",
        submitted_on=date(year.start.year, 10, 10),
    )


def demo_extend(*, pilot_round) -> None:
    for street_code, rich in (("gusu-canglang", True), ("sip-loufeng", False)):
        contract = _contract(street_code)
        if contract is None or contract.unit.pilot_round_id != pilot_round.pk:
            continue
        if HouseholdArchive.objects.filter(contract=contract).exists():
            continue
        _fill(contract, rich=rich)
