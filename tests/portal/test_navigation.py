"""The portal's menu: one list of every app's front page, the current one marked."""

import re

from django.urls import reverse

from apps.accounts.models import Role
from apps.portal.demo import DEMO_EXTENSIONS, demo_extensions_run
from apps.portal.navigation import MENU, ROLE_MENUS, menu_for


def _menu_links(body: str) -> list[str]:
    menu = body.split('data-testid="portal-menu"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'href="([^"]+)"', menu)


def test_each_role_gets_its_own_menu_in_the_order_of_its_day(world, client_for):
    worker = _menu_links(client_for("social_worker").get("/").content.decode())
    assert worker == [reverse(n) for n in ROLE_MENUS[Role.SOCIAL_WORKER]]
    # A social worker is not shown procurement or the indicator rules.
    assert reverse("portal:procurement_overview") not in worker
    assert reverse("catalogue:rules") not in worker
    street = _menu_links(client_for("street").get("/").content.decode())
    assert street[:2] == ["/", reverse("cases:index")]  # the list upload comes first
    bureau = _menu_links(client_for("bureau").get("/").content.decode())
    assert bureau[-1] == reverse("admin:index")
    assert "admin" not in " ".join(worker + street)
    every = {reverse(name) for _, name in MENU}
    assert every <= set(bureau)  # the bureau reaches every front page


def test_current_page_is_marked_by_its_longest_prefix(world):
    user = world.users["bureau"]
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
