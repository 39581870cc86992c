"""The rules of community-work records, each at its boundary."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.catalogue.models import IndicatorRule
from apps.community import selectors, services
from apps.community.models import FundDirection, MeetingKind
from apps.core.models import AuditEvent

from .builders import at_a, make_archives, meeting


def _archive(world, years, *, address="幸福路1号", year=1, **extra):
    return services.archive_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=world.community_a,
        address=address,
        household_head="张三",
        recorded_on=years[year].start + timedelta(days=10),
        **extra,
    )


# --- household archives: once per household per project year --------------------------------


def test_archive_records_item_year_and_audit(world, years):
    archive = _archive(world, years)
    assert archive.item.code == "A1-T2-1"
    assert archive.project_year == years[1]
    assert archive.worker == world.users["social_worker"]
    assert AuditEvent.objects.filter(action="archive_create", object_id=str(archive.pk)).exists()


def test_second_archive_for_same_household_same_year_is_refused(world, years):
    _archive(world, years, address="幸福路 1 号")
    with pytest.raises(ValidationError, match="每户每年度只建一份"):
        # Same address, spelled with a full-width digit and no spaces: the same household.
        _archive(world, years, address="幸福路\uff11号")


def test_same_household_next_year_is_allowed(world, years):
    _archive(world, years, year=1)
    second = _archive(world, years, year=2)
    assert second.project_year == years[2]


def test_distressed_archive_needs_a_table1_group(world, years, item):
    with pytest.raises(ValidationError, match="困境群体"):
        _archive(world, years, is_distressed=True)
    with pytest.raises(ValidationError, match="附件1表1"):
        _archive(world, years, is_distressed=True, distressed_groups=[item("A1-T2-3")])
    archive = _archive(world, years, is_distressed=True, distressed_groups=[item("A1-T1-1")])
    assert list(archive.distressed_groups.values_list("code", flat=True)) == ["A1-T1-1"]


@pytest.mark.parametrize(
    ("outside", "message"),
    [("community", "不是本合同的服务社区"), ("day", "不在本轮任何项目年度内")],
)
def test_archive_outside_the_contracts_communities_or_years_is_refused(
    world, years, outside, message
):
    with pytest.raises(ValidationError, match=message):
        services.archive_create(
            actor=None,
            contract=world.contract_a,
            community=world.community_b if outside == "community" else world.community_a,
            address="x路1号",
            household_head="李四",
            recorded_on=years[1].start - timedelta(days=1 if outside == "day" else 0),
        )


# --- resource map: the dated history (whether C2 is met is the engine's) ---------------------


def _resource(world, years, changed_on):
    return services.resource_create(
        **at_a(world),
        kind="place",
        name="社区活动中心",
        changed_on=changed_on,
        grid_x=3,
        grid_y=4,
    )


def test_resource_update_is_dated_and_the_map_shows_the_last_change(world, years):
    resource = _resource(world, years, years[1].start)
    services.resource_update(
        actor=None, resource=resource, changed_on=years[2].start, summary="开放时间调整"
    )
    status = selectors.resource_map_status(contract=world.contract_a, community=world.community_a)
    assert status == {"last_change": years[2].start, "count": 1}
    assert list(resource.changes.values_list("changed_on", flat=True).order_by("changed_on")) == [
        years[1].start,
        years[2].start,
    ]


def test_resource_needs_a_location_in_the_grid(world, years):
    with pytest.raises(ValidationError, match="资源位置"):
        services.resource_create(
            **at_a(world),
            kind="place",
            name="无位置",
            changed_on=years[1].start,
        )
    with pytest.raises(ValidationError, match="0–20"):
        services.resource_create(
            **at_a(world),
            kind="place",
            name="出界",
            changed_on=years[1].start,
            grid_x=21,
            grid_y=0,
        )
    ok = services.resource_create(
        **at_a(world),
        kind="leader",
        name="王阿姨",
        changed_on=years[1].start,
        latitude=Decimal("31.3"),
        longitude=Decimal("120.6"),
    )
    assert ok.changes.count() == 1


# --- research topics, trainings (S5) ----------------------------------------------------------


@pytest.fixture
def begun(world, years, sub_item):
    """Make a study or a project: ``begun(create, code, title, **fields)`` calls ``create``
    (its service) under sub-item ``code``, in agency A's first community, started on the first
    day of year 1."""

    def make(create, code, title="x", **fields):
        return create(
            **at_a(world), sub_item=sub_item(code), title=title, started_on=years[1].start, **fields
        )

    return make


def test_study_topic_must_be_a_research_sub_item(begun):
    with pytest.raises(ValidationError, match="不属于大项"):
        begun(services.study_create, "A1-T4-1-1")
    study = begun(services.study_create, "A1-T2-3-3", "无物业小区自治")
    assert study.item.code == "A1-T2-3"


def _trainings(world, years, hours_list):
    for i, hours in enumerate(hours_list):
        services.training_create(
            actor=None,
            contract=world.contract_a,
            held_on=years[1].start + timedelta(days=i),
            topic=f"培训{i}",
            hours=Decimal(hours),
            trainer="督导",
            attendee_count=20,
        )


# --- governance: the public-welfare fund minimum ---------------------------------------------


def _fund(begun, amount):
    return begun(services.project_create, "A1-T4-2-1", "社区公益金", fund_amount=amount)


def test_fund_of_29999_is_refused(begun):
    with pytest.raises(ValidationError, match="不少于30,000元"):
        _fund(begun, Decimal("29999"))


def test_fund_of_30000_is_accepted(begun):
    project = _fund(begun, Decimal("30000"))
    assert project.item.code == "A1-T4-2"
    assert project.fund_amount == Decimal("30000")


def test_fund_minimum_comes_from_the_rule(world, begun):
    rule = IndicatorRule.objects.get(pilot_round=world.pilot_round, code="FUND")
    rule.thresholds = {"min_amount": 50000}
    rule.save()
    with pytest.raises(ValidationError, match="不少于50,000元"):
        _fund(begun, Decimal("30000"))


def test_fund_entries_cannot_overdraw(years, begun):
    project = _fund(begun, Decimal("30000"))
    day = years[1].start + timedelta(days=5)

    def entry(**fields):
        services.fund_entry_add(actor=None, project=project, entry_date=day, **fields)

    entry(direction=FundDirection.INCOME, amount="1000", note="捐赠")
    entry(direction=FundDirection.EXPENSE, amount="31000", note="支出")
    assert selectors.fund_balance(project) == 0
    with pytest.raises(ValidationError, match="超过公益金余额"):
        entry(direction=FundDirection.EXPENSE, amount="0.01", note="透支")


def test_non_fund_project_takes_no_amount_and_is_filed_under_its_item(begun):
    def pets(**fields):
        return begun(services.project_create, "A1-T4-1-7", "文明养宠", **fields)

    with pytest.raises(ValidationError, match="只有社区公益金"):
        pets(fund_amount=Decimal("1"))
    project = pets(consultation="居民议事会两次", conventions="养宠公约", results="投诉下降")
    assert project.item.code == "A1-T4-1" and project.fund_amount is None


def test_governance_kind_must_be_a_table4_sub_item(begun):
    with pytest.raises(ValidationError, match="表4"):
        begun(services.project_create, "A1-T2-3-1")


# --- meetings and quarterly reports -----------------------------------------------------------


def _weekly(world, day):
    community, coordinator = world.community_a, world.users["community"]
    return meeting(world.contract_a, MeetingKind.WEEKLY, community, day, coordinator)


def test_missing_weekly_meetings_are_the_weeks_without_one(world, years):
    start = years[1].start  # 2018-07-01 is a Sunday: the first full ISO week starts 07-02
    end = start + timedelta(days=28)  # through 2018-07-29: four full weeks (27–30)
    _weekly(world, start + timedelta(days=2))  # week 27
    _weekly(world, start + timedelta(days=16))  # week 29
    missing = selectors.missing_weeks(
        contract=world.contract_a, community=world.community_a, start=start, end=end
    )
    assert [m["label"] for m in missing] == ["2018年第28周", "2018年第30周"]


def test_missing_months_and_quarters(world, years):
    start = years[1].start
    street, coordinator = world.unit_a.street, world.users["street"]
    meeting(
        world.contract_a, MeetingKind.MONTHLY, street, start.replace(month=8, day=15), coordinator
    )
    end = start.replace(month=10, day=31)
    months = selectors.missing_months(contract=world.contract_a, start=start, end=end)
    assert [m["label"] for m in months] == ["2018年7月", "2018年9月", "2018年10月"]
    quarters = selectors.missing_quarters(contract=world.contract_a, start=start, end=end)
    assert [q["label"] for q in quarters] == ["2018年第3季度"]


def test_monthly_meeting_belongs_to_the_contract_street(world, years):
    with pytest.raises(ValidationError, match="所在街道"):
        meeting(world.contract_a, MeetingKind.MONTHLY, world.community_a, years[1].start)


def test_quarterly_report_figures_come_from_the_records(world, years):
    make_archives(world, community=world.community_a, year=years[1], total=3, distressed=2)
    _trainings(world, years, ["2", "3"])
    _weekly(world, years[1].start + timedelta(days=3))
    report = services.quarterly_report_create(
        actor=world.users["agency_manager"],
        contract=world.contract_a,
        year=2018,
        quarter=3,
        narrative="按计划推进",
        submitted_on=years[1].start.replace(month=10, day=8),
    )
    assert report.figures["archives"] == 3
    assert report.figures["archives_distressed"] == 2
    assert report.figures["trainings"] == 2
    assert report.figures["training_hours"] == "5.0"
    assert report.figures["weekly_meetings"] == 1
    with pytest.raises(ValidationError, match="已报送"):
        services.quarterly_report_create(
            actor=None,
            contract=world.contract_a,
            year=2018,
            quarter=3,
            narrative="again",
            submitted_on=years[1].start.replace(month=10, day=9),
        )
