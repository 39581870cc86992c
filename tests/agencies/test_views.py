"""Through the pages: a manager builds a team and the live check turns compliant."""

from django.urls import reverse

from apps.agencies.models import TeamRole
from tests.agencies.builders import compliant_team, load_rules, staff


def test_manager_adds_the_ninth_member_and_the_team_turns_compliant(world, client_for):
    load_rules(world)
    team, people = compliant_team(world.contract_a)
    team.memberships.filter(person=people["workers"][0]).delete()
    client = client_for("agency_manager")
    url = reverse("agencies:contract_team", args=[world.contract_a.pk])
    assert 'data-compliant="false"' in client.get(url).content.decode()
    ninth = staff(world.agency_a, "第九人")
    response = client.post(
        reverse("agencies:member_add", args=[world.contract_a.pk]),
        {"person": ninth.pk, "role": TeamRole.SOCIAL_WORKER, "joined_on": "2018-07-01"},
    )
    assert response.status_code == 302
    assert 'data-compliant="true"' in client.get(url).content.decode()


def test_member_form_lists_only_the_agencys_own_staff(world, client_for):
    load_rules(world)
    staff(world.agency_a, "甲方人员")
    staff(world.agency_b, "乙方人员")
    html = client_for("agency_manager").get(
        reverse("agencies:contract_team", args=[world.contract_a.pk])
    )
    text = html.content.decode()
    assert "甲方人员" in text and "乙方人员" not in text


def test_looking_at_a_team_does_not_create_one(world, client_for):
    load_rules(world)
    url = reverse("agencies:contract_team", args=[world.contract_a.pk])
    assert client_for("bureau").get(url).status_code == 200
    from apps.agencies.models import Team

    assert not Team.objects.filter(contract=world.contract_a).exists()


def test_someone_elses_person_cannot_be_posted_onto_the_team(world, client_for):
    load_rules(world)
    outsider = staff(world.agency_b, "乙方")
    client_for("agency_manager").post(
        reverse("agencies:member_add", args=[world.contract_a.pk]),
        {"person": outsider.pk, "role": TeamRole.OTHER, "joined_on": "2018-07-01"},
    )
    assert not outsider.team_memberships.exists()


def test_pages_explain_when_the_rules_are_not_loaded(world, client_for):
    client = client_for("bureau")
    # Without teams the lists read no rule; the pages that check something explain.
    assert client.get(reverse("agencies:index")).status_code == 200
    assert client.get(reverse("portal:procurement_overview")).status_code == 200
    for url in [
        reverse("agencies:contract_team", args=[world.contract_a.pk]),
        reverse("plans:plan_detail", args=[world.contract_a.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "load_qualification_rules" in response.content.decode(), url
