"""seed_demo: communities, agencies, an evaluator, contracts and one account per role."""

import json

import pytest
from django.core.management import call_command

from apps.accounts.models import Role, User
from apps.orgs.models import Organization
from apps.procurement.models import Contract


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_pilot_seed", verbosity=0)
    call_command("seed_demo", verbosity=0)
    return json.loads((tmp_path / "demo_accounts.json").read_text(encoding="utf-8"))


@pytest.fixture
def before_demo(db):
    """What was in the database before the demo (other tests' shared data may be there)."""
    return {
        "orgs": set(Organization.objects.values_list("pk", flat=True)),
        "contracts": set(Contract.objects.values_list("pk", flat=True)),
    }


def test_every_role_has_a_demo_account(demo):
    roles = {a["role_code"] for a in demo}
    assert roles == {r.value for r in Role}
    agencies = {a["scope"] for a in demo if a["role_code"] == Role.SOCIAL_WORKER}
    assert len(agencies) == 2  # a social worker of each agency
    for account in demo:
        assert User.objects.get(username=account["username"]).check_password(account["password"])
        assert account["role"] and account["scope"]


def test_demo_world_has_four_or_more_communities_per_street_marked_demo(before_demo, demo):
    for street in Organization.objects.streets():
        communities = (
            Organization.objects.communities()
            .filter(parent=street)
            .exclude(pk__in=before_demo["orgs"])
        )
        assert communities.count() >= 4, street.name
        assert all(c.is_demo and "演示" in c.name for c in communities)


def test_two_agencies_hold_contracts_for_every_unit(before_demo, demo):
    # Every unit has a contract (the demo fills the units nobody else's data holds).
    assert Contract.objects.values("unit").distinct().count() == 14
    contracts = Contract.objects.exclude(pk__in=before_demo["contracts"])
    assert contracts.count() == 14 - len(before_demo["contracts"])
    assert contracts.values("agency").distinct().count() == 2
    assert all(c.communities.count() >= 4 for c in contracts)
    assert Organization.objects.filter(kind="evaluator", is_demo=True).count() == 1


def test_seed_demo_twice_changes_nothing(demo, settings):
    counts = (User.objects.count(), Organization.objects.count(), Contract.objects.count())
    call_command("seed_demo", verbosity=0)
    assert (User.objects.count(), Organization.objects.count(), Contract.objects.count()) == counts


def test_each_demo_account_sees_its_own_home(demo, client):
    for account in demo:
        client.logout()
        assert client.login(username=account["username"], password=account["password"])
        body = client.get("/").content.decode()
        assert account["role"] in body, account["username"]
        assert account["scope"] in body, account["username"]
