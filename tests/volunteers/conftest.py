import pytest

# The same catalogue and year fixtures as the community tests (one definition).
from tests.community.conftest import item, sub_item, years  # noqa: F401


@pytest.fixture
def team(world, years):  # noqa: F811 (the imported fixture, by name)
    """A team of contract A in community A, founded on the first project year's first day."""
    from apps.volunteers import services

    return services.team_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=world.community_a,
        name="助老队",
        founded_on=years[1].start,
        governance_role="楼道环境巡查",
    )
