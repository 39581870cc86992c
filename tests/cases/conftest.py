import pytest

from apps.core.clock import today
from tests.cases.helpers import adult_birth, make_id, row, xlsx_bytes


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded lists are written under a temporary media root, never the repository's."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def street_user(world):
    return world.users["street"]


@pytest.fixture
def good_rows(world):
    c = world.community_a.name
    return [
        row("测试甲", make_id(adult_birth(70), 101), "困境老年人服务", c),
        row("测试乙", make_id(adult_birth(40), 102), "A1-T1-3、残障人士", c),
        row("测试丙", make_id(adult_birth(30), 103), "“新苏州人”服务", c, phone="0512-65551234"),
    ]


@pytest.fixture
def good_xlsx(good_rows):
    return xlsx_bytes(good_rows)


def register(world, name, community, seq, birth=None, consent=True, actor=None):

    from apps.cases.services import client_consent_record, client_register, distressed_groups

    client = client_register(
        actor=actor,
        name=name,
        community=community,
        source="walk_in",
        id_number=make_id(birth or adult_birth(70), seq),
        groups=list(distressed_groups(pilot_round=world.pilot_round)[:1]),
    )
    if consent:
        client_consent_record(actor=actor, client=client, given_by="self", on=today())
    return client


def sub_item(world, code="A1-T1-1-1"):
    from apps.catalogue.models import SubItem

    return SubItem.objects.get(item__category__pilot_round=world.pilot_round, code=code)


def open_case(world, client, contract, community, worker, opened_on=None):
    from datetime import date

    from apps.cases.services import case_open

    return case_open(
        actor=worker,
        contract=contract,
        community=community,
        kind="individual",
        client=client,
        sub_items=[sub_item(world)],
        assessment="独居,行动不便",
        plan="每月探访两次",
        assigned_worker=worker,
        opened_on=opened_on or date(2019, 3, 1),
    )


def add_record(world, case, worker, on, *, minutes=30, mode="phone", note="电话回访"):
    """One service record of ``case`` by ``worker`` on ``on`` (the case's first sub-item)."""
    from apps.cases.services import service_record_add

    return service_record_add(
        actor=worker,
        case=case,
        date=on,
        duration_minutes=minutes,
        mode=mode,
        sub_item=sub_item(world),
        note=note,
    )


@pytest.fixture
def client_a(world):
    return register(world, "测试对象甲", world.community_a, 601)


@pytest.fixture
def client_b(world):
    return register(world, "测试对象乙", world.community_b, 602)


@pytest.fixture
def case_a(world, client_a):
    return open_case(
        world, client_a, world.contract_a, world.community_a, world.users["social_worker"]
    )


@pytest.fixture
def case_b(world, client_b):
    return open_case(
        world, client_b, world.contract_b, world.community_b, world.users["other_social_worker"]
    )
