"""Journey: the bureau opens the indicator dashboard, clicks a red indicator and lands on the
records it counted (and those not counted yet, with why)."""

from datetime import date

import pytest

from apps.catalogue.models import Item
from apps.community.models import HouseholdArchive
from apps.metrics.models import RunTrigger
from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.browser.conftest import login
from tests.factories import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    world = build_world()
    year2 = world.pilot_round.years.get(number=2)
    archive_item = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T2-1")
    for community in world.contract_a.communities.all():
        for i in range(3):
            HouseholdArchive.objects.create(
                contract=world.contract_a,
                community=community,
                item=archive_item,
                project_year=year2,
                address=f"{community.name}幸福路{i + 1}号",
                address_key=f"幸福路{i + 1}号",
                household_head=f"户主{i + 1}",
                needs={"养老": "需要助餐"} if i < 2 else {},
                is_distressed=True,
                recorded_on=date(2019, 9, 1),
            )
    run = metrics_run_start(pilot_round=world.pilot_round, trigger=RunTrigger.MANUAL)
    metrics_run_execute(run=run)
    return world


def test_bureau_clicks_a_red_indicator_and_sees_its_records(live_server, page, world):
    login(page, live_server, "p_bureau", PASSWORD)
    page.goto(f"{live_server.url}/metrics/")
    cell = page.locator(f'[data-testid="cell-{world.contract_a.pk}-C1"]')
    assert "light-red" in cell.get_attribute("class")
    cell.locator("a").first.click()
    page.wait_for_load_state()
    if "/snapshots/" not in page.url:  # a drill-down page first: open one community's number
        # One community's number of the year with records (the page lists every period).
        page.locator('a[href*="/metrics/snapshots/"]', has_text="2").first.click()
        page.wait_for_load_state()
    assert "/metrics/snapshots/" in page.url
    assert "§三(二)1" in page.inner_text("body")
    counted = page.locator('[data-testid="counted-records"] li')
    assert counted.count() == 2
    assert "幸福路" in counted.first.inner_text()
    excluded = page.locator('[data-testid="excluded-records"]')
    assert "已填写家庭需求(至少一个领域)" in excluded.inner_text()
    page.screenshot(path="/tmp/metrics-snapshot.png", full_page=True)
