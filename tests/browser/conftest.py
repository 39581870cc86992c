"""Playwright driving Debian's Chromium (never a downloaded browser) against the live server."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (see .ci/run)")
    # Playwright's sync API runs an event loop; Django's ORM refuses that without this flag.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized viewport, as a social worker on a home visit has."""
    context = browser.new_context(
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def logout(page, live_server):
    page.locator("form[action='/logout/'] button").click()
    page.wait_for_url(f"{live_server.url}/login/")


def switch_to(page, live_server, username, password):
    """Sign out and sign in as ``username``: the next person of a journey takes over."""
    logout(page, live_server)
    login(page, live_server, username, password)


def fill(page, values: dict) -> None:
    """Fill a form as a person would: selects by their option value, the rest by typing."""
    for selector, value in values.items():
        field = page.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def log_home_visit(page, on: str) -> None:
    """On a case page: save a 45-minute home visit under the first sub-item offered."""
    fill(
        page,
        {
            "#id_date": on,
            "#id_duration_minutes": "45",
            "#id_mode": "home_visit",
            "#id_note": "入户探访:老人身体状况稳定,已联系社区助餐。",
        },
    )
    page.select_option("#id_sub_item", index=1)
    page.click("button[type=submit]:has-text('保存服务记录')")


def elder(world):
    """A walk-in client of community A, as the case journeys start from."""
    from apps.cases.services import client_register
    from tests.cases.helpers import make_id

    return client_register(
        actor=None,
        name="测试老人",
        community=world.community_a,
        source="walk_in",
        id_number=make_id("19450101", 9),
    )
