"""Each report renders from data built here: a CJK font embedded, the title, the contract's code
and the indicator values of the snapshots in the text; versions kept; masked copies."""

import hashlib
from datetime import date

import pytest

from apps.catalogue.models import Item
from apps.community.models import HouseholdArchive
from apps.metrics.models import RunTrigger, Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from apps.reports.models import Report, ReportStatus
from tests.reports.conftest import NARRATIVE, ask, pdf_fonts, pdf_text, squeeze


def _shown(snapshot) -> str:
    """How the report must print a snapshot: shares (S2, S4) in per cent, counts plain."""
    if not snapshot.applicable:
        return "不适用"
    if "min_share" in snapshot.rule.thresholds:
        return f"{round(snapshot.value * 100)}%"
    return format(snapshot.value.normalize(), "f")


def _archives(world, n):
    """``n`` archives with their needs filled in, community A, project year 1."""
    year1 = world.pilot_round.years.get(number=1)
    item = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T2-1")
    for i in range(n):
        HouseholdArchive.objects.create(
            contract=world.contract_a,
            community=world.community_a,
            item=item,
            project_year=year1,
            address=f"十全街{i + 1}号",
            address_key=f"十全街{i + 1}号",
            household_head=f"户主{i + 1}",
            needs={"养老": "需要助餐"},
            is_distressed=True,
            recorded_on=date(2019, 3, 1),
        )
    metrics_run_execute(
        run=metrics_run_start(pilot_round=world.pilot_round, trigger=RunTrigger.MANUAL)
    )


def _line(text, startswith):
    rows = [line.split() for line in text.splitlines() if line.split()[:1] == [startswith]]
    assert rows, f"no line starting with {startswith}"
    return rows[0]


def test_quarterly_report_prints_the_snapshots_of_its_year(world, quarterly, ask_as):
    _archives(world, 3)
    report = ask_as("agency_manager", "quarterly", quarterly)
    assert report.status == ReportStatus.READY, report.error
    path = report.file.path
    fonts = pdf_fonts(path)
    assert "WenQuanYi" in fonts and "Identity-H" in fonts
    embedded = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert all(" yes " in line for line in embedded)  # emb column
    text = pdf_text(path)
    flat = squeeze(text)
    assert squeeze(report.title) in flat
    assert "沧浪街道" in report.title and "2019年第1季度" in report.title
    assert "T-A" in text
    assert NARRATIVE in flat
    assert "第1页共" in flat  # page numbers from the @page margin box
    street = Snapshot.objects.current().filter(
        contract=world.contract_a, community__isnull=True, rule__level="street"
    )
    year1 = [s for s in street if s.project_year_id is None or s.project_year.number == 1]
    assert year1
    for s in year1:
        row = _line(text, s.rule_code)
        assert _shown(s) in row, (s.rule_code, row)
    c1 = Snapshot.objects.current().get(
        contract=world.contract_a,
        community=world.community_a,
        rule_code="C1",
        project_year__number=1,
    )
    assert c1.value == 3  # the three archives made above
    header = _line(text, "社区(村)")
    row = _line(text, world.community_a.name)
    assert row[header.index("C1")] == "3"
    used = Snapshot.objects.current().filter(contract=world.contract_a)
    assert report.snapshot_at == max(
        s.computed_at for s in used if s.project_year_id is None or s.project_year.number == 1
    )
    with open(path, "rb") as f:
        assert report.sha256 == hashlib.sha256(f.read()).hexdigest()
    assert report.pages >= 1 and report.size > 0
    assert report.requested_by == world.users["agency_manager"]


def test_asking_again_keeps_the_earlier_version(
    world, quarterly, django_capture_on_commit_callbacks
):
    manager = world.users["agency_manager"]
    first = ask(
        django_capture_on_commit_callbacks, actor=manager, kind="quarterly", subject=quarterly
    )
    second = ask(
        django_capture_on_commit_callbacks, actor=manager, kind="quarterly", subject=quarterly
    )
    assert (first.version, second.version) == (1, 2)
    assert first.file.name != second.file.name
    first.refresh_from_db()
    assert first.status == ReportStatus.READY and first.file.storage.exists(first.file.name)
    assert Report.objects.filter(subject_key=second.subject_key).count() == 2


def test_evaluator_copy_leaves_out_the_narrative(world, quarterly, ask_as):
    report = ask_as("evaluator", "quarterly", quarterly)
    assert report.masked and report.status == ReportStatus.READY
    flat = squeeze(pdf_text(report.file.path))
    assert NARRATIVE not in flat and "部分社区场地" not in flat
    assert "评估人员副本" in flat
    assert "T-A" in flat


def test_city_overview_lists_all_units_budget_and_lights(world, ask_as):
    year = world.pilot_round.years.get(number=1)
    report = ask_as("bureau", "city_overview", year)
    assert report.status == ReportStatus.READY, report.error
    assert "WenQuanYi" in pdf_fonts(report.file.path)
    text = pdf_text(report.file.path)
    flat = squeeze(text)
    assert squeeze(report.title) in flat
    streets = [u.street.name for u in world.pilot_round.units.select_related("street")]
    assert len(streets) == 14
    for name in streets:
        assert name in flat
    assert "T-A" in text and "T-B" in text
    years = world.pilot_round.years.count()
    total = sum(u.annual_amount for u in world.pilot_round.units.all()) * years
    assert f"{total:,.0f}" in text  # 14 × 1,100,000 × 2
    communities = Snapshot.objects.current().get(contract=world.contract_a, rule_code="COMMUNITIES")
    assert communities.met  # four communities: its cell reads 1/1
    row = _line(text, world.unit_a.street.name)
    assert "1/1" in row


def test_commission_is_printable_for_signature(world, commission, ask_as):
    report = ask_as("agency_manager", "commission", commission)
    assert report.status == ReportStatus.READY, report.error
    assert "WenQuanYi" in pdf_fonts(report.file.path)
    flat = squeeze(pdf_text(report.file.path))
    assert squeeze(report.title) in flat and "服务委托书" in flat
    assert "T-A" in flat and "困境老年人、困境儿童" in flat
    assert "委托方" in flat and "受托方" in flat and "(盖章)" in flat
    assert "项目主管1名" in flat


@pytest.mark.parametrize("kind", ["quarterly", "commission"])
def test_no_report_prints_an_identity_number_or_a_users_name(
    world, quarterly, commission, kind, django_capture_on_commit_callbacks
):
    subject = quarterly if kind == "quarterly" else commission
    manager = world.users["agency_manager"]
    report = ask(django_capture_on_commit_callbacks, actor=manager, kind=kind, subject=subject)
    flat = squeeze(pdf_text(report.file.path))
    for user in world.users.values():
        if user is not None:
            assert user.username not in flat and user.full_name not in flat
