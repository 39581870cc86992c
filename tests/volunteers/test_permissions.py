"""Volunteer pages by persona, posting through the pages, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse

from apps.volunteers import services
from apps.volunteers.models import TeamMembership, Volunteer, VolunteerTeam
from tests.matrix import ALL, SIDE_A, SIDE_B, WRITE_A, post_matrix, status_matrix
from tests.volunteers.builders import volunteer_team


@pytest.fixture
def teams(world):
    day = world.pilot_round.years.get(number=1).start + timedelta(days=5)
    out = {}
    for side, contract, community in (
        ("a", world.contract_a, world.community_a),
        ("b", world.contract_b, world.community_b),
    ):
        out[side] = volunteer_team(contract, community, day)
    return out


def test_pages_by_persona(world, client_for, teams):
    assert status_matrix(client_for, reverse("volunteers:index"), ALL) == []
    assert status_matrix(client_for, reverse("volunteers:team", args=[teams["a"].pk]), SIDE_A) == []
    assert status_matrix(client_for, reverse("volunteers:team", args=[teams["b"].pk]), SIDE_B) == []
    assert (
        status_matrix(
            client_for, reverse("volunteers:team_create", args=[world.contract_a.pk]), WRITE_A
        )
        == []
    )


def test_member_and_activity_posts_by_persona(world, client_for, teams):
    team = teams["a"]
    expected = {**WRITE_A, "agency_manager": 302, "supervisor": 302, "social_worker": 302}
    data = {"name": "李明", "phone": "13800001111", "joined_on": "2018-08-01"}
    assert (
        post_matrix(client_for, reverse("volunteers:member_add", args=[team.pk]), expected, data)
        == []
    )
    # Three agency personas posted the same person: one volunteer, one membership.
    assert Volunteer.objects.filter(name="李明").count() == 1
    assert TeamMembership.objects.filter(team=team, volunteer__name="李明").count() == 1
    activity = {
        "held_on": "2018-08-02",
        "title": "清理",
        "hours": "2",
        "participants": [team.memberships.first().volunteer_id],
    }
    assert (
        post_matrix(
            client_for, reverse("volunteers:activity_add", args=[team.pk]), expected, activity
        )
        == []
    )
    assert team.activities.count() == 3


def test_team_created_through_the_page(world, client_for):
    client = client_for("social_worker")
    url = reverse("volunteers:team_create", args=[world.contract_a.pk])
    response = client.post(
        url,
        {
            "community": world.community_a.pk,
            "name": "助老队",
            "founded_on": "2018-07-10",
            "governance_role": "助老",
        },
    )
    team = VolunteerTeam.objects.get(name="助老队")
    assert response.status_code == 302 and response["Location"].endswith(f"/teams/{team.pk}/")
    assert team.item.code == "A1-T3-1"


def test_phone_masked_for_the_evaluator_on_the_team_page(world, client_for, teams):
    url = reverse("volunteers:team", args=[teams["a"].pk])
    assert "139****1234" in client_for("evaluator").get(url).content.decode()
    assert "13900001234" in client_for("social_worker").get(url).content.decode()
    assert "13900001234" not in client_for("evaluator").get(url).content.decode()


def test_index_query_count(world, client_for, teams, django_assert_max_num_queries):
    for i in range(10):
        services.team_create(
            actor=None,
            contract=world.contract_a,
            community=world.community_a,
            name=f"队{i}",
            founded_on=teams["a"].founded_on,
            governance_role="x",
        )
    client = client_for("bureau")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("volunteers:index"))
    assert response.status_code == 200
    assert len(response.context["teams"]) == 12
