"""Journey: the bureau opens the indicator dashboard, clicks a red indicator and lands on the
records it counted (and those not counted yet, with why)."""

import pytest

from apps.metrics.models import RunTrigger
from apps.metrics.services import metrics_run_execute, metrics_run_start
from tests.browser.conftest import login
from tests.community.builders import make_archives
from tests.factories import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    world = build_world()
    year2 = world.pilot_round.years.get(number=2)
    for community in world.contract_a.communities.all():
        prefix = f"{community.name}幸福路"  # two of three with needs: C1 is red
        make_archives(
            world, community=community, year=year2, total=3, distressed=3, needs=2, prefix=prefix
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
