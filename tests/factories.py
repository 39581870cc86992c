"""The persona world: a small round built through the real services, one person per role."""

from dataclasses import dataclass, field

from apps.accounts.models import Role, User
from apps.accounts.services import membership_grant, user_create
from apps.orgs.models import Organization
from apps.orgs.services import organization_create
from apps.procurement.models import Contract, PilotRound, ProcurementUnit
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
    pilot_round: PilotRound
    unit_a: ProcurementUnit  # 沧浪街道 (姑苏区), served by agency A
    unit_b: ProcurementUnit  # 娄葑街道 (园区), served by agency B
    contract_a: Contract
    contract_b: Contract
    community_a: Organization
    community_b: Organization
    agency_a: Organization
    agency_b: Organization
    users: dict[str, User | None] = field(default_factory=dict)


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


def build_world() -> World:
    pilot_round = pilot_round_load()
    unit_a = pilot_round.units.get(street__code="gusu-canglang")
    unit_b = pilot_round.units.get(street__code="sip-loufeng")
    communities_a = make_communities(unit_a.street, 4)
    communities_b = make_communities(unit_b.street, 4)
    agency_a = organization_create(actor=None, code="agency-a", name="甲社工机构", kind="agency")
    agency_b = organization_create(actor=None, code="agency-b", name="乙社工机构", kind="agency")
    evaluator = organization_create(actor=None, code="eval", name="评估机构", kind="evaluator")
    contract_a = contract_create(
        actor=None,
        unit=unit_a,
        agency=agency_a,
        number="T-A",
        communities=communities_a,
        start_date=pilot_round.service_start,
        end_date=pilot_round.service_end,
    )
    contract_b = contract_create(
        actor=None,
        unit=unit_b,
        agency=agency_b,
        number="T-B",
        communities=communities_b,
        start_date=pilot_round.service_start,
        end_date=pilot_round.service_end,
    )
    world = World(
        pilot_round=pilot_round,
        unit_a=unit_a,
        unit_b=unit_b,
        contract_a=contract_a,
        contract_b=contract_b,
        community_a=communities_a[0],
        community_b=communities_b[0],
        agency_a=agency_a,
        agency_b=agency_b,
    )
    gusu = Organization.objects.get(code="gusu")
    world.users = {
        "bureau": make_person("p_bureau", Role.BUREAU_STAFF, pilot_round.bureau),
        "district": make_person("p_district", Role.DISTRICT_STAFF, gusu),
        "street": make_person("p_street", Role.STREET_COORDINATOR, unit_a.street),
        "community": make_person("p_community", Role.COMMUNITY_COORDINATOR, communities_a[0]),
        "agency_manager": make_person("p_manager", Role.AGENCY_MANAGER, agency_a),
        "supervisor": make_person("p_supervisor", Role.SUPERVISOR, agency_a),
        "social_worker": make_person("p_worker", Role.SOCIAL_WORKER, agency_a),
        "other_social_worker": make_person("p_worker_b", Role.SOCIAL_WORKER, agency_b),
        "evaluator": make_person("p_evaluator", Role.EVALUATOR, evaluator),
        "anonymous": None,
    }
    return world
