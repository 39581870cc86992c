"""The persona world: a small round built through the real services, one person per role."""

from dataclasses import dataclass, field
from operator import attrgetter

from apps.accounts.models import Role, User
from apps.accounts.services import membership_grant, user_create
from apps.orgs.models import Organization
from apps.orgs.services import organization_create
from apps.procurement.models import Contract
from apps.procurement.services import contract_create, pilot_round_load

PASSWORD = "persona-pass-2018"

PERSONAS = [
    "bureau",
    "district",
    "street",
    "community",
    "agency_manager",
    "supervisor",
    "social_worker",
    "other_social_worker",
    "evaluator",
    "anonymous",
]


@dataclass
class World:
    """Two contracts (A: 沧浪街道 of 姑苏区, B: 娄葑街道 of 园区), a community of each, the
    personas; the units, agencies and round are the contracts' own."""

    contract_a: Contract
    contract_b: Contract
    community_a: Organization
    community_b: Organization
    users: dict[str, User | None] = field(default_factory=dict)

    # Read through the contracts (not dataclass fields: no annotations).
    pilot_round = property(attrgetter("contract_a.unit.pilot_round"))
    unit_a = property(attrgetter("contract_a.unit"))
    unit_b = property(attrgetter("contract_b.unit"))
    agency_a = property(attrgetter("contract_a.agency"))
    agency_b = property(attrgetter("contract_b.agency"))


def make_communities(street, n, prefix="测试"):
    return [
        organization_create(
            actor=None,
            code=f"{street.code}-t{i}",
            name=f"{prefix}{street.name}{i}社区",
            kind="community",
            parent=street,
        )
        for i in range(1, n + 1)
    ]


def make_person(username, role, organization):
    user = user_create(actor=None, username=username, password=PASSWORD, full_name=username)
    membership_grant(actor=None, user=user, role=role, organization=organization)
    return user


USERNAMES = {
    "bureau": "p_bureau",
    "district": "p_district",
    "street": "p_street",
    "community": "p_community",
    "agency_manager": "p_manager",
    "supervisor": "p_supervisor",
    "social_worker": "p_worker",
    "other_social_worker": "p_worker_b",
    "evaluator": "p_evaluator",
}


def term_contract(unit, **parties) -> Contract:
    """A contract of ``unit`` over the whole service period, recorded as the system;
    ``parties``: its agency, number and communities."""
    pilot_round = unit.pilot_round
    term = {"start_date": pilot_round.service_start, "end_date": pilot_round.service_end}
    return contract_create(actor=None, unit=unit, **term, **parties)


def fetch_world() -> World | None:
    """The persona world already in the database, as fresh instances; None if it is not there.

    The suite builds the world once per database and each test runs in a transaction that is
    rolled back, so a test gets the same rows as a freshly built world without paying for them.
    """
    users = {u.username: u for u in User.objects.filter(username__in=USERNAMES.values())}
    if len(users) != len(USERNAMES):
        return None
    contracts = {
        c.number: c
        for c in Contract.objects.select_related("unit__street", "unit__pilot_round", "agency")
        .filter(number__in=["T-A", "T-B"])
        .order_by("number")
    }
    contract_a, contract_b = contracts["T-A"], contracts["T-B"]
    communities = {
        o.code: o
        for o in Organization.objects.filter(
            code__in=[f"{contract_a.unit.street.code}-t1", f"{contract_b.unit.street.code}-t1"]
        )
    }
    world = World(
        contract_a,
        contract_b,
        communities[f"{contract_a.unit.street.code}-t1"],
        communities[f"{contract_b.unit.street.code}-t1"],
    )
    world.users = {persona: users[name] for persona, name in USERNAMES.items()}
    world.users["anonymous"] = None
    return world


def build_world() -> World:
    pilot_round = pilot_round_load()
    unit_a = pilot_round.units.get(street__code="gusu-canglang")
    unit_b = pilot_round.units.get(street__code="sip-loufeng")
    communities_a = make_communities(unit_a.street, 4)
    communities_b = make_communities(unit_b.street, 4)
    agency_a = organization_create(actor=None, code="agency-a", name="甲社工机构", kind="agency")
    agency_b = organization_create(actor=None, code="agency-b", name="乙社工机构", kind="agency")
    evaluator = organization_create(actor=None, code="eval", name="评估机构", kind="evaluator")
    contract_a = term_contract(unit_a, agency=agency_a, number="T-A", communities=communities_a)
    contract_b = term_contract(unit_b, agency=agency_b, number="T-B", communities=communities_b)
    world = World(contract_a, contract_b, communities_a[0], communities_b[0])
    gusu = Organization.objects.get(code="gusu")
    roles = {
        "bureau": (Role.BUREAU_STAFF, pilot_round.bureau),
        "district": (Role.DISTRICT_STAFF, gusu),
        "street": (Role.STREET_COORDINATOR, unit_a.street),
        "community": (Role.COMMUNITY_COORDINATOR, communities_a[0]),
        "agency_manager": (Role.AGENCY_MANAGER, agency_a),
        "supervisor": (Role.SUPERVISOR, agency_a),
        "social_worker": (Role.SOCIAL_WORKER, agency_a),
        "other_social_worker": (Role.SOCIAL_WORKER, agency_b),
        "evaluator": (Role.EVALUATOR, evaluator),
    }
    world.users = {
        persona: make_person(USERNAMES[persona], role, org)
        for persona, (role, org) in roles.items()
    }
    world.users["anonymous"] = None
    return world
