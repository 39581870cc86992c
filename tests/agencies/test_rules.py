"""Annex 2 / Annex 3 checks at their boundaries, with the numbers read from the round's data."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.agencies.models import (
    AuthorityLevel,
    CertificateLevel,
    Education,
    LegalForm,
    Major,
    QualificationRule,
    TeamRole,
)
from apps.agencies.rules import MET, MISSING, NOT_MET, RuleBook, person_facts
from apps.agencies.selectors import organization_check, team_check
from apps.agencies.services import (
    profile_save,
    qualification_rules_load,
    team_for_contract,
    team_member_remove,
)
from tests.agencies.builders import (
    ON,
    compliant_team,
    join,
    load_rules,
    staff,
    supervisor_person,
)
from tests.factories import make_communities, term_contract


@pytest.fixture
def rules(world):
    return load_rules(world)


def _status(result, code):
    return next(c.status for c in result.checks if c.code == code)


def _facts(world, person):
    return person_facts(person, RuleBook(world.pilot_round), ON)


def test_loading_rules_twice_changes_nothing_and_keeps_bureau_edits(world):
    qualification_rules_load()
    n = QualificationRule.objects.count()
    QualificationRule.objects.filter(code="A2-2-STAFF").update(params={"min_full_time": 10})
    qualification_rules_load()
    assert QualificationRule.objects.count() == n > 0
    assert QualificationRule.objects.get(code="A2-2-STAFF").params == {"min_full_time": 10}


def test_the_compliant_team_meets_every_annex_2_condition(world, rules):
    team, _ = compliant_team(world.contract_a)
    result = team_check(team=team, on=ON)
    assert [c.code for c in result.problems] == []
    assert result.compliant
    assert {c.clause for c in result.checks} >= {"附件2 二", "附件2 二 项目主管资质条件"}


def test_eight_full_time_staff_fail_nine_pass(world, rules):
    team, people = compliant_team(world.contract_a)
    assert _status(team_check(team=team, on=ON), "A2-2-STAFF") == MET
    membership = team.memberships.get(person=people["workers"][0])
    team_member_remove(actor=None, membership=membership, left_on=ON)
    result = team_check(team=team, on=ON)
    assert _status(result, "A2-2-STAFF") == NOT_MET
    assert "全职8名" in next(c.detail for c in result.checks if c.code == "A2-2-STAFF")
    assert not result.compliant


def test_a_part_timer_does_not_count_as_full_time(world, rules):
    team, _ = compliant_team(world.contract_a)
    extra = staff(world.agency_a, "兼职", full_time=False)
    join(team, extra, TeamRole.OTHER)
    team.memberships.filter(person__name="甲社工1").update(left_on=ON)
    assert _status(team_check(team=team, on=ON), "A2-2-STAFF") == NOT_MET


def _team_with_professionals(world, n_professional_workers):
    team = team_for_contract(contract=world.contract_a)
    org = world.agency_a
    join(team, staff(org, "主管"), TeamRole.MANAGER)
    join(team, supervisor_person(org, "督导"), TeamRole.SUPERVISOR, local_supervisor=True)
    for i in range(7):
        person = staff(org, f"成员{i}", professional=i < n_professional_workers)
        join(team, person, TeamRole.OTHER)
    return team


def test_four_professional_social_workers_fail_five_pass(world, rules):
    # Manager and supervisor are professional: 2 + 2 = 4, then 2 + 3 = 5.
    team = _team_with_professionals(world, 2)
    assert _status(team_check(team=team, on=ON), "A2-2-PROFESSIONAL") == NOT_MET
    team.memberships.update(left_on=ON)
    team.memberships.all().delete()
    team = _team_with_professionals(world, 3)
    assert _status(team_check(team=team, on=ON), "A2-2-PROFESSIONAL") == MET


def test_one_or_two_supervisors_pass_three_or_none_fail(world, rules):
    team, _ = compliant_team(world.contract_a)
    assert _status(team_check(team=team, on=ON), "A2-2-SUPERVISORS") == MET
    second = supervisor_person(world.agency_a, "外地督导")
    join(team, second, TeamRole.SUPERVISOR)
    assert _status(team_check(team=team, on=ON), "A2-2-SUPERVISORS") == MET
    third = supervisor_person(world.agency_a, "第三督导")
    join(team, third, TeamRole.SUPERVISOR)
    assert _status(team_check(team=team, on=ON), "A2-2-SUPERVISORS") == NOT_MET
    team.memberships.filter(role=TeamRole.SUPERVISOR).update(left_on=ON)
    result = team_check(team=team, on=ON)
    assert _status(result, "A2-2-SUPERVISORS") == NOT_MET


def test_supervisors_with_none_local_fail(world, rules):
    team, people = compliant_team(world.contract_a)
    team.memberships.filter(person=people["supervisor"]).update(local_supervisor=False)
    result = team_check(team=team, on=ON)
    assert _status(result, "A2-2-SUPERVISORS") == NOT_MET
    assert "本土督导0名" in next(c.detail for c in result.checks if c.code == "A2-2-SUPERVISORS")


def test_an_unqualified_supervisor_fails(world, rules):
    team, people = compliant_team(world.contract_a)
    people["supervisor"].supervision_standard = False
    people["supervisor"].save()
    assert _status(team_check(team=team, on=ON), "A2-2-SUPERVISORS") == NOT_MET


def test_manager_needs_two_years_and_to_be_a_professional(world, rules):
    team, people = compliant_team(world.contract_a)
    manager = people["manager"]
    manager.years_experience = Decimal("2")
    manager.save()
    assert _status(team_check(team=team, on=ON), "A2-2-MANAGER") == MET
    manager.years_experience = Decimal("1.9")
    manager.save()
    assert _status(team_check(team=team, on=ON), "A2-2-MANAGER") == NOT_MET
    manager.years_experience = Decimal("5")
    manager.certificate_level = CertificateLevel.NONE
    manager.save()
    assert _status(team_check(team=team, on=ON), "A2-2-MANAGER") == NOT_MET


def test_exactly_one_manager(world, rules):
    team, _ = compliant_team(world.contract_a)
    second = staff(world.agency_a, "第二主管")
    join(team, second, TeamRole.MANAGER)
    assert _status(team_check(team=team, on=ON), "A2-2-MANAGER") == NOT_MET


def test_four_experienced_members_besides_the_manager_fail_five_pass(world, rules):
    team, people = compliant_team(world.contract_a)
    # Besides the manager: supervisor + 7 workers = 8 experienced; make 3 and then 4 juniors.
    for p in people["workers"][:3]:
        p.years_experience = Decimal("0.9")
        p.save()
    assert _status(team_check(team=team, on=ON), "A2-2-OTHERS") == MET
    people["workers"][3].years_experience = Decimal("0.5")
    people["workers"][3].save()
    result = team_check(team=team, on=ON)
    assert _status(result, "A2-2-OTHERS") == NOT_MET


def test_a_full_time_person_on_two_teams_is_flagged(world, rules):
    team, people = compliant_team(world.contract_a)
    unit = world.pilot_round.units.get(street__code="gusu-pingjiang")
    communities = make_communities(unit.street, 4)
    other = term_contract(unit, agency=world.agency_a, number="T-A2", communities=communities)
    other_team = team_for_contract(contract=other)
    assert _status(team_check(team=team, on=ON), "A2-2-SINGLE-TEAM") == MET
    join(other_team, people["workers"][0], TeamRole.SOCIAL_WORKER)
    result = team_check(team=team, on=ON)
    assert _status(result, "A2-2-SINGLE-TEAM") == NOT_MET
    assert "平江街道" in next(c.detail for c in result.checks if c.code == "A2-2-SINGLE-TEAM")
    assert _status(team_check(team=other_team, on=ON), "A2-2-SINGLE-TEAM") == NOT_MET
    # Once they leave the first team the flag goes away (history stays).
    team_member_remove(
        actor=None, membership=team.memberships.get(person=people["workers"][0]), left_on=ON
    )
    assert _status(team_check(team=other_team, on=ON), "A2-2-SINGLE-TEAM") == MET


def test_a_person_of_another_agency_cannot_join(world, rules):
    team = team_for_contract(contract=world.contract_a)
    outsider = staff(world.agency_b, "乙员工")
    with pytest.raises(ValidationError) as exc:
        join(team, outsider, TeamRole.OTHER)
    assert "不是甲社工机构的人员" in str(exc.value)


def test_threshold_comes_from_rule_data(world, rules):
    team, people = compliant_team(world.contract_a)
    QualificationRule.objects.filter(code="A2-2-STAFF").update(params={"min_full_time": 10})
    assert _status(team_check(team=team, on=ON), "A2-2-STAFF") == NOT_MET


# ---- the person definitions ----------------------------------------------------------------


def test_full_time_needs_a_twelve_month_contract_and_social_insurance(world, rules):
    p = staff(world.agency_a, "甲")
    p.labour_contract_start, p.labour_contract_end = date(2018, 1, 1), date(2018, 12, 31)
    assert _facts(world, p).full_time
    p.labour_contract_end = date(2018, 12, 30)
    assert not _facts(world, p).full_time
    p.labour_contract_end = None  # open-ended
    assert _facts(world, p).full_time
    p.social_insurance_paid = False
    assert not _facts(world, p).full_time


def test_professional_social_worker_by_diploma_or_certificate(world, rules):
    p = staff(world.agency_a, "乙", professional=False)
    assert not _facts(world, p).professional
    p.education, p.major = Education.JUNIOR_COLLEGE, Major.SOCIAL_WORK
    assert _facts(world, p).professional
    p.major = Major.SOCIOLOGY
    assert not _facts(world, p).professional
    p.certificate_level = CertificateLevel.ASSISTANT
    assert _facts(world, p).professional


def test_supervisor_definitions(world, rules):
    p = staff(world.agency_a, "丙", professional=False)
    assert not _facts(world, p).supervisor
    p.suzhou_trainee_supervisor = True
    assert _facts(world, p).supervisor
    p.suzhou_trainee_supervisor = False
    # Path (二): 社会工作师 registered in Jiangsu, 3 years' practice, able to supervise.
    p.certificate_level = CertificateLevel.SOCIAL_WORKER
    p.jiangsu_registered = True
    p.supervision_standard = True
    p.years_social_work_practice = Decimal("2.9")
    assert not _facts(world, p).supervisor
    p.years_social_work_practice = Decimal("3")
    assert _facts(world, p).supervisor
    p.jiangsu_registered = False
    assert not _facts(world, p).supervisor
    # University teacher: no certificate needed, but 3 projects totalling 36 months.
    p.university_teacher = True
    p.teacher_projects_led, p.teacher_project_months = 2, 40
    assert not _facts(world, p).supervisor
    p.teacher_projects_led, p.teacher_project_months = 3, 36
    assert _facts(world, p).supervisor
    # From outside the mainland: proofs of registration and practice.
    p.university_teacher = False
    p.jiangsu_registered = True
    p.outside_mainland = True
    assert not _facts(world, p).supervisor
    p.outside_proofs = True
    assert _facts(world, p).supervisor


# ---- agencies and evaluators as bidders ----------------------------------------------------


def _sound_profile(organization, level, form, **facts):
    """A qualification record with legal capacity and sound accounting, and ``facts``."""
    return profile_save(
        actor=None,
        organization=organization,
        authority_level=level,
        legal_form=form,
        legal_capacity=True,
        sound_accounting=True,
        **facts,
    )


def _agency_ready(world, n_full_time=9):
    _sound_profile(
        world.agency_a,
        AuthorityLevel.CITY,
        LegalForm.PRIVATE_NON_ENTERPRISE,
        scope_covers_social_work=True,
        bad_credit_record=False,
    )
    staff(
        world.agency_a,
        "理事",
        on_board=True,
        full_time=False,
        certificate_level=CertificateLevel.SOCIAL_WORKER,
    )
    for i in range(n_full_time):
        staff(world.agency_a, f"员工{i}")


def test_agency_without_records_shows_missing_evidence(world, rules):
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert {c.status for c in result.checks} == {MISSING}
    assert [c.clause for c in result.checks][:3] == ["附件2 一(一)", "附件2 一(二)", "附件2 一(三)"]


def test_agency_with_eight_full_time_staff_fails_nine_passes(world, rules):
    _agency_ready(world, n_full_time=8)
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert _status(result, "A2-1-3") == NOT_MET
    staff(world.agency_a, "第九人")
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert result.compliant, [(c.code, c.detail) for c in result.problems]


def test_board_needs_one_social_worker_or_two_assistants(world, rules):
    _agency_ready(world)
    world.agency_a.staff.filter(on_board=True).update(certificate_level=CertificateLevel.ASSISTANT)
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert _status(result, "A2-1-2") == NOT_MET
    staff(
        world.agency_a,
        "理事二",
        on_board=True,
        full_time=False,
        certificate_level=CertificateLevel.ASSISTANT,
    )
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert _status(result, "A2-1-2") == MET


def test_wrong_legal_form_and_bad_credit_fail(world, rules):
    _agency_ready(world)
    profile_save(
        actor=None,
        organization=world.agency_a,
        legal_form=LegalForm.SOCIAL_GROUP,
        bad_credit_record=True,
    )
    result = organization_check(organization=world.agency_a, pilot_round=world.pilot_round, on=ON)
    assert _status(result, "A2-1-1") == NOT_MET
    assert _status(result, "S4-CREDIT") == NOT_MET


def test_evaluator_needs_three_years_of_evaluation_practice(world, rules):
    evaluator = world.users["evaluator"].memberships.get().organization
    _sound_profile(
        evaluator,
        AuthorityLevel.COUNTY,
        LegalForm.SOCIAL_GROUP,
        scope_covers_evaluation=True,
        good_reputation=True,
        tax_social_insurance_ok=True,
        major_violation_recent=False,
        me_practice_years=Decimal("2.9"),
    )
    result = organization_check(organization=evaluator, pilot_round=world.pilot_round)
    assert [c.code for c in result.problems] == ["A3-1-6"]
    profile_save(actor=None, organization=evaluator, me_practice_years=Decimal("3"))
    assert organization_check(organization=evaluator, pilot_round=world.pilot_round).compliant
