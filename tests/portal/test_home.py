"""Home pages: each persona's own scope, in a bounded number of queries."""

import pytest

from tests.factories import PERSONAS


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "anonymous"])
def test_home_query_count_is_bounded(world, client_for, persona, django_assert_max_num_queries):
    client = client_for(persona)
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


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
