"""Journeys: a manager completes a team and sees the check turn green; a street coordinator
files a plan adjustment, the district and then the bureau approve it."""

import pytest

from apps.agencies.models import TeamRole
from apps.plans.services import plan_save
from tests.agencies.builders import compliant_team, load_rules, staff
from tests.browser.conftest import login, switch_to
from tests.factories import PASSWORD, build_world
from tests.plans.builders import content

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def journey_world():
    # Browser tests keep to their own data (pytest-django #454: live_server vs. flush).
    world = build_world()
    load_rules(world)
    return world


def test_manager_completes_the_team_and_the_check_turns_green(live_server, page, journey_world):
    world = journey_world
    team, people = compliant_team(world.contract_a)
    team.memberships.filter(person=people["workers"][0]).delete()
    ninth = staff(world.agency_a, "第九名社工")
    login(page, live_server, "p_manager", PASSWORD)
    page.click("text=机构与团队")
    page.click(f"a[href='/agencies/contracts/{world.contract_a.pk}/team/']")
    status = page.locator('[data-testid="team-status"]')
    assert status.get_attribute("data-compliant") == "false"
    assert "全职8名" in page.locator('[data-code="A2-2-STAFF"]').inner_text()
    form = page.locator('[data-testid="member-add"]')
    form.locator("select[name=person]").select_option(str(ninth.pk))
    form.locator("select[name=role]").select_option(TeamRole.SOCIAL_WORKER)
    form.locator("input[name=joined_on]").fill("2018-07-01")
    form.locator("button[type=submit]").click()
    page.wait_for_selector('[data-testid="team-status"][data-compliant="true"]')
    assert "符合要求" in status.inner_text()
    assert page.locator('[data-code="A2-2-STAFF"]').get_attribute("data-status") == "met"
    page.screenshot(path="/tmp/journey-team-green.png", full_page=True)


def test_street_files_an_adjustment_district_and_bureau_approve(live_server, page, journey_world):
    world = journey_world
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    login(page, live_server, "p_street", PASSWORD)
    page.click("text=委托与方案")
    page.click(f"a[href='/plans/contracts/{world.contract_a.pk}/']")
    page.click('[data-testid="adjust-link"]')
    first = page.locator("details[data-community]").first
    first.locator("input[data-code='A1-T1-3-1']").check()
    first.locator("input[type=number]").fill("48")
    page.fill("#id_reason", "需求调查显示残疾人服务需求较大")
    page.click('[data-testid="plan-form"] button[type=submit]')
    stage = page.locator('[data-testid="adjustment-stage"]')
    assert stage.get_attribute("data-stage") == "district"
    adjustment_url = page.url

    switch_to(page, live_server, "p_district", PASSWORD)
    page.goto(adjustment_url)
    page.select_option('[data-testid="decide"] select[name=approve]', "1")
    page.click('[data-testid="decide"] button[type=submit]')
    page.wait_for_selector('[data-testid="adjustment-stage"][data-stage="bureau"]')

    switch_to(page, live_server, "p_bureau", PASSWORD)
    page.goto(adjustment_url)
    page.fill('[data-testid="decide"] textarea[name=reason]', "同意,纳入执行方案第2版")
    page.click('[data-testid="decide"] button[type=submit]')
    page.wait_for_selector('[data-testid="adjustment-stage"][data-stage="approved"]')
    steps = page.locator('[data-testid="steps"] li')
    assert steps.count() == 3
    page.screenshot(path="/tmp/journey-adjustment-approved.png", full_page=True)
    page.click(f"a[href='/plans/contracts/{world.contract_a.pk}/']")
    assert "第2版" in page.locator("h2", has_text="执行方案").inner_text()


def test_team_and_plan_pages_fit_a_phone(live_server, phone_page, journey_world):
    world = journey_world
    compliant_team(world.contract_a)
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    page = phone_page
    login(page, live_server, "p_manager", PASSWORD)
    for path in [
        f"/agencies/contracts/{world.contract_a.pk}/team/",
        f"/plans/contracts/{world.contract_a.pk}/",
        "/procurement/",
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), path
    page.goto(f"{live_server.url}/agencies/contracts/{world.contract_a.pk}/team/")
    page.screenshot(path="/tmp/journey-team-phone.png", full_page=True)
