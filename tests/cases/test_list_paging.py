"""The case and client lists page the ids first, then load each page's rows: every row in
scope appears once, in the list's order, and the count is the scope's."""

from datetime import date, timedelta

from apps.cases import selectors
from apps.core.pagination import GroupedRowsPaginator, RowsPaginator
from tests.cases.conftest import open_case, register


def _every_page(paginator) -> list[int]:
    return [row.pk for n in paginator.page_range for row in paginator.page(n)]


def test_client_list_pages_cover_every_client_once_in_community_then_name_order(world):
    other = world.contract_a.communities.exclude(pk=world.community_a.pk).order_by("code")[0]
    for i in range(7):
        register(world, f"翻页甲{6 - i}", world.community_a, 800 + i)
    for i in range(5):
        register(world, f"翻页乙{i}", other, 820 + i)
    for persona in ("bureau", "street", "agency_manager"):
        user = world.users[persona]
        clients = selectors.client_list(user=user)
        expected = list(clients.values_list("pk", flat=True))
        assert len(expected) >= 12, persona
        pages = GroupedRowsPaginator(
            clients,
            3,
            rows=selectors.client_list_rows,
            group="community_id",
            group_order="community__code",
        )
        assert pages.count == len(expected)
        assert _every_page(pages) == expected, persona
        # Each row carries what the page shows.
        first = pages.page(1)[0]
        assert first.community.name and hasattr(first, "case_count")


def test_case_list_pages_cover_every_case_once_newest_first(world):
    worker = world.users["social_worker"]
    for i in range(7):
        client = register(world, f"个案翻页{i}", world.community_a, 840 + i)
        open_case(
            world,
            client,
            world.contract_a,
            world.community_a,
            worker,
            date(2019, 3, 1) + timedelta(days=i % 3),
        )
    for persona in ("bureau", "agency_manager", "social_worker"):
        cases = selectors.case_list(user=world.users[persona])
        expected = list(cases.values_list("pk", flat=True))
        assert len(expected) >= 7, persona
        pages = RowsPaginator(cases, 2, rows=selectors.case_list_rows)
        assert pages.count == len(expected)
        assert _every_page(pages) == expected, persona
        assert pages.page(1)[0].record_count >= 0
