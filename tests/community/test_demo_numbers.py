"""Every community page shows exactly the dashboard's numbers (the same snapshots) for the demo.

Built with ``seed_demo`` rather than the persona world: the demo is where the community page
and the dashboard used to disagree (C3 and C7 of 沧浪东园社区), it fills every community-level
indicator on both sides of its thresholds, and it computes every indicator once, as
``make run`` does. It costs one seed per test process, so everything is checked in one test.
"""

import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role, User
from apps.accounts.services import membership_grant, user_create
from apps.orgs.models import Organization
from apps.procurement.models import Contract

CELL = re.compile(
    r'data-testid="cell-(\d+)-(\d+)-(\w+)">\s*<a href="([^"]+)">([^<]+)</a>',
)
LINK = re.compile(r'<a href="(/metrics/snapshots/\d+/)" data-testid="snapshot-link">([^<]+)</a>')
PANEL = re.compile(
    r'data-testid="indicator-([A-Z][A-Z0-9_]*)">.*?<a href="([^"]+)" data-testid="indicator-value"[^>]*>'
    r"([^<]+)</a>",
    re.S,
)


def _client(username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _dashboard(client, contract, year):
    """The contract's dashboard page: its per-community cells {(community pk, code): (snapshot
    link, shown text)} and every snapshot it lists {link: shown text}."""
    body = client.get(reverse("metrics:contract", args=[contract.pk]), {"year": year})
    assert body.status_code == 200
    html = body.content.decode()
    cells = {
        (int(community), code): (href, text.strip())
        for c, community, code, href, text in CELL.findall(html)
        if int(c) == contract.pk
    }
    return cells, {href: text.strip() for href, text in LINK.findall(html)}


def _panel(client, contract, community_pk, year):
    url = reverse("community:community", args=[contract.pk, community_pk])
    body = client.get(url, {"year": year})
    assert body.status_code == 200
    return {code: (href, text.strip()) for code, href, text in PANEL.findall(body.content.decode())}


@pytest.mark.django_db
def test_every_demo_community_page_shows_the_dashboards_numbers(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_pilot_seed", verbosity=0)
    call_command("seed_demo", verbosity=0)
    bureau = _client("demo_bureau")
    contracts = list(
        Contract.objects.filter(communities__name__endswith="(演示)")
        .distinct()
        .select_related("unit__pilot_round")
        .order_by("pk")
    )
    assert contracts
    compared, first = 0, None
    for contract in contracts:
        for year in contract.unit.pilot_round.years.values_list("number", flat=True):
            cells, listed = _dashboard(bureau, contract, year)
            for community_pk in {pk for pk, _ in cells}:
                dashboard = {code: v for (pk, code), v in cells.items() if pk == community_pk}
                panel = _panel(bureau, contract, community_pk, year)
                # Every per-community number of the dashboard is on the page, the same one …
                assert {code: panel.get(code) for code in dashboard} == dashboard
                # … and the page shows nothing the dashboard does not (whole-term ones too).
                assert all(listed.get(href) == text for href, text in panel.values())
                compared += len(panel)
                first = first or (contract, community_pk)
    assert compared > 0
    # A community's own coordinator reads the same numbers on the page as the bureau. The demo's
    # coordinator (沧浪东园社区, where the page once counted C3 and C7 itself) when the demo
    # holds 沧浪's contract; in a database shared with the persona world, whose contract holds
    # 沧浪's unit, a coordinator made here for the first demo community compared above.
    east = Organization.objects.get(name="沧浪东园社区(演示)")
    coordinator = User.objects.get(username="demo_community")
    served = Contract.objects.filter(communities=east).first()
    if served is None:
        served, community_pk = first
        east = Organization.objects.get(pk=community_pk)
        coordinator = user_create(
            actor=None, username="struct_b_coordinator", password="Pilot-2018-x"
        )
        membership_grant(
            actor=None, user=coordinator, role=Role.COMMUNITY_COORDINATOR, organization=east
        )
    year = max(served.unit.pilot_round.years.values_list("number", flat=True))
    cells, _ = _dashboard(bureau, served, year)
    mine = {code: v for (pk, code), v in cells.items() if pk == east.pk}
    assert {"C1", "C3", "C7"} <= set(mine)
    client = Client()
    client.force_login(coordinator)
    assert _panel(client, served, east.pk, year) == _panel(bureau, served, east.pk, year)
