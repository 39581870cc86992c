"""Journey: the bureau asks for the city overview, watches the progress, downloads the PDF."""

import pytest

from apps.reports.models import Report, ReportDownload
from tests.browser.conftest import login
from tests.factories import PASSWORD, build_world
from tests.metrics.test_tasks import real_worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return build_world()


def test_bureau_asks_for_the_city_overview_and_downloads_it(live_server, page, world, tmp_path):
    login(page, live_server, "p_bureau", PASSWORD)
    page.goto(f"{live_server.url}/reports/")
    form = page.locator('[data-testid="request-city_overview"]')
    year = world.pilot_round.years.get(number=1)
    form.locator("select").select_option(str(year.pk))
    with real_worker():
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/jobs/*/")
        progress = page.locator('[data-testid="job-progress"]')
        assert "苏州市社区服务社会化试点全市情况总览" in progress.inner_text()
        # The job page polls its status and moves on to the list once the worker is done.
        page.wait_for_url("**/reports/?new=*", timeout=120_000)
    report = Report.objects.get(kind="city_overview")
    row = page.locator(f'[data-testid="report-{report.pk}"]')
    assert "已生成" in row.inner_text() and "第1版" in row.inner_text()
    with page.expect_download() as info:
        row.locator(f'[data-testid="download-{report.pk}"]').click()
    download = info.value
    target = tmp_path / "overview.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    assert download.suggested_filename.endswith("第1版.pdf")
    assert ReportDownload.objects.get(report=report).user == world.users["bureau"]
    page.goto(f"{live_server.url}/reports/")
    assert "已下载 1 次" in page.locator(f'[data-testid="report-{report.pk}"]').inner_text()
