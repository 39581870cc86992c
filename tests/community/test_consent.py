"""Consent before a sensitive archive: a minor in the household or a sensitive group."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.catalogue.models import Item
from apps.community import services
from apps.community.models import HouseholdArchive


def _archive(world, years, **extra):
    return services.archive_create(
        actor=world.users["social_worker"],
        contract=world.contract_a,
        community=world.community_a,
        address="幸福路1号",
        household_head="张三",
        recorded_on=years[1].start + timedelta(days=10),
        **extra,
    )


CHILD = [{"name": "张小明", "relation": "儿子", "age": "9岁"}]


def test_archive_with_a_minor_member_is_refused_without_consent(world, years):
    with pytest.raises(ValidationError) as refused:
        _archive(world, years, members=CHILD)
    message = refused.value.messages[0]
    assert "家庭成员中有未成年人" in message
    for missing in ("同意方式", "监护人姓名", "同意日期"):
        assert missing in message
    assert HouseholdArchive.objects.count() == 0


def test_minor_in_household_needs_a_guardian_not_the_head_alone(world, years):
    day = years[1].start + timedelta(days=10)
    with pytest.raises(ValidationError, match="监护人同意"):
        _archive(world, years, members=CHILD, consent_by="head", consent_on=day)
    assert HouseholdArchive.objects.count() == 0
    archive = _archive(
        world, years, members=CHILD, consent_by="guardian", guardian_name="张三", consent_on=day
    )
    archive.refresh_from_db()
    assert (archive.consent_by, archive.guardian_name, archive.consent_on) == (
        "guardian",
        "张三",
        day,
    )


@pytest.mark.parametrize(("code", "named"), [("A1-T1-7", "精障患者"), ("A1-T1-5", "重点信访")])
def test_sensitive_group_archive_needs_consent_from_the_head(world, years, code, named):
    group = Item.objects.get(category__pilot_round=world.pilot_round, code=code)
    with pytest.raises(ValidationError, match=named):
        _archive(world, years, is_distressed=True, distressed_groups=[group])
    assert HouseholdArchive.objects.count() == 0
    day = years[1].start
    archive = _archive(
        world,
        years,
        is_distressed=True,
        distressed_groups=[group],
        consent_by="head",
        consent_on=day,
    )
    assert archive.consent_by == "head" and archive.consent_on == day


def test_consent_dated_after_the_archive_is_refused(world, years):
    late = years[1].start + timedelta(days=11)
    with pytest.raises(ValidationError, match="同意日期不能晚于建档日期"):
        _archive(
            world,
            years,
            members=CHILD,
            consent_by="guardian",
            guardian_name="张三",
            consent_on=late,
        )


def test_adults_only_and_not_sensitive_groups_need_no_consent(world, years):
    elderly = Item.objects.get(category__pilot_round=world.pilot_round, code="A1-T1-1")
    archive = _archive(
        world,
        years,
        members=[{"name": "张三", "relation": "户主", "age": "70岁"}],
        is_distressed=True,
        distressed_groups=[elderly],
    )
    assert archive.consent_by == ""


def test_archive_form_offers_consent_inline_and_shows_what_is_missing(world, client_for):
    client = client_for("social_worker")
    url = reverse("community:create", args=[world.contract_a.pk, "archive"])
    page = client.get(url).content.decode()
    for field in ("consent_by", "guardian_name", "consent_on"):
        assert f'name="{field}"' in page
    data = {
        "community": world.community_a.pk,
        "address": "和平路8号",
        "household_head": "张三",
        "member_count": 2,
        "members": "张三 父亲 40岁\n张小明 儿子 9岁",
        "recorded_on": "2018-08-01",
    }
    refused = client.post(url, data, follow=True).content.decode()
    assert "须先记录知情同意" in refused and "监护人姓名" in refused
    assert HouseholdArchive.objects.count() == 0
    data.update(consent_by="guardian", guardian_name="张三", consent_on="2018-08-01")
    assert client.post(url, data).status_code == 302
    assert HouseholdArchive.objects.get().guardian_name == "张三"
