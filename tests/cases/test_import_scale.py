"""The import scales linearly (each row checked once per phase, lookups once per phase) and a
list confirmed again never names anyone twice on a street's list. Counted calls, never time."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.cases import demo as cases_demo
from apps.cases.models import ImportStatus, TargetListEntry, TargetListImport
from apps.cases.services import import_rows, imports, target_list_confirm, target_list_upload
from tests.cases.helpers import make_id, row, xlsx_bytes

VALIDATORS = (
    "validate_name",
    "validate_id",
    "validate_phone",
    "validate_group",
    "validate_community",
    "validate_address",
    "validate_note",
)
REGISTRY_LOOKUPS = (
    "group_lookup",
    "community_lookup",
    "communities_elsewhere",
    "known_clients",
    "listings_of",
)


def people(world, n, start=0, group="困境老年人"):
    base = date(1940, 1, 1)
    community = world.community_a.name
    return [
        row(
            f"规模{i}",
            make_id(f"{base + timedelta(days=i // 100):%Y%m%d}", 100 + i % 100),
            group,
            community,
        )
        for i in range(start, start + n)
    ]


@pytest.fixture
def calls(monkeypatch):
    """Counts every column validator, registry lookup and file parse by name."""
    counter = Counter()

    def counting(name, fn):
        def wrapper(*args, **kwargs):
            counter[name] += 1
            return fn(*args, **kwargs)

        return wrapper

    assert sorted(fn.__name__ for fn in import_rows.COLUMN_VALIDATORS.values()) == sorted(
        VALIDATORS
    )
    for column, fn in list(import_rows.COLUMN_VALIDATORS.items()):
        monkeypatch.setitem(import_rows.COLUMN_VALIDATORS, column, counting(fn.__name__, fn))
    for name in REGISTRY_LOOKUPS:
        monkeypatch.setattr(import_rows, name, counting(name, getattr(import_rows, name)))
    monkeypatch.setattr(imports, "read_sheet", counting("read_sheet", imports.read_sheet))
    return counter


def upload_and_confirm(world, rows, calls):
    # A fresh user object, as each request has: the gates cache the scope on it, so a reused
    # one would make the second upload one query cheaper than the first.
    street_user = User.objects.get(pk=world.users["street"].pk)
    with CaptureQueriesContext(connection) as upload_queries:
        li = target_list_upload(
            actor=street_user,
            organization=world.unit_a.street,
            name="规模.xlsx",
            data=xlsx_bytes(rows),
        )
    at_upload = Counter(calls)
    calls.clear()
    assert li.status == ImportStatus.VALIDATED, li.problems[:3]
    with CaptureQueriesContext(connection) as confirm_queries:
        target_list_confirm(actor=street_user, list_import=li)
    at_confirm = Counter(calls)
    calls.clear()
    return at_upload, at_confirm, len(upload_queries), len(confirm_queries)


def test_each_row_is_checked_once_per_phase_and_queries_do_not_grow_with_rows(
    world, settings, calls
):
    settings.IMPORT_ASYNC_ROWS = 1000  # both files are checked in-process
    n = 40
    small = upload_and_confirm(world, people(world, n), calls)
    large = upload_and_confirm(world, people(world, 2 * n, start=1000), calls)
    for (at_upload, at_confirm, _, _), rows in ((small, n), (large, 2 * n)):
        # Parsed once, at upload; the confirmation reuses the checked rows.
        assert at_upload["read_sheet"] == 1 and at_confirm["read_sheet"] == 0
        for name in VALIDATORS:
            assert at_upload[name] == rows, name
            assert at_confirm[name] == 0, name
        for name in REGISTRY_LOOKUPS:
            # Once at preview, once again inside the import's transaction: never per row.
            assert at_upload[name] == 1, name
            assert at_confirm[name] == 1, name
    assert small[2] == large[2]  # upload: same number of queries for N and 2N rows
    assert small[3] == large[3]  # confirm: the same


def street_listing(world):
    return Counter(
        TargetListEntry.objects.filter(street=world.unit_a.street).values_list(
            "client_id", flat=True
        )
    )


def test_confirming_the_same_file_again_lists_nobody_twice(world):
    street_user = world.users["street"]
    data = xlsx_bytes(people(world, 25))
    for _ in range(2):
        li = target_list_upload(
            actor=street_user, organization=world.unit_a.street, name="同一.xlsx", data=data
        )
        target_list_confirm(actor=street_user, list_import=li)
    listing = street_listing(world)
    assert len(listing) == 25
    assert set(listing.values()) == {1}
    li.refresh_from_db()
    assert li.status == ImportStatus.IMPORTED
    assert (li.new_count, li.known_count) == (0, 25)
    assert "25人已在本街道名单中" in li.outcome


def test_a_second_file_with_the_same_people_adds_only_the_new_ones_and_their_groups(world):
    street_user = world.users["street"]
    first = target_list_upload(
        actor=street_user,
        organization=world.unit_a.street,
        name="一.xlsx",
        data=xlsx_bytes(people(world, 10)),
    )
    target_list_confirm(actor=street_user, list_import=first)
    # The same ten people (now also 残障人士) and five more.
    again = [r[:3] + ["困境老年人、残障人士"] + r[4:] for r in people(world, 15)]
    second = target_list_upload(
        actor=street_user,
        organization=world.unit_a.street,
        name="二.xlsx",
        data=xlsx_bytes(again),
    )
    assert (second.new_count, second.known_count) == (5, 10)
    target_list_confirm(actor=street_user, list_import=second)
    listing = street_listing(world)
    assert len(listing) == 15 and set(listing.values()) == {1}
    assert TargetListEntry.objects.filter(list_import=second).count() == 5
    for entry in TargetListEntry.objects.filter(street=world.unit_a.street):
        assert sorted(g.code for g in entry.groups.all()) == ["A1-T1-1", "A1-T1-6"]


def test_demo_lists_import_whatever_the_async_threshold(world, settings, tmp_path):
    settings.IMPORT_ASYNC_ROWS = 5  # below the demo's 30 rows per street
    from apps.cases.services import distressed_groups

    groups = list(distressed_groups(pilot_round=world.pilot_round))
    cases_demo._street_list(street=world.unit_a.street, index=1, groups=groups)
    li = TargetListImport.objects.get(
        organization=world.unit_a.street, original_name=cases_demo.DEMO_LIST_NAME
    )
    assert li.status == ImportStatus.IMPORTED
    assert li.entries.count() == cases_demo.ROWS_PER_STREET
