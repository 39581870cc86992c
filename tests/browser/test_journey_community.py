"""Journey: a social worker on a phone records a household archive and a volunteer team;
a community coordinator records the weekly joint meeting."""

import pytest

from tests.browser.conftest import login
from tests.factories import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


def _no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_social_worker_records_archive_and_team_on_a_phone(live_server, phone_page, world):
    page = phone_page
    login(page, live_server, "p_worker", PASSWORD)
    page.goto(f"{live_server.url}/community/")
    page.click(f"text={world.community_a.name}")
    c1 = '[data-testid="indicator-C1"] [data-testid="indicator-value"]'
    assert page.locator(c1).inner_text().strip() == "0"

    page.click("text=新建需求档案")
    page.fill("#id_address", "十全街88号")
    page.fill("#id_household_head", "陈阿婆")
    page.fill("#id_member_count", "2")
    page.fill("#id_members", "陈阿婆 户主 80岁\n陈强 儿子")
    page.check("input[name=need_areas][value=医疗健康]")
    page.fill("#id_need_detail", "独居,需要陪同就医")
    page.check("#id_is_distressed")
    page.check("input[name=distressed_groups] >> nth=0")
    page.fill("#id_recorded_on", "2019-08-01")
    assert _no_sideways_scroll(page)
    page.screenshot(path="/tmp/community-archive-form-phone.png", full_page=True)
    page.click("main button[type=submit]")

    assert page.locator(c1).inner_text().strip() == "1"
    assert "十全街88号" in page.locator('[data-testid="archives"]').inner_text()
    assert _no_sideways_scroll(page)
    page.screenshot(path="/tmp/community-page-phone.png", full_page=True)

    page.click("text=新建志愿者队伍")
    page.fill("#id_name", "银发守望队")
    page.fill("#id_founded_on", "2019-07-15")
    page.fill("#id_governance_role", "独居老人每周探访,参与楼道议事")
    page.click("main button[type=submit]")
    assert page.locator('[data-testid="team-name"]').inner_text() == "银发守望队"

    page.fill("#id_name", "周敏")
    page.fill("#id_phone", "139 0000 5678")
    page.fill("#id_joined_on", "2019-07-20")
    page.click("text=添加队员 >> nth=-1")
    members = page.locator('[data-testid="members"]').inner_text()
    assert "周敏" in members and "13900005678" in members
    assert _no_sideways_scroll(page)
    page.screenshot(path="/tmp/volunteer-team-phone.png", full_page=True)


def test_community_coordinator_records_a_weekly_meeting(live_server, page, world):
    login(page, live_server, "p_community", PASSWORD)
    page.goto(f"{live_server.url}/community/")
    page.click(f"text={world.community_a.name}")
    page.click("text=登记周联席会议")
    page.select_option("#id_organization", str(world.community_a.pk))
    page.fill("#id_held_on", "2019-08-06")
    page.fill("#id_attendees", "社区书记、试点协调员、项目社工")
    page.fill("#id_minutes", "通报需求档案进度;安排困境家庭走访。")
    page.fill("#id_decisions", "本周完成10户建档。")
    page.click("main button[type=submit]")
    assert "会议已登记" in page.content()
    assert "2019年8月6日" in page.content() or "2019-08-06" in page.content()
    page.screenshot(path="/tmp/community-weekly-meeting.png", full_page=True)
