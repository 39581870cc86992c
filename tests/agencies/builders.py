"""Test data for staff and teams, built through the real services."""

from datetime import date
from decimal import Decimal

from apps.agencies.models import CertificateLevel, Education, Major, TeamRole
from apps.agencies.services import (
    person_create,
    qualification_rules_load,
    team_for_contract,
    team_for_evaluator_contract,
    team_member_add,
)

CONTRACT_START = date(2018, 1, 1)
CONTRACT_END = date(2020, 12, 31)
ON = date(2018, 7, 1)


def load_rules(world):
    qualification_rules_load()
    return world.pilot_round


def staff(org, name, *, professional=True, years="3", full_time=True, **extra):
    """A person: full-time (2-year labour contract, insured) and certified unless told otherwise."""
    fields = {
        "certificate_level": CertificateLevel.ASSISTANT if professional else CertificateLevel.NONE,
        "years_experience": Decimal(years),
        "labour_contract_start": CONTRACT_START if full_time else None,
        "labour_contract_end": CONTRACT_END if full_time else None,
        "social_insurance_paid": full_time,
    }
    fields.update(extra)
    return person_create(actor=None, organization=org, name=name, **fields)


def join(team, person, role, *, joined_on=ON, **extra):
    """``person`` joins ``team`` in ``role`` through the service, acting as the system."""
    return team_member_add(
        actor=None, team=team, person=person, role=role, joined_on=joined_on, **extra
    )


def supervisor_person(org, name, **extra):
    fields = {
        "education": Education.BACHELOR,
        "major": Major.SOCIAL_WORK,
        "years_social_work_practice": Decimal("5"),
        "supervision_standard": True,
    }
    fields.update(extra)
    return staff(org, name, **fields)


def evaluation_team(world, *, actor=None, lead="负责人", **lead_extra):
    """The evaluator's contract EV-1 over the service period, its team and the team's lead;
    returns (team, evaluator)."""
    from apps.procurement.services import evaluator_contract_create

    evaluator = world.users["evaluator"].memberships.get().organization
    contract = evaluator_contract_create(
        actor=actor,
        pilot_round=world.pilot_round,
        evaluator=evaluator,
        number="EV-1",
        start_date=world.pilot_round.service_start,
        end_date=world.pilot_round.service_end,
        amount=Decimal("600000"),
    )
    team = team_for_evaluator_contract(evaluator_contract=contract)
    person = staff(evaluator, lead, **lead_extra)
    join(team, person, TeamRole.LEAD)
    return team, evaluator


def compliant_team(contract, *, prefix="甲", joined_on=ON):
    """Manager + 1 local supervisor + 7 others: 9 full-time, 9 professional, all experienced."""
    team = team_for_contract(contract=contract)
    org = contract.agency
    people = {
        "manager": staff(org, f"{prefix}主管"),
        "supervisor": supervisor_person(org, f"{prefix}督导"),
        "workers": [staff(org, f"{prefix}社工{i}") for i in range(1, 8)],
    }
    join(team, people["manager"], TeamRole.MANAGER, joined_on=joined_on)
    join(
        team, people["supervisor"], TeamRole.SUPERVISOR, local_supervisor=True, joined_on=joined_on
    )
    for p in people["workers"]:
        join(team, p, TeamRole.SOCIAL_WORKER, joined_on=joined_on)
    return team, people


def build_full(world):
    """Rules, both teams, plans for both contracts, an adjustment at the district, tenders,
    and the evaluator's contract with its team: every object the pages and endpoints show."""

    from apps.plans.services import adjustment_file, plan_save
    from apps.procurement.services import bid_record, tender_open
    from tests.plans.builders import REQUIRED
    from tests.plans.builders import content as plan_content

    load_rules(world)
    team_a, people_a = compliant_team(world.contract_a, prefix="甲")
    team_b, _ = compliant_team(world.contract_b, prefix="乙")
    plan_save(actor=None, contract=world.contract_a, content=plan_content(world.contract_a))
    plan_save(actor=None, contract=world.contract_b, content=plan_content(world.contract_b))
    plan_a = world.contract_a.execution_plan
    adjustment = adjustment_file(
        actor=world.users["street"],
        plan=plan_a,
        reason="增加服务",
        proposal=plan_content(world.contract_a, [*REQUIRED, "A1-T1-1-1", "A1-T1-3-1"], people=45),
    )
    tenders = {}
    for key, unit, agency in [
        ("a", world.unit_a, world.agency_a),
        ("b", world.unit_b, world.agency_b),
    ]:
        tenders[key] = tender_open(actor=None, unit=unit, announced_on=date(2018, 5, 25))
        bid_record(actor=None, tender=tenders[key], bidder=agency, submitted_on=date(2018, 6, 8))
    ev_team, evaluator = evaluation_team(world, lead="评估负责人")
    ev_contract = ev_team.evaluator_contract
    from apps.agencies.models import ChangeAction
    from apps.agencies.services import team_change_request

    change = team_change_request(
        actor=world.users["evaluator"],
        team=ev_team,
        action=ChangeAction.ADD,
        person=staff(evaluator, "新成员"),
        role=TeamRole.MEMBER,
        effective_on=date(2018, 9, 1),
        written_request="增补",
    )
    part_a = plan_a.versions.get().communities.get(community=world.community_a)
    return {
        "team_a": team_a,
        "team_b": team_b,
        "member_a": team_a.memberships.get(person=people_a["workers"][0]),
        "plan_a": plan_a,
        "plan_b": world.contract_b.execution_plan,
        "part_a": part_a,
        "adjustment": adjustment,
        "tender_a": tenders["a"],
        "tender_b": tenders["b"],
        "ev_contract": ev_contract,
        "ev_team": ev_team,
        "change": change,
    }
