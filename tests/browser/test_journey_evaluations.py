"""Journey: the evaluator draws a sample, scores and submits; the bureau compares two
evaluators, approves, simulates and records the payment; the agency reads its result."""

from decimal import Decimal

import pytest

from apps.accounts.models import Role
from apps.evaluations.models import Payment, Status
from tests.browser.conftest import login, switch_to
from tests.community.builders import make_archives
from tests.evaluations.builders import rubric, submitted, year
from tests.factories import PASSWORD, build_world, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_world():
    world = build_world()  # own data (pytest-django #454: live_server vs. flush)
    rubric(world)
    make_archives(world, community=world.community_a, year=year(world), total=12, distressed=0)
    org = world.users["evaluator"].memberships.get().organization
    second = make_person("p_evaluator_2", Role.EVALUATOR, org)
    submitted(world, {"SATIS": "4"}, user=second)  # a colleague who judged satisfaction lower
    return world


def test_evaluation_from_sample_to_payment(live_server, page, journey_world):
    world = journey_world
    login(page, live_server, "p_evaluator", PASSWORD)
    assert "评估待办" in page.locator('[data-testid="evaluation-todo"]').inner_text()
    page.click("nav a[href='/evaluations/']")
    start = page.locator('[data-testid="start-form"]')
    start.locator("select[name=contract]").select_option(str(world.contract_a.pk))
    start.locator("select[name=project_year]").select_option(str(year(world).pk))
    start.locator("select[name=kind]").select_option("mid")
    start.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="score-SAMPLE"]')
    # The verification sample: 12 archives → max(3, ceil(1.2)) = 3 drawn, seed kept.
    page.click('[data-testid="sample-link"]')
    page.fill("#id_seed", "4242")
    page.click('[data-testid="draw-form"] button[type=submit]')
    assert page.locator('[data-testid="seed"]').inner_text() == "4242"
    assert page.locator('[data-testid="sample-items"] tbody tr').count() == 3
    for n in (1, 2, 3):
        page.click(f'[data-testid="check-{n}"]')
        page.wait_for_load_state()
    assert "通过 3" in page.locator('[data-testid="sample-summary"]').inner_text()
    page.click("text=← 返回评分")
    score = page.locator('[data-testid="score-SAMPLE"]')
    assert "10.00 / 10.00" in score.inner_text()  # 3 of 3 passed
    satis = page.locator('[data-testid="score-SATIS"]')
    satis.locator('[data-testid="points-SATIS"]').fill("9")
    satis.locator('[data-testid="save-SATIS"]').click()
    page.wait_for_selector('[data-testid="submit-form"]')
    page.fill("#id_summary", "中期进展良好。")
    page.click('[data-testid="submit-form"] button[type=submit]')
    page.wait_for_selector('[data-testid="status"]:has-text("已提交")')
    page.screenshot(path="/tmp/journey-evaluation-submitted.png", full_page=True)

    switch_to(page, live_server, "p_bureau", PASSWORD)
    page.click("nav a[href='/evaluations/']")
    page.click('[data-testid="approval-queue"] a')
    table = page.locator('[data-testid="comparison"]')
    assert table.locator("thead th").count() == 5  # indicator, max, two evaluators, mean
    assert page.locator('[data-testid="flagged"]').count() == 1  # SATIS 9 vs 4 of 10
    page.click('[data-testid="approve-form"] button[type=submit]')
    assert "已审定" in page.locator('[data-testid="approved"]').inner_text()
    page.click('[data-testid="approved"] a')
    page.click('[data-testid="simulate-1"]')
    steps = page.locator('[data-testid="instalment-1"] ol li')
    assert steps.count() == 3  # planned → grade factor → to pay, each with its clause
    assert "§六(一)" in steps.nth(1).inner_text()
    page.fill('[data-testid="pay-form"] input[name=paid_on]', "2019-01-15")
    page.click('[data-testid="pay-form"] button[type=submit]')
    assert "已付" in page.locator('[data-testid="instalment-1"]').inner_text()
    payment = Payment.objects.get()
    # Means: SATIS (9 + 4) / 2 = 6.5, SAMPLE (10 + 10) / 2 = 10 and the rest as pre-filled.
    assert payment.amount == payment.instalment.base_amount * payment.result.payment_factor
    assert payment.result.per_indicator["SATIS"] == str(Decimal("6.50"))
    assert set(payment.result.evaluations.values_list("status", flat=True)) == {Status.APPROVED}

    switch_to(page, live_server, "p_manager", PASSWORD)
    page.goto(f"{live_server.url}/evaluations/")
    page.click('[data-testid="results"] a:has-text("查看")')
    result = page.locator('[data-testid="result"]').inner_text()
    assert payment.result.grade in result and str(payment.result.total) in result
