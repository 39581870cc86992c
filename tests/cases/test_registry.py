"""The client registry: one person one record, consent, merge with history, logged unmasking."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from apps.cases import idcard
from apps.cases.models import Client, ClientMerge, IdentityAccess
from apps.cases.services import (
    client_consent_record,
    client_find_by_id_number,
    client_identity_reveal,
    client_merge,
    client_register,
)
from apps.core.models import AuditEvent
from tests.cases.conftest import register
from tests.cases.helpers import bad_checksum, make_id


def test_same_identity_number_cannot_be_registered_twice(world):
    register(world, "甲", world.community_a, 700)
    with pytest.raises(ValidationError, match="已登记"):
        register(world, "甲", world.community_b, 700)
    assert Client.objects.count() == 1


def test_lookup_by_number_uses_the_keyed_hash(world):
    client = register(world, "甲", world.community_a, 701)
    value = idcard.decrypt(client.id_cipher)
    assert client_find_by_id_number(id_number=value.lower()) == client
    assert client_find_by_id_number(id_number=make_id(seq=999)) is None


def test_register_refuses_a_bad_checksum(world):
    with pytest.raises(ValidationError, match="校验位"):
        client_register(
            actor=None,
            name="甲",
            community=world.community_a,
            source="walk_in",
            id_number=bad_checksum(make_id()),
        )


def test_birth_date_and_sex_are_derived(world):
    client = register(world, "甲", world.community_a, 703, birth="19550607")
    assert client.birth_date == date(1955, 6, 7)
    assert client.sex == "male"


def _birth_for_age_on(on: date, years: int, days_offset: int = 0) -> str:
    from datetime import timedelta

    born = date(on.year - years, on.month, on.day) + timedelta(days=days_offset)
    return f"{born:%Y%m%d}"


def test_consent_of_a_minor_under_14_must_come_from_a_guardian(world):
    on = date(2025, 6, 1)
    just_under = register(
        world, "未满", world.community_a, 704, birth=_birth_for_age_on(on, 14, 1), consent=False
    )
    with pytest.raises(ValidationError, match="未满14周岁"):
        client_consent_record(actor=None, client=just_under, given_by="self", on=on)
    with pytest.raises(ValidationError, match="监护人姓名"):
        client_consent_record(actor=None, client=just_under, given_by="guardian", on=on)
    client_consent_record(
        actor=None, client=just_under, given_by="guardian", on=on, guardian_name="监护人"
    )
    assert just_under.consent_by == "guardian"
    turned_14 = register(
        world, "刚满", world.community_a, 705, birth=_birth_for_age_on(on, 14), consent=False
    )
    client_consent_record(actor=None, client=turned_14, given_by="self", on=on)
    assert turned_14.consent_by == "self" and turned_14.guardian_name == ""


def test_merge_moves_cases_and_listings_and_keeps_the_duplicate_as_history(world, case_a):
    kept = case_a.client
    duplicate = client_register(
        actor=None, name="无证登记", community=world.community_a, source="referral"
    )
    client_merge(actor=world.users["bureau"], kept=kept, merged=duplicate, reason="同一人")
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert ClientMerge.objects.get().snapshot["name"] == "无证登记"
    assert Client.objects.current().count() == 1
    assert AuditEvent.objects.filter(action="client_merge").count() == 1
    with pytest.raises(ValidationError, match="已合并"):
        client_merge(actor=None, kept=kept, merged=duplicate, reason="再次")


def test_merge_takes_over_the_identity_number_when_the_kept_record_has_none(world):
    without = client_register(
        actor=None, name="无证", community=world.community_a, source="walk_in"
    )
    with_id = register(world, "有证", world.community_a, 706)
    client_merge(actor=None, kept=without, merged=with_id, reason="同一人")
    without.refresh_from_db()
    assert without.id_masked == with_id.id_masked
    assert client_find_by_id_number(id_number=idcard.decrypt(without.id_cipher)) == without


def test_records_of_two_different_people_cannot_be_merged(world):
    a = register(world, "甲", world.community_a, 707)
    b = register(world, "乙", world.community_a, 708)
    with pytest.raises(ValidationError, match="不是同一人"):
        client_merge(actor=None, kept=a, merged=b, reason="误操作")


def test_reveal_needs_a_reason_and_writes_the_access_log(world, client_a):
    bureau = world.users["bureau"]
    with pytest.raises(ValidationError, match="原因"):
        client_identity_reveal(actor=bureau, client=client_a, reason=" ")
    assert IdentityAccess.objects.count() == 0
    value = client_identity_reveal(actor=bureau, client=client_a, reason="核对低保资格")
    assert idcard.parse(value).masked == client_a.id_masked
    log = IdentityAccess.objects.get()
    assert (log.user, log.client, log.reason) == (bureau, client_a, "核对低保资格")


def test_a_household_groups_members_of_one_community_and_can_be_the_unit_served(world):
    from apps.cases.services import case_open, household_create
    from tests.cases.conftest import sub_item

    a = register(world, "户主", world.community_a, 720)
    b = register(world, "家属", world.community_a, 721)
    outsider = register(world, "外社区", world.community_b, 722)
    with pytest.raises(ValidationError, match="不属于该社区"):
        household_create(
            actor=None, name="某家", community=world.community_a, members=[a, outsider]
        )
    household = household_create(
        actor=None, name="某家", community=world.community_a, members=[a, b]
    )
    assert set(household.members.values_list("name", flat=True)) == {"户主", "家属"}
    case = case_open(
        actor=None,
        contract=world.contract_a,
        community=world.community_a,
        kind="case_management",
        household=household,
        sub_items=[sub_item(world)],
        assessment="家庭关系紧张",
        plan="家庭辅导",
        assigned_worker=world.users["social_worker"],
        opened_on=date(2019, 3, 1),
    )
    assert case.household == household and case.client is None
