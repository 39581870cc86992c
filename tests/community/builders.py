"""Bulk builders for progress tests (rows made directly: the rules under test are the counts)."""

from apps.catalogue.models import Item
from apps.community.models import HouseholdArchive
from apps.community.services import meeting_create


def at_a(world) -> dict:
    """The keyword arguments most service calls of these tests share: agency A's contract in
    its first community, acting as the system."""
    return {"actor": None, "contract": world.contract_a, "community": world.community_a}


def meeting(contract, kind, organization, day, actor=None):
    """A meeting on ``contract``, through the service (its attendees and minutes are of no
    consequence)."""
    notes = {"attendees": "社工、居委会", "minutes": "纪要"}
    return meeting_create(
        actor=actor, contract=contract, kind=kind, organization=organization, held_on=day, **notes
    )


def make_archives(
    world, *, community, year, total, distressed, contract=None, prefix="幸福路", needs=None
):
    """``total`` archives of ``community``, the first ``distressed`` of distressed households,
    the first ``needs`` (all unless told) with the household's needs recorded."""
    contract = contract or world.contract_a
    needs = total if needs is None else needs
    item = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T2-1")
    HouseholdArchive.objects.bulk_create(
        HouseholdArchive(
            contract=contract,
            community=community,
            item=item,
            project_year=year,
            address=f"{prefix}{i}号",
            address_key=f"{prefix}{i}号",
            household_head=f"户主{i}",
            needs={"生活照料": ""} if i < needs else {},  # needs recorded: counts for C1
            is_distressed=i < distressed,
            recorded_on=year.start,
        )
        for i in range(total)
    )
