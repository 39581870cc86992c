"""Journey: each demo role signs in and sees its own home, on a desktop and on a phone."""

import json

import pytest
from django.core.management import call_command

from tests.browser.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_accounts(settings, tmp_path):
    # Browser tests keep to their own data (pytest-django #454: live_server vs. flush).
    settings.VAR_DIR = tmp_path
    call_command("load_pilot_seed", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return json.loads((tmp_path / "demo_accounts.json").read_text(encoding="utf-8"))


def test_each_demo_role_signs_in_and_sees_its_own_home(live_server, page, demo_accounts):
    for account in demo_accounts:
        login(page, live_server, account["username"], account["password"])
        section = page.locator(f'[data-testid="section-{account["role_code"]}"]')
        assert section.is_visible(), account["username"]
        assert account["role"] in section.inner_text()
        assert account["scope"] in section.locator('[data-testid="scope-name"]').inner_text()
        logout(page, live_server)


def test_bureau_home_and_catalogue_on_a_phone(live_server, phone_page, demo_accounts, tmp_path):
    page = phone_page
    login(page, live_server, "demo_bureau", demo_accounts[0]["password"])
    assert page.locator('[data-testid="unit-count"]').inner_text() == "14"
    assert page.locator('[data-testid="budget-total"]').inner_text() == "32,800,000"
    # The menu collapses behind the toggler on a phone, and opens with the local Bootstrap JS.
    page.click(".navbar-toggler")
    page.click("text=服务清单")
    counts = page.locator('[data-testid="catalogue-counts"]').inner_text()
    assert "4 大类" in counts and "20 大项" in counts and "90 细项" in counts
    # No horizontal scrolling of the page body on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "catalogue-phone.png"))


def test_anonymous_visitor_is_sent_to_login(live_server, page, demo_accounts):
    page.goto(f"{live_server.url}/catalogue/")
    assert "/login/" in page.url
    assert page.locator("h1").inner_text() == "登录"
