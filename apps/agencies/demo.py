"""Demo: qualification records, staff, one compliant and one non-compliant team, tenders, one
late team formation (and one slightly late), and the evaluator's contract and team.

Idempotent: every step first looks for what it would create.
"""

from datetime import date
from decimal import Decimal

from apps.orgs.models import Organization
from apps.procurement.models import Contract, EvaluatorContract, Tender

from .models import (
    AuthorityLevel,
    CertificateLevel,
    Education,
    LegalForm,
    Major,
    OrganizationProfile,
    Person,
    Team,
    TeamRole,
)
from .services import (
    person_create,
    profile_save,
    qualification_rules_load,
    team_compose,
    team_for_contract,
    team_for_evaluator_contract,
)

LABOUR = {
    "labour_contract_start": date(2018, 6, 1),
    "labour_contract_end": date(2021, 5, 31),
    "social_insurance_paid": True,
}
# What both demo agencies' records show: social-work bodies with legal capacity, no bad credit.
AGENCY_PROFILE = {
    "legal_form": LegalForm.PRIVATE_NON_ENTERPRISE,
    "scope_covers_social_work": True,
    "legal_capacity": True,
    "bad_credit_record": False,
}
SURNAMES = "陈林黄周吴徐孙胡朱高何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"


def _person(org, name, **fields):
    existing = Person.objects.filter(organization=org, name=name).first()
    return existing or person_create(actor=None, organization=org, name=name, **fields)


def _worker(org, i, *, professional=True, years="2", **extra):
    fields = dict(LABOUR)
    fields.update(
        certificate_level=CertificateLevel.ASSISTANT if professional else CertificateLevel.NONE,
        education=Education.JUNIOR_COLLEGE if professional else Education.NONE,
        major=Major.SOCIAL_WORK if professional else Major.OTHER,
        years_experience=Decimal(years),
    )
    fields.update(extra)
    return _person(
        org, f"{SURNAMES[i % len(SURNAMES)]}{org.code[-1].upper()}{i:02d}(演示)", **fields
    )


def _supervisor(org, i):
    return _worker(
        org,
        i,
        education=Education.MASTER,
        certificate_level=CertificateLevel.SOCIAL_WORKER,
        jiangsu_registered=True,
        years_social_work_practice=Decimal("6"),
        supervision_standard=True,
        years="6",
    )


def _profile(org, **fields):
    if not OrganizationProfile.objects.filter(organization=org).exists():
        profile_save(actor=None, organization=org, **fields)


def _fill_team(contract, members, joined_on):
    """members: [(person, role, local)]; only on a team without any member yet."""
    team = team_for_contract(contract=contract)
    if not team.memberships.exists():
        team_compose(
            actor=None,
            team=team,
            members=[{"person": p, "role": r, "local_supervisor": loc} for p, r, loc in members],
            joined_on=joined_on,
        )
    return team


def _tender(unit, agency, formed_on):
    from apps.procurement.services import (
        bid_record,
        contract_team_formed_record,
        tender_award,
        tender_open,
    )

    if not Tender.objects.filter(unit=unit).exists():
        tender = tender_open(actor=None, unit=unit, announced_on=date(2018, 5, 25))
        bid_record(actor=None, tender=tender, bidder=agency, submitted_on=date(2018, 6, 8))
        tender_award(
            actor=None,
            tender=tender,
            agency=agency,
            awarded_on=date(2018, 6, 14),
            override_reason="演示数据:资格审查材料在线下核验",  # used only if a check fails
        )
    contract = Contract.objects.filter(unit=unit, agency=agency).first()
    if contract and contract.team_formed_on is None and formed_on:
        contract_team_formed_record(actor=None, contract=contract, formed_on=formed_on)
    return contract


def demo_extend(*, pilot_round) -> None:
    qualification_rules_load()
    agency_a = Organization.objects.get(code="demo-agency-a")
    agency_b = Organization.objects.get(code="demo-agency-b")
    evaluator = Organization.objects.get(code="demo-evaluator")
    _profile(
        agency_a,
        **AGENCY_PROFILE,
        authority_level=AuthorityLevel.CITY,
        business_scope="社会工作服务、社区服务、社会工作督导与培训",
        sound_accounting=True,
    )
    # Agency B lacks evidence of its accounting system: shown as 缺少证明.
    _profile(
        agency_b,
        **AGENCY_PROFILE,
        authority_level=AuthorityLevel.COUNTY,
        business_scope="社会工作服务",
    )
    _profile(
        evaluator,
        authority_level=AuthorityLevel.CITY,
        legal_form=LegalForm.SOCIAL_GROUP,
        business_scope="社会服务项目监管、评估",
        scope_covers_evaluation=True,
        legal_capacity=True,
        good_reputation=True,
        sound_accounting=True,
        tax_social_insurance_ok=True,
        major_violation_recent=False,
        me_practice_years=Decimal("5"),
    )
    _person(
        agency_a,
        "理事 王(演示)",
        on_board=True,
        certificate_level=CertificateLevel.SOCIAL_WORKER,
    )
    _person(agency_b, "理事 李(演示)", on_board=True, certificate_level=CertificateLevel.ASSISTANT)

    units = {u.street.code: u for u in pilot_round.units.select_related("street")}
    # 沧浪: compliant team, formed on time.
    canglang = _tender(units["gusu-canglang"], agency_a, date(2018, 6, 28))
    if canglang:
        members = [(_worker(agency_a, 1, years="4"), TeamRole.MANAGER, False)]
        members.append((_supervisor(agency_a, 2), TeamRole.SUPERVISOR, True))
        members += [(_worker(agency_a, i), TeamRole.SOCIAL_WORKER, False) for i in range(3, 8)]
        members += [
            (_worker(agency_a, i, professional=False), TeamRole.OTHER, False) for i in (8, 9)
        ]
        _fill_team(canglang, members, date(2018, 6, 28))
    # 吴门桥: non-compliant (6 staff, supervisor not local), formed 20 days late.
    wumen = _tender(units["gusu-wumenqiao"], agency_a, date(2018, 7, 20))
    if wumen:
        members = [(_worker(agency_a, 11, years="3"), TeamRole.MANAGER, False)]
        members.append((_supervisor(agency_a, 12), TeamRole.SUPERVISOR, False))
        members += [(_worker(agency_a, i), TeamRole.SOCIAL_WORKER, False) for i in (13, 14)]
        members += [
            (_worker(agency_a, i, professional=False, years="0.5"), TeamRole.OTHER, False)
            for i in (15, 16)
        ]
        _fill_team(wumen, members, date(2018, 7, 20))
    # 娄葑: formed 36 days late → amount cut / termination proposed; the bureau has not decided.
    loufeng = _tender(units["sip-loufeng"], agency_b, date(2018, 8, 5))
    if loufeng:
        members = [(_worker(agency_b, 1, years="3"), TeamRole.MANAGER, False)]
        members.append((_supervisor(agency_b, 2), TeamRole.SUPERVISOR, True))
        members += [(_worker(agency_b, i), TeamRole.SOCIAL_WORKER, False) for i in range(3, 10)]
        _fill_team(loufeng, members, date(2018, 8, 5))

    # The other eleven units: tendered, and a compliant team formed by the deadline (a few
    # days apart), so the bureau's to-do list names only the late ones above.
    special = {"gusu-canglang", "gusu-wumenqiao", "sip-loufeng"}
    others = [
        u for code, u in sorted(units.items(), key=lambda kv: kv[1].pk) if code not in special
    ]
    for k, unit in enumerate(others):
        agency = agency_a if unit.street.parent.code == "gusu" else agency_b
        formed = date(2018, 6, 22 + k % 8)
        contract = _tender(unit, agency, formed)
        if contract is None:
            continue
        base = 20 + 10 * k
        members = [(_worker(agency, base, years="3"), TeamRole.MANAGER, False)]
        members.append((_supervisor(agency, base + 1), TeamRole.SUPERVISOR, True))
        members += [
            (_worker(agency, i), TeamRole.SOCIAL_WORKER, False) for i in range(base + 2, base + 7)
        ]
        members += [
            (_worker(agency, i, professional=False), TeamRole.OTHER, False)
            for i in (base + 7, base + 8)
        ]
        _fill_team(contract, members, formed)

    _evaluator_team(pilot_round, evaluator)


def _evaluator_team(pilot_round, evaluator):
    from apps.procurement.services import evaluator_contract_create

    contract = EvaluatorContract.objects.filter(number="SZMZ-2018-PG(演示)").first()
    if contract is None:
        contract = evaluator_contract_create(
            actor=None,
            pilot_round=pilot_round,
            evaluator=evaluator,
            number="SZMZ-2018-PG(演示)",
            start_date=pilot_round.service_start,
            end_date=pilot_round.service_end,
            amount=Decimal("1200000"),
        )
    team = team_for_evaluator_contract(evaluator_contract=contract)
    if Team.objects.filter(pk=team.pk, memberships__isnull=False).exists():
        return
    members = [{"person": _worker(evaluator, 1, years="6"), "role": TeamRole.LEAD}]
    members += [{"person": _worker(evaluator, i), "role": TeamRole.MEMBER} for i in (2, 3)]
    members += [
        {"person": _worker(evaluator, i, professional=False), "role": TeamRole.EXPERT}
        for i in range(4, 9)
    ]
    team_compose(actor=None, team=team, members=members, joined_on=date(2018, 7, 1))
