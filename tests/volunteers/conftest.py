import pytest

# The same catalogue and year fixtures as the community tests (one definition).
from tests.community.conftest import item, sub_item, years  # noqa: F401


@pytest.fixture
def team(world, years):  # noqa: F811 (the imported fixture, by name)
    """A team of contract A in community A, founded on the first project year's first day."""
    from tests.volunteers.builders import volunteer_team

    return volunteer_team(
        world.contract_a,
        world.community_a,
        years[1].start,
        actor=world.users["social_worker"],
        name="助老队",
        role="楼道环境巡查",
        member=False,
    )
