"""Consent before a volunteer who is a minor or in a sensitive group joins a team."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.volunteers import services
from apps.volunteers.models import TeamMembership, Volunteer
from tests.volunteers.builders import volunteer_team


@pytest.fixture
def team(world, years):
    return volunteer_team(
        world.contract_a,
        world.community_a,
        years[1].start,
        actor=world.users["social_worker"],
        name="助老队",
        role="楼道环境巡查",
        member=False,
    )


def _born_years_before(day, years_old):
    return date(day.year - years_old, day.month, day.day)


def _add(team, **extra):
    return services.member_add(
        actor=None,
        team=team,
        name="王小芳",
        phone="13900001234",
        joined_on=team.founded_on,
        **extra,
    )


def test_minor_is_refused_without_guardian_consent_and_nothing_is_written(team):
    born = _born_years_before(team.founded_on, 17)
    with pytest.raises(ValidationError) as refused:
        _add(team, birth_date=born)
    message = refused.value.messages[0]
    assert "未满18周岁" in message
    for missing in ("同意方式", "监护人姓名", "同意日期"):
        assert missing in message
    assert Volunteer.objects.count() == 0 and TeamMembership.objects.count() == 0
    with pytest.raises(ValidationError, match="监护人同意"):
        _add(team, birth_date=born, consent_by="self", consent_on=team.founded_on)
    assert Volunteer.objects.count() == 0


def test_minor_joins_with_guardian_consent(team):
    born = _born_years_before(team.founded_on, 17)
    membership = _add(
        team,
        birth_date=born,
        consent_by="guardian",
        guardian_name="王大海",
        consent_on=team.founded_on,
    )
    person = Volunteer.objects.get(pk=membership.volunteer_id)
    assert (person.consent_by, person.guardian_name, person.consent_on, person.birth_date) == (
        "guardian",
        "王大海",
        team.founded_on,
        born,
    )


def test_eighteenth_birthday_is_an_adult(team):
    membership = _add(team, birth_date=_born_years_before(team.founded_on, 18))
    assert Volunteer.objects.get(pk=membership.volunteer_id).consent_by == ""


def test_sensitive_group_needs_consent_recorded_once_for_the_person(world, years, team):
    with pytest.raises(ValidationError, match="精神障碍"):
        _add(team, sensitive_group="mental")
    assert Volunteer.objects.count() == 0
    _add(team, sensitive_group="petitioner", consent_by="self", consent_on=team.founded_on)
    second = services.team_create(
        actor=None,
        contract=world.contract_a,
        community=world.community_a,
        name="环保队",
        founded_on=years[1].start + timedelta(days=1),
        governance_role="议事",
    )
    # The consent recorded on the person holds in a second team.
    services.member_add(
        actor=None, team=second, name="王小芳", phone="13900001234", joined_on=second.founded_on
    )
    assert TeamMembership.objects.filter(volunteer__name="王小芳").count() == 2


def test_team_page_offers_consent_inline_and_refuses_with_the_message(world, client_for, team):
    client = client_for("social_worker")
    page = client.get(reverse("volunteers:team", args=[team.pk])).content.decode()
    for field in ("birth_date", "sensitive_group", "consent_by", "guardian_name", "consent_on"):
        assert f'name="{field}"' in page
    data = {
        "name": "王小芳",
        "phone": "13900001234",
        "joined_on": team.founded_on.isoformat(),
        "birth_date": _born_years_before(team.founded_on, 12).isoformat(),
    }
    url = reverse("volunteers:member_add", args=[team.pk])
    refused = client.post(url, data, follow=True).content.decode()
    assert "须先记录知情同意" in refused and "监护人姓名" in refused
    assert Volunteer.objects.count() == 0
    data.update(consent_by="guardian", guardian_name="王大海", consent_on=data["joined_on"])
    client.post(url, data)
    assert Volunteer.objects.get().guardian_name == "王大海"
