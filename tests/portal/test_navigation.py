"""The portal's menu: one list of every app's front page, the current one marked."""

import re

from django.urls import reverse

from apps.portal.demo import DEMO_EXTENSIONS, demo_extensions_run
from apps.portal.navigation import MENU, menu_for


def _menu_links(body: str) -> list[str]:
    menu = body.split('data-testid="portal-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', menu)


def test_menu_lists_every_front_page_and_the_admin_for_the_bureau_only(world, client_for):
    front_pages = [reverse(name) for _, name in MENU]
    assert _menu_links(client_for("social_worker").get("/").content.decode()) == front_pages
    assert _menu_links(client_for("bureau").get("/").content.decode()) == [
        *front_pages,
        reverse("admin:index"),
    ]


def test_current_page_is_marked_by_its_longest_prefix(world):
    user = world.users["street"]
    active = [i.url for i in menu_for(user=user, path="/catalogue/rules/") if i.active]
    assert active == [reverse("catalogue:rules")]
    active = [i.url for i in menu_for(user=user, path="/procurement/units/1/") if i.active]
    assert active == [reverse("portal:procurement_overview")]
    assert [i.url for i in menu_for(user=user, path="/") if i.active] == ["/"]


def test_anonymous_visitors_get_no_menu(world):
    from django.contrib.auth.models import AnonymousUser

    assert menu_for(user=AnonymousUser(), path="/") == []


def test_demo_runs_only_installed_apps_demo_modules_in_order(world):
    ran = demo_extensions_run(pilot_round=world.pilot_round, names=["apps.reports", "apps.orgs"])
    # reports is not installed yet and orgs has no demo module: nothing runs
    assert ran == []
    assert DEMO_EXTENSIONS.index("apps.metrics") < DEMO_EXTENSIONS.index("apps.evaluations")
