"""Demo: two project years of community work for every demo contract, as the story asks
(apps/core/demo_story.py): household needs archives, the resource library and its updates,
research, governance projects and public-welfare funds, street trainings, weekly and monthly
joint meetings, and the quarterly reports. Idempotent: a contract with archives is left as is.

Rows are bulk-created (about 20,000 archives, 7,000 meetings): through the services, one
audit row and several checks each, they would take minutes. The rows keep what the services
enforce: one archive per household (community + normalised address) and project year; a
distressed archive names its Table 1 groups; an archive of a sensitive group carries its
consent (a guardian's, named, for distressed minors), dated on the archive's day; every
record's project year is the one its date falls in, and no record is dated after the demo
date; a fund is at least the FUND rule's minimum (30,000); trainings have hours and attendees.
The records that read other records (the quarterly reports' figures, one incubation) go
through the services. No audit rows are written for demo rows.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from apps.accounts.models import Role, RoleMembership
from apps.catalogue.models import Item, SubItem
from apps.catalogue.selectors import distressed_groups
from apps.core import demo_story
from apps.procurement.models import Contract

from . import rules, services
from .models import (
    FundDirection,
    FundEntry,
    GovernanceProject,
    HouseholdArchive,
    Meeting,
    MeetingKind,
    ResearchStudy,
    Resource,
    ResourceChange,
    ResourceKind,
    TrainingSession,
)

ROADS = ["人民路", "十全街", "凤凰街", "竹辉路", "书院巷", "南园北路", "葑门路", "干将路"]
NEEDS = [
    {"生活照料": "独居,需助餐与日常照看"},
    {"医疗健康": "慢性病,需定期陪诊"},
    {"精神慰藉": "子女在外地,希望有人常来聊天"},
    {"就业帮扶": "失业,希望参加技能培训"},
    {"学业辅导": "孩子放学后无人照看"},
    {"生活照料": "", "医疗健康": "行动不便"},
]
RESOURCES = [
    (ResourceKind.PLACE, "社区党群服务中心"),
    (ResourceKind.PLACE, "居家养老服务站"),
    (ResourceKind.LEADER, "楼组长 张阿姨"),
    (ResourceKind.UNIT, "辖区小学"),
    (ResourceKind.CULTURE, "古井与老街"),
    (ResourceKind.UNIT, "社区卫生服务站"),
]
STUDIES = [
    ("A1-T2-3-3", "无物业老旧小区居民自治现状与对策"),
    ("A1-T2-3-1", "社区独居老人照护需求调查"),
    ("A1-T2-3-4", "居民议事会协商机制运行情况研究"),
    ("A1-T2-3-2", "社区服务设施布局与使用情况调查"),
    ("A1-T2-3-5", "“三社联动”参与社区治理模式研究"),
]
PROJECTS = {
    "C5": [
        ("A1-T4-1-7", "文明养宠公约行动"),
        ("A1-T4-1-4", "小区停车秩序共治"),
        ("A1-T4-1-5", "餐厨垃圾分类督导"),
        ("A1-T4-1-3", "楼道环境微更新"),
    ],
    "C6": [
        ("A1-T4-2-1", "社区公益金"),
        ("A1-T4-2-4", "四点半课堂"),
        ("A1-T4-2-5", "老年人助餐点"),
        ("A1-T4-2-3", "社情民意沟通平台"),
    ],
    "C7": [
        ("A1-T4-3-1", "邻里守望互助小组"),
        ("A1-T4-3-2", "“一楼一品”楼道自治"),
        ("A1-T4-3-3", "社区服务品牌“邻里汇”"),
    ],
}
TRAINING_TOPICS = ["个案工作方法", "小组工作", "社区需求评估", "督导与自我照顾", "社区协商议事"]


def _year_span(n: int) -> tuple[date, date]:
    return demo_story.YEAR1 if n == 1 else demo_story.YEAR2


def _worker(contract):
    m = (
        RoleMembership.objects.active()
        .filter(organization=contract.agency_id, role=Role.SOCIAL_WORKER)
        .order_by("user__username")
        .values_list("user_id", flat=True)
        .first()
    )
    return m


class _Rows:
    """The unsaved rows of every contract, saved together at the end (few queries)."""

    def __init__(self, pilot_round):
        self.round = pilot_round
        self.years = {y.number: y for y in pilot_round.years.all()}
        self.items = {i.code: i for i in Item.objects.filter(category__pilot_round=pilot_round)}
        self.subs = {
            s.code: s for s in SubItem.objects.filter(item__category__pilot_round=pilot_round)
        }
        self.groups = list(distressed_groups(pilot_round=pilot_round))
        self.archives, self.resources, self.studies = [], [], []
        self.projects, self.trainings, self.meetings = [], [], []

    def archives_for(self, contract, community, story, worker, r):
        item = self.items[rules.ARCHIVE_ITEM]
        for n in (1, 2):
            start, end = _year_span(n)
            total = story.archives[n - 1]
            distressed = round(total * story.distressed_share)
            days = demo_story.spread(r, total, start + timedelta(days=14), end, ramp=1.2)
            for i, recorded_on in enumerate(days):
                address = f"{ROADS[i % len(ROADS)]}{i // len(ROADS) + 1}号"
                # Distressed households spread over the year, not all first.
                is_distressed = (i + 1) * distressed // total > i * distressed // total
                group = self.groups[(i * 7 + n) % len(self.groups)] if is_distressed else None
                sensitive = group is not None and group.code in services.SENSITIVE_GROUP_CODES
                minors = group is not None and group.code == "A1-T1-2"
                archive = HouseholdArchive(
                    contract=contract,
                    community=community,
                    item=item,
                    project_year=self.years[n],
                    address=address,
                    address_key=services.normalize_address(address),
                    household_head=f"居民{i + 1:03d}",
                    member_count=1 + i % 4,
                    needs=NEEDS[i % len(NEEDS)],
                    is_distressed=group is not None,
                    worker_id=worker,
                    recorded_on=recorded_on,
                    consent_by=("guardian" if minors else "head") if sensitive else "",
                    consent_on=recorded_on if sensitive else None,
                    guardian_name=f"居民{i + 1:03d}的监护人" if minors else "",
                )
                archive._group = group
                self.archives.append(archive)

    def resources_for(self, contract, community, story, r):
        year1 = self.years[1]
        created = date(2018, 8, 1) + timedelta(days=r.randint(0, 60))
        for k, (kind, name) in enumerate(RESOURCES[: 4 + r.randint(0, 2)]):
            res = Resource(
                contract=contract,
                community=community,
                item=self.items[rules.RESOURCE_ITEM],
                project_year=year1,
                kind=kind,
                name=name,
                grid_x=2 + (k * 5 + r.randint(0, 3)) % 18,
                grid_y=2 + (k * 7 + r.randint(0, 3)) % 18,
            )
            res._changes = [(created, "created", "新建")]
            if k == 0:
                res._changes.append((date(2019, 4, 20), "updated", "更新开放时间"))
                if story.resource_updated:
                    on = date(2019, 9, 1) + timedelta(days=r.randint(0, 180))
                    res._changes.append((min(on, demo_story.DEMO_DATE), "updated", "年度更新"))
            self.resources.append(res)

    def studies_for(self, contract, community, story, r):
        for n in (1, 2):
            start, end = _year_span(n)
            code, title = STUDIES[(r.randint(0, 9) + n) % len(STUDIES)]
            started = start + timedelta(days=30 + r.randint(0, 60))
            finished = None
            if story.research[n - 1]:
                finished = min(started + timedelta(days=90 + r.randint(0, 60)), end)
            elif n == 1:
                continue  # the struggling community never started one in year 1
            self.studies.append(
                ResearchStudy(
                    contract=contract,
                    community=community,
                    item=self.items[rules.RESEARCH_ITEM],
                    sub_item=self.subs[code],
                    project_year=self.years[n],
                    title=title,
                    started_on=started,
                    finished_on=finished,
                    summary="演示:问卷与访谈结合,形成对策建议。" if finished else "",
                )
            )

    def projects_for(self, contract, community, story, r):
        for n in (1, 2):
            start, _ = _year_span(n)
            for code in story.projects:
                options = PROJECTS[code]
                if code == "C6":  # year 1: the community fund; year 2: another platform
                    sub_code, title = options[0] if n == 1 else options[1 + r.randint(0, 2)]
                else:
                    sub_code, title = options[(r.randint(0, 9) + n) % len(options)]
                sub = self.subs[sub_code]
                fund = None
                if sub_code == "A1-T4-2-1":
                    fund = Decimal(30000 + 5000 * r.randint(0, 6))
                project = GovernanceProject(
                    contract=contract,
                    community=community,
                    item=sub.item,
                    sub_item=sub,
                    project_year=self.years[n],
                    title=title,
                    started_on=start + timedelta(days=20 + r.randint(0, 90)),
                    consultation="召开居民议事会2次,征求居民意见",
                    results="居民参与度提高,相关投诉减少",
                    fund_amount=fund,
                )
                self.projects.append(project)

    def trainings_for(self, contract, story):
        item = self.items[rules.TRAINING_ITEM]
        for n in (1, 2):
            start, end = _year_span(n)
            sessions, hours = story.trainings[n - 1]
            for k in range(sessions):
                # Hours spread over the sessions (16 over 4 → 4 each; 14 over 4 → 4, 4, 3, 3).
                h = hours // sessions + (1 if k < hours % sessions else 0)
                self.trainings.append(
                    TrainingSession(
                        contract=contract,
                        community=None,
                        item=item,
                        sub_item=self.subs["A1-T3-3-2"],
                        project_year=self.years[n],
                        held_on=start + timedelta(days=60 + k * (end - start).days // 5),
                        topic=TRAINING_TOPICS[k % len(TRAINING_TOPICS)],
                        hours=Decimal(h),
                        trainer="市社工督导",
                        attendee_count=22 + (k * 3) % 12,
                    )
                )

    def meetings_for(self, contract, communities, stories):
        until = demo_story.DEMO_DATE
        first_monday = date(2018, 7, 9)
        for community in communities:
            skip = stories[community.pk].weekly_meetings_skip
            monday, w = first_monday, 0
            while monday <= until:
                if not skip or w % skip:
                    held = monday + timedelta(days=2)
                    self.meetings.append(
                        Meeting(
                            contract=contract,
                            kind=MeetingKind.WEEKLY,
                            organization=community,
                            project_year=self.years[1 if held <= demo_story.YEAR1[1] else 2],
                            held_on=held,
                            attendees="社区书记、试点协调员、项目社工",
                            minutes=f"第{w + 1}次周例会:需求档案进度、困境家庭走访安排。",
                            decisions="下周完成入户建档10户。",
                        )
                    )
                monday += timedelta(days=7)
                w += 1
        month = date(2018, 7, 12)
        while month <= until:
            self.meetings.append(
                Meeting(
                    contract=contract,
                    kind=MeetingKind.MONTHLY,
                    organization=contract.unit.street,
                    project_year=self.years[1 if month <= demo_story.YEAR1[1] else 2],
                    held_on=month,
                    attendees="街道、社区、机构",
                    minutes="月度联席会议:各社区进度通报。",
                )
            )
            month = date(month.year + month.month // 12, month.month % 12 + 1, 12)

    def save(self):
        HouseholdArchive.objects.bulk_create(self.archives, batch_size=1000)
        through = HouseholdArchive.distressed_groups.through
        through.objects.bulk_create(
            [
                through(householdarchive_id=a.pk, item_id=a._group.pk)
                for a in self.archives
                if a._group is not None
            ],
            batch_size=2000,
        )
        Resource.objects.bulk_create(self.resources, batch_size=500)
        ResourceChange.objects.bulk_create(
            [
                ResourceChange(resource=res, changed_on=on, action=action, summary=summary)
                for res in self.resources
                for on, action, summary in res._changes
            ],
            batch_size=1000,
        )
        ResearchStudy.objects.bulk_create(self.studies, batch_size=500)
        GovernanceProject.objects.bulk_create(self.projects, batch_size=500)
        FundEntry.objects.bulk_create(
            [
                FundEntry(
                    project=p,
                    entry_date=min(p.started_on + timedelta(days=days), demo_story.DEMO_DATE),
                    direction=direction,
                    amount=amount,
                    note=note,
                )
                for p in self.projects
                if p.fund_amount
                for days, direction, amount, note in (
                    (0, FundDirection.INCOME, p.fund_amount, "街道拨付及居民募集"),
                    (30, FundDirection.EXPENSE, Decimal("2400"), "困境老人助餐补贴"),
                )
            ]
        )
        TrainingSession.objects.bulk_create(self.trainings, batch_size=500)
        Meeting.objects.bulk_create(self.meetings, batch_size=1000)


def _quarterly_reports(contract) -> None:
    """The quarters reported by the demo date (each submitted ten days after its end),
    through the service: their figures are counted from the records above."""
    quarters = [(2018, 3), (2018, 4), (2019, 1), (2019, 2), (2019, 3), (2019, 4)]
    for year, quarter in quarters:
        month = quarter * 3 + 1
        submitted = date(year + month // 13, (month - 1) % 12 + 1, 10)
        services.quarterly_report_create(
            actor=None,
            contract=contract,
            year=year,
            quarter=quarter,
            narrative="各社区需求档案建档推进,志愿者队伍持续开展服务。",
            submitted_on=submitted,
        )


def demo_extend(*, pilot_round) -> None:
    rows = _Rows(pilot_round)
    filled = []
    contracts = (
        Contract.objects.filter(unit__pilot_round=pilot_round, number__endswith="(演示)")
        .select_related("unit__street", "agency")
        .prefetch_related("communities")
        .order_by("pk")
    )
    for contract in contracts:
        if HouseholdArchive.objects.filter(contract=contract).exists():
            continue
        street = contract.unit.street.code
        communities = sorted(contract.communities.all(), key=lambda c: c.code)
        stories = {c.pk: demo_story.community_story(street, c.code) for c in communities}
        worker = _worker(contract)
        for community in communities:
            story, r = stories[community.pk], demo_story.rng("community-work", community.code)
            rows.archives_for(contract, community, story, worker, r)
            rows.resources_for(contract, community, story, r)
            rows.studies_for(contract, community, story, r)
            rows.projects_for(contract, community, story, r)
        rows.trainings_for(contract, demo_story.street_story(street))
        rows.meetings_for(contract, communities, stories)
        filled.append((contract, communities))
    rows.save()
    for contract, communities in filled:
        _quarterly_reports(contract)
        if contract.unit.street.code == "gusu-canglang":
            services.incubation_create(
                actor=None,
                contract=contract,
                community=communities[0],
                sub_item=rows.subs["A1-T3-2-2"],
                organization_name="睦邻志愿互助会",
                started_on=date(2018, 9, 20),
                stage="备案中",
            )
