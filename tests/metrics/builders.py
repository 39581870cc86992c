"""Rows made directly for the dashboard tests (the engine under test counts them)."""

from datetime import date

from apps.catalogue.models import Item
from apps.community.models import HouseholdArchive


def worker_archives(
    world, n, worker, *, contract=None, community=None, address="a{i}号", key="a{i}"
):
    """``n`` household archives with their needs filled in, recorded by ``worker`` on
    2019-01-05 in project year 1 (agency A's first community unless told otherwise);
    ``address`` and ``key`` are formats of the row number ``i``."""
    item = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T2-1")
    year = world.pilot_round.years.get(number=1)
    HouseholdArchive.objects.bulk_create(
        HouseholdArchive(
            contract=contract or world.contract_a,
            community=community or world.community_a,
            item=item,
            project_year=year,
            address=address.format(i=i),
            address_key=key.format(i=i),
            household_head="户主",
            needs={"养老": "助餐"},
            recorded_on=date(2019, 1, 5),
            worker=worker,
        )
        for i in range(n)
    )
