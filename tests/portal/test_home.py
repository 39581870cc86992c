"""Home pages: each persona's own scope, in a bounded number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.cases.conftest import open_case, register
from tests.factories import PERSONAS


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_home_query_count_is_bounded_and_flat(world, client_for, persona):
    """The to-do list counts in the database: more cases, reviews and records of the
    person's scope add no query (the bound covers the largest home, the bureau's)."""
    client = client_for(persona)
    with CaptureQueriesContext(connection) as first:  # the first one also updates the session
        assert client.get("/").status_code == 200
    assert len(first) <= 30
    with CaptureQueriesContext(connection) as before:
        assert client.get("/").status_code == 200
    worker = world.users["social_worker"]
    for i in range(3):
        client_row = register(world, f"查询对象{i}", world.community_a, 720 + i)
        open_case(world, client_row, world.contract_a, world.community_a, worker)
    with CaptureQueriesContext(connection) as after:
        assert client.get("/").status_code == 200
    assert len(after) == len(before)


def test_street_home_lists_its_communities_and_contract(world, client_for):
    body = client_for("street").get("/").content.decode()
    for community in world.contract_a.communities.all():
        assert community.name in body
    assert "T-A" in body and world.community_b.name not in body


def test_district_home_lists_its_streets_only(world, client_for):
    body = client_for("district").get("/").content.decode()
    assert "沧浪街道" in body and "平江街道" in body
    assert "娄葑街道" not in body


def test_api_root_lists_the_endpoints(world, client_for):
    data = client_for("evaluator").get("/api/v1/").json()
    assert {"organizations", "units", "contracts", "indicator-rules"} <= set(data)
