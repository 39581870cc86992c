"""Encryption key rotation on the real PostgreSQL: the old key reads during the change,
the new one alone afterwards; lookups and original lists keep working."""

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.urls import reverse

from apps.cases import idcard
from apps.cases.models import Client
from apps.cases.services import client_find_by_id_number, target_list_upload
from apps.core.models import AuditEvent
from tests.cases.conftest import register
from tests.cases.helpers import adult_birth, make_id, row, xlsx_bytes

OLD = Fernet.generate_key().decode()
NEW = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _keys(settings, *keys):
    settings.FIELD_ENCRYPTION_KEYS = list(keys)
    settings.FIELD_ENCRYPTION_KEY = keys[0]
    settings.FIELD_HASH_KEY = OLD


def test_rotation_re_encrypts_numbers_and_lists_and_the_old_key_can_go(world, settings, client_for):
    _keys(settings, OLD)
    people = [register(world, f"轮换{i}", world.community_a, 860 + i) for i in range(3)]
    numbers = [make_id(adult_birth(70), 860 + i) for i in range(3)]
    rows = [row("名单某", make_id(adult_birth(50), 870), "困境老年人服务", world.community_a.name)]
    li = target_list_upload(
        actor=world.users["street"],
        organization=world.unit_a.street,
        name="l.xlsx",
        data=xlsx_bytes(rows),
    )
    before = {c.pk: c.id_cipher for c in Client.objects.filter(pk__in=[p.pk for p in people])}

    # During the change both keys are listed: everything old is still readable.
    _keys(settings, NEW, OLD)
    assert idcard.decrypt(before[people[0].pk]) == numbers[0]
    call_command("rotate_field_key")
    after = {c.pk: c for c in Client.objects.filter(pk__in=[p.pk for p in people])}
    assert all(after[pk].id_cipher != before[pk] for pk in before)
    assert AuditEvent.objects.filter(action="field_key_rotate").exists()

    # The old key gone: numbers, lookups and the original list still read.
    _keys(settings, NEW)
    for person, number in zip(people, numbers, strict=True):
        assert idcard.decrypt(after[person.pk].id_cipher) == number
        assert client_find_by_id_number(id_number=number) == after[person.pk]
    response = client_for("bureau").post(
        reverse("cases:import_file", args=[li.pk]), {"reason": "轮换后核对"}
    )
    assert response.status_code == 200 and response.content[:2] == b"PK"

    # And they really are under the new key: the old key alone no longer opens them.
    _keys(settings, OLD)
    with pytest.raises(idcard.IdNumberError):
        idcard.decrypt(after[people[0].pk].id_cipher)

    # Running it again changes nothing.
    _keys(settings, NEW)
    call_command("rotate_field_key")
    again = {c.pk: c.id_cipher for c in Client.objects.filter(pk__in=[p.pk for p in people])}
    assert again == {pk: c.id_cipher for pk, c in after.items()}
