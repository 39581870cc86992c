"""Journeys: every role starts at its home page, opens the to-do item, and does the work there.

Each journey runs on a desktop and on a 390×844 phone viewport, and on every page it passes
through checks that no English words show (the portal speaks Chinese everywhere a user looks)
and that the page does not scroll sideways on the phone.
"""

import re
from datetime import date

import pytest

from apps.cases.models import CaseReview, ServiceRecord, TargetListImport
from apps.cases.services import case_open_with_consent, table1_sub_items
from apps.community.models import Meeting, QuarterlyReport
from apps.evaluations.models import EvaluationResult, Status
from apps.plans.models import AdjustmentStage, PlanAdjustment
from apps.plans.services import adjustment_file, plan_save
from tests.browser.conftest import elder, fill, log_home_visit, login
from tests.cases.helpers import make_id, row, xlsx_bytes
from tests.evaluations.builders import rubric, set_points, start, submitted
from tests.factories import PASSWORD, build_world
from tests.plans.builders import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = ["page", "phone_page"]
# Latin words a user may legitimately read: file formats and encodings.
ALLOWED_WORDS = {"JPG", "PNG", "PDF", "xlsx", "docx", "csv", "CSV", "Excel", "UTF", "GBK"}
WORD = re.compile(r"\b[A-Za-z]{3,}\b")


# Codes in small print (a rule's or indicator's code beside its Chinese name) are set in
# monospace; they are identifiers, not words, and are left out of the check.
VISIBLE_TEXT = """() => {
  let text = document.body.innerText;
  for (const el of document.querySelectorAll('.font-monospace, code')) {
    text = text.split(el.innerText).join(' ');
  }
  return text;
}"""


DUPLICATE_IDS = """() => {
  const seen = new Set(), twice = new Set();
  for (const el of document.querySelectorAll('[id]')) {
    (seen.has(el.id) ? twice : seen).add(el.id);
  }
  return [...twice];
}"""


def _english(page) -> list[str]:
    text = page.evaluate(VISIBLE_TEXT)
    return sorted({w for w in WORD.findall(text) if w not in ALLOWED_WORDS})


def _looks_right(page, phone: bool) -> None:
    """What a person sees: no English words; on a phone, nothing cut off at the right."""
    assert _english(page) == [], f"English on {page.url}: {_english(page)}"
    twice = page.evaluate(DUPLICATE_IDS)
    assert twice == [], f"ids used twice on {page.url} (labels point at the wrong field): {twice}"
    if phone:
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), (
            f"{page.url} scrolls sideways on a phone"
        )


class Journey:
    """One person's way through the portal from the home page, on a desktop or on a phone."""

    def __init__(self, page, phone: bool, live_server):
        self.page, self.phone, self.live_server = page, phone, live_server

    def looks_right(self) -> None:
        _looks_right(self.page, self.phone)

    def start(self, username):
        """Sign in as ``username``: the home page."""
        login(self.page, self.live_server, username, PASSWORD)
        self.looks_right()
        return self.page

    def open_todo(self, testid):
        """Click the to-do item's action button on the home page."""
        item = self.page.locator(f'[data-testid="{testid}"]')
        item.locator("a.btn").click()
        self.page.wait_for_load_state()
        self.looks_right()
        return self.page

    def work(self, username, testid, values):
        """Sign in, open the to-do item from the home page, and fill the form it leads to."""
        self.start(username)
        self.open_todo(testid)
        fill(self.page, values)
        return self.page

    def done(self, name):
        """Where the work ends looks right too; a screenshot of it, for the record."""
        self.looks_right()
        device = "phone" if self.phone else "desktop"
        self.page.screenshot(path=f"/tmp/role-{name}-{device}.png", full_page=True)

    def todo_gone(self, testid) -> bool:
        """Back on the home page, the to-do item ``testid`` is listed no more."""
        self.page.goto(f"{self.live_server.url}/")
        return self.page.locator(f'[data-testid="{testid}"]').count() == 0


@pytest.fixture(params=VIEWPORTS)
def journey(request, live_server):
    """Each journey runs on a desktop and on a phone."""
    page = request.getfixturevalue(request.param)
    return Journey(page, request.param == "phone_page", live_server)


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_world()  # own data (pytest-django #454: live_server vs. flush)


@pytest.fixture
def open_case(world):
    """An open case of agency A's social worker, never served since it was opened."""
    return case_open_with_consent(
        actor=None,
        contract=world.contract_a,
        community=world.community_a,
        kind="individual",
        sub_items=table1_sub_items(pilot_round=world.pilot_round)[:1],
        assessment="独居老人,行动不便",
        plan="每月入户探访两次",
        assigned_worker=world.users["social_worker"],
        opened_on=date(2019, 3, 1),
        client=elder(world),
        consent_given_by="self",
        consent_on=date(2019, 3, 1),
        may_record_consent=True,
    )


def test_street_coordinator_uploads_the_missing_list(journey, world, tmp_path):
    journey.start("p_street")
    page = journey.open_todo("todo-list-upload")
    c = world.community_a.name
    file = tmp_path / "名单.xlsx"
    file.write_bytes(
        xlsx_bytes(
            [
                row("测试一", make_id("19500101", 1), "困境老年人", c),
                row("测试二", make_id("19600101", 2), "残障人士", c),
            ]
        )
    )
    page.set_input_files("#id_file", str(file))
    page.click("button[type=submit]:has-text('上传并校验')")
    assert page.locator('[data-testid="count-new"]').inner_text() == "2"
    journey.looks_right()
    page.click("text=确认导入全部 2 行")
    assert "已导入" in page.locator('[data-testid="import-status"]').inner_text()
    journey.done("street")
    assert TargetListImport.objects.get().status == "imported"
    assert journey.todo_gone("todo-list-upload")


def test_community_coordinator_records_the_weekly_meeting(journey, world):
    page = journey.work(
        "p_community",
        "todo-weekly",
        {
            "#id_organization": str(world.community_a.pk),
            "#id_held_on": "2020-06-23",
            "#id_attendees": "社区书记、试点协调员、项目社工",
            "#id_minutes": "通报需求档案进度;安排困境家庭走访。",
        },
    )
    page.click("main button[type=submit]")
    assert "会议已登记" in page.content()
    journey.done("community")
    assert Meeting.objects.filter(organization=world.community_a, held_on="2020-06-23").exists()


def test_social_worker_records_the_overdue_visit(journey, open_case):
    journey.start("p_worker")
    page = journey.open_todo("todo-visits")
    log_home_visit(page, "2019-04-02")
    assert "45分钟" in page.locator('[data-testid="records"]').inner_text()
    journey.done("worker")
    assert ServiceRecord.objects.get(case=open_case).mode == "home_visit"


def test_supervisor_reviews_the_queued_case(journey, open_case):
    page = journey.work(
        "p_supervisor",
        "todo-review-queue",
        {"#id_decision": "approved", "#id_comment": "评估充分,计划可行。"},
    )
    page.click("#review-form button[type=submit]")
    page.wait_for_load_state()
    assert "审核通过" in page.content()
    journey.done("supervisor")
    review = CaseReview.objects.get(case=open_case)
    assert review.decision == "approved" and review.reviewer.username == "p_supervisor"
    assert journey.todo_gone("todo-review-queue")


def test_agency_manager_files_the_quarterly_report(journey, world):
    page = journey.work(
        "p_manager",
        "todo-quarterly",
        {
            "#id_year": "2020",
            "#id_quarter": "2",
            "#id_narrative": "本季度完成需求档案建档与个案服务,进度符合方案。",
            "#id_submitted_on": "2020-06-30",
        },
    )
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    journey.done("manager")
    assert QuarterlyReport.objects.filter(contract=world.contract_a, year=2020, quarter=2).exists()


def test_district_approves_the_waiting_adjustment(journey, world):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    plan = world.contract_a.execution_plan
    proposal = content(world.contract_a, people=48)
    adjustment = adjustment_file(
        actor=world.users["street"], plan=plan, reason="残疾人服务需求较大", proposal=proposal
    )
    journey.start("p_district")
    page = journey.open_todo("todo-adjustments")
    page.select_option('[data-testid="decide"] select[name=approve]', "1")
    page.click('[data-testid="decide"] button[type=submit]')
    page.wait_for_selector('[data-testid="adjustment-stage"][data-stage="bureau"]')
    journey.done("district")
    assert PlanAdjustment.objects.get(pk=adjustment.pk).stage == AdjustmentStage.BUREAU


def test_bureau_approves_the_submitted_evaluation(journey, world):
    rubric(world)
    submitted(world, {})
    journey.start("p_bureau")
    page = journey.open_todo("todo-approvals")
    page.click('[data-testid="approve-form"] button[type=submit]')
    assert "已审定" in page.locator('[data-testid="approved"]').inner_text()
    journey.done("bureau")
    assert EvaluationResult.objects.filter(contract=world.contract_a).count() == 1


def test_evaluator_finishes_and_submits_the_draft(journey, world):
    evaluation = set_points(start(world), {})
    page = journey.start("p_evaluator")
    todo = page.locator('[data-testid="evaluation-todo"]')
    todo.locator(f"a:has-text('{world.contract_a.number}')").click()
    page.wait_for_selector('[data-testid="submit-form"]')
    journey.looks_right()
    page.fill("#id_summary", "中期进展良好。")
    page.click('[data-testid="submit-form"] button[type=submit]')
    page.wait_for_selector('[data-testid="status"]:has-text("已提交")')
    journey.done("evaluator")
    evaluation.refresh_from_db()
    assert evaluation.status == Status.SUBMITTED
