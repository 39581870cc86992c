"""Journeys: a street coordinator fixes and imports a list; a worker logs a home visit on a phone."""

from datetime import date

import pytest

from apps.cases.models import Client, TargetListImport
from apps.cases.services import client_consent_record
from tests.browser.conftest import elder, log_home_visit, login
from tests.cases.helpers import bad_checksum, make_id, row, xlsx_bytes
from tests.factories import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_world()


def test_street_coordinator_sees_bad_rows_fixes_the_file_and_imports(
    live_server, page, world, tmp_path
):
    c = world.community_a.name
    good = [row("测试一", make_id("19500101", 1), "困境老年人", c)]
    bad = [
        row("测试二", bad_checksum(make_id("19600101", 2)), "困境老年人", c),
        row("测试三", make_id("19700101", 3), "流浪人员", c),
    ]
    broken_file = tmp_path / "名单-有错.xlsx"
    broken_file.write_bytes(xlsx_bytes(good + bad))
    fixed_file = tmp_path / "名单-已改.xlsx"
    fixed_file.write_bytes(
        xlsx_bytes(
            good
            + [
                row("测试二", make_id("19600101", 2), "困境老年人", c),
                row("测试三", make_id("19700101", 3), "残障人士", c),
            ]
        )
    )
    login(page, live_server, "p_street", PASSWORD)
    page.goto(f"{live_server.url}/cases/")
    page.click("text=上传名单")
    # The file input speaks Chinese whatever the browser's language, and names the chosen file.
    picker = page.locator(".input-group:has(#id_file)")
    assert picker.inner_text().split() == ["选择文件", "未选择文件"]
    with page.expect_file_chooser() as chooser:
        picker.locator("label", has_text="选择文件").click()
    chooser.value.set_files(str(broken_file))
    assert broken_file.name in picker.inner_text()
    page.click("button[type=submit]:has-text('上传并校验')")
    errors = page.locator('[data-testid="import-errors"]')
    assert "第3行" in errors.inner_text() and "校验位不正确" in errors.inner_text()
    assert "第4行" in errors.inner_text() and "流浪人员" in errors.inner_text()
    assert page.locator('[data-testid="count-rejected"]').inner_text() == "2"
    assert page.locator("text=确认导入").count() == 0
    page.screenshot(path="/tmp/cases-import-errors.png", full_page=True)
    assert Client.objects.count() == 0

    page.goto(f"{live_server.url}/cases/imports/upload/")
    page.set_input_files("#id_file", str(fixed_file))
    page.click("button[type=submit]:has-text('上传并校验')")
    assert page.locator('[data-testid="count-new"]').inner_text() == "3"
    page.click("text=确认导入全部 3 行")
    assert "已导入" in page.locator('[data-testid="import-status"]').inner_text()
    page.screenshot(path="/tmp/cases-import-done.png", full_page=True)
    assert Client.objects.count() == 3
    assert TargetListImport.objects.filter(status="imported").count() == 1


def test_social_worker_opens_a_case_and_logs_a_home_visit_on_a_phone(
    live_server, phone_page, world, tmp_path
):
    page = phone_page
    client = elder(world)
    client_consent_record(actor=None, client=client, given_by="self", on=date(2019, 1, 1))
    login(page, live_server, "p_worker", PASSWORD)
    page.goto(f"{live_server.url}/cases/")
    page.click('a:has-text("开案")')
    page.goto(f"{page.url}?community={world.community_a.pk}")
    page.fill("#picker-q", "老人")
    page.click("#client-picker button[type=submit]")
    page.wait_for_url("**q=*")
    page.select_option("#id_kind", "individual")
    page.select_option("#id_client", str(client.pk))
    page.locator(".sub-item-groups summary").first.click()
    page.locator(".sub-item-groups input[type=checkbox]").first.check()
    page.fill("#id_assessment", "独居老人,行动不便")
    page.fill("#id_plan", "每月入户探访两次")
    page.fill("#id_opened_on", "2019-03-01")
    page.click("button[type=submit]:has-text('开案')")
    assert page.locator('[data-testid="case-status"]').inner_text() == "服务中"

    log_home_visit(page, "2019-03-02")
    records = page.locator('[data-testid="records"]').inner_text()
    assert "入户探访" in records and "45分钟" in records
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path="/tmp/cases-home-visit-phone.png", full_page=True)
    assert client.cases.get().records.get().mode == "home_visit"
