"""The Annex 2 / Annex 3 checks, read from the round's QualificationRule rows (numbers are data).

Every check returns a ``Check`` naming its rule's clause, so a page can always say which
condition of which annex a person, an agency or a team meets, misses, or lacks evidence for.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from .models import CertificateLevel, QualificationRule, TeamKind, TeamMembership, TeamRole

MET = "met"
NOT_MET = "not_met"
MISSING = "missing"
STATUS_LABELS = {MET: "符合", NOT_MET: "不符合", MISSING: "缺少证明"}


@dataclass
class Check:
    code: str
    name: str
    clause: str
    source_text: str
    status: str
    detail: str = ""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def ok(self) -> bool:
        return self.status == MET


@dataclass
class CheckResult:
    checks: list[Check] = field(default_factory=list)

    @property
    def compliant(self) -> bool:
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]


class RulesMissing(LookupError):
    """The round has no qualification rules yet (load_qualification_rules not run)."""


class RuleBook:
    """The round's qualification rules by code (one query)."""

    def __init__(self, pilot_round):
        self.pilot_round = pilot_round
        self.rules = {r.code: r for r in QualificationRule.objects.filter(pilot_round=pilot_round)}

    def __getitem__(self, code) -> QualificationRule:
        try:
            return self.rules[code]
        except KeyError as exc:
            raise RulesMissing(
                f"轮次缺少资质条件 {code}:请先执行 manage.py load_qualification_rules。"
            ) from exc

    def params(self, code) -> dict:
        return self[code].params

    def check(self, code, status, detail="") -> Check:
        rule = self[code]
        return Check(rule.code, rule.name, rule.clause, rule.source_text, status, detail)


def add_months(d: date, months: int) -> date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


# ---- people -------------------------------------------------------------------------------


def is_full_time(person, book: RuleBook, on: date) -> bool:
    """A labour contract of at least the rule's months, running on ``on``, and social insurance."""
    p = book.params("PERSON-FULL-TIME")
    start, end = person.labour_contract_start, person.labour_contract_end
    if start is None or start > on:
        return False
    if end is not None:
        if end < on:
            return False
        # A contract "of one year" runs from 1 Jan to 31 Dec: count its last day.
        if end < add_months(start, p["min_labour_contract_months"]) - timedelta(days=1):
            return False
    return person.social_insurance_paid or not p.get("social_insurance_required", True)


def is_professional(person, book: RuleBook) -> bool:
    """Social-work diploma (大专 or above) or the national social-worker certificate (Annex 2)."""
    p = book.params("PERSON-PROFESSIONAL")
    if person.certificate_level in p["certificate_levels"]:
        return True
    return person.education in p["education_levels"] and person.major in p["majors"]


def is_supervisor(person, book: RuleBook) -> bool:
    """Suzhou trainee-supervisor qualification, or all of (a) training, (b) practice, (c) ability."""
    if person.suzhou_trainee_supervisor:
        return True
    p = book.params("PERSON-SUPERVISOR")
    degree = person.education in p["education_levels"] and person.major in p["majors"]
    certified = person.certificate_level in p["certificate_levels"] and person.jiangsu_registered
    a = degree or certified or person.university_teacher
    if person.university_teacher:
        b = (
            person.teacher_projects_led >= p["teacher_min_projects"]
            and person.teacher_project_months >= p["teacher_min_project_months"]
        )
    else:
        b = person.years_social_work_practice >= Decimal(p["min_practice_years"])
    if person.outside_mainland:
        b = b and person.outside_proofs
    return bool(a and b and person.supervision_standard)


@dataclass
class PersonFacts:
    person: object
    full_time: bool
    professional: bool
    supervisor: bool


def person_facts(person, book: RuleBook, on: date) -> PersonFacts:
    return PersonFacts(
        person,
        is_full_time(person, book, on),
        is_professional(person, book),
        is_supervisor(person, book),
    )


# ---- organisations ------------------------------------------------------------------------


def _tri(value, *, good=True):
    if value is None:
        return MISSING
    return MET if value == good else NOT_MET


def _registration(book, code, profile, scope_value) -> Check:
    p = book.params(code)
    if profile is None or not profile.authority_level or not profile.legal_form:
        return book.check(code, MISSING, "未登记登记机关级别或登记类型")
    problems = []
    if profile.authority_level not in p["authority_levels"]:
        problems.append(f"登记机关:{profile.get_authority_level_display()}")
    if profile.legal_form not in p["legal_forms"]:
        problems.append(f"登记类型:{profile.get_legal_form_display()}")
    if scope_value is False:
        problems.append("业务范围不符")
    if problems:
        return book.check(code, NOT_MET, ";".join(problems))
    if scope_value is None:
        return book.check(code, MISSING, "业务范围未核实")
    return book.check(code, MET, f"{profile.get_authority_level_display()}民政部门登记")


def agency_checks(*, agency, staff, profile, book: RuleBook, on: date) -> CheckResult:
    """An agency against every bidder condition of Annex 2 and §四."""
    result = CheckResult()
    result.checks.append(
        _registration(book, "A2-1-1", profile, profile and profile.scope_covers_social_work)
    )
    p = book.params("A2-1-2")
    board = [s for s in staff if s.on_board]
    level2 = sum(
        s.certificate_level in (CertificateLevel.SOCIAL_WORKER, CertificateLevel.SENIOR)
        for s in board
    )
    level1 = sum(s.certificate_level == CertificateLevel.ASSISTANT for s in board)
    detail = f"理事会{len(board)}人:社会工作师{level2}名,助理社会工作师{level1}名"
    if not board:
        result.checks.append(book.check("A2-1-2", MISSING, "未登记理事会成员"))
    elif level2 >= p["min_social_workers"] or level1 >= p["min_assistants"]:
        result.checks.append(book.check("A2-1-2", MET, detail))
    else:
        result.checks.append(book.check("A2-1-2", NOT_MET, detail))
    p = book.params("A2-1-3")
    facts = [person_facts(s, book, on) for s in staff]
    full = [f for f in facts if f.full_time]
    prof = [f for f in full if f.professional]
    detail = f"全职员工{len(full)}名(要求≥{p['min_full_time']}),其中专业社工{len(prof)}名(要求≥{p['min_professional']})"
    if not staff:
        result.checks.append(book.check("A2-1-3", MISSING, "未登记员工"))
    elif len(full) >= p["min_full_time"] and len(prof) >= p["min_professional"]:
        result.checks.append(book.check("A2-1-3", MET, detail))
    else:
        result.checks.append(book.check("A2-1-3", NOT_MET, detail))
    result.checks.append(book.check("S4-LEGAL", _tri(profile and profile.legal_capacity)))
    result.checks.append(book.check("S4-ACCOUNTING", _tri(profile and profile.sound_accounting)))
    credit = None if profile is None else profile.bad_credit_record
    result.checks.append(book.check("S4-CREDIT", _tri(credit, good=False)))
    return result


def evaluator_checks(*, evaluator, profile, book: RuleBook) -> CheckResult:
    """An evaluator against every bidder condition of Annex 3."""
    result = CheckResult()
    result.checks.append(
        _registration(book, "A3-1-1", profile, profile and profile.scope_covers_evaluation)
    )
    result.checks.append(book.check("A3-1-2", _tri(profile and profile.legal_capacity)))
    if profile is None or profile.good_reputation is None or profile.sound_accounting is None:
        status = MISSING
    else:
        status = MET if profile.good_reputation and profile.sound_accounting else NOT_MET
    result.checks.append(book.check("A3-1-3", status))
    result.checks.append(book.check("A3-1-4", _tri(profile and profile.tax_social_insurance_ok)))
    violation = None if profile is None else profile.major_violation_recent
    result.checks.append(book.check("A3-1-5", _tri(violation, good=False)))
    years = None if profile is None else profile.me_practice_years
    minimum = Decimal(book.params("A3-1-6")["min_years"])
    if years is None:
        result.checks.append(book.check("A3-1-6", MISSING))
    else:
        status = MET if years >= minimum else NOT_MET
        result.checks.append(book.check("A3-1-6", status, f"{years}年(要求≥{minimum}年)"))
    return result


# ---- teams --------------------------------------------------------------------------------


def double_team_members(memberships) -> dict[int, list]:
    """Person id → their other current memberships on other teams (full-time check applied later)."""
    person_ids = {m.person_id for m in memberships}
    team_ids = {m.team_id for m in memberships}
    others = (
        TeamMembership.objects.current()
        .filter(person_id__in=person_ids)
        .exclude(team_id__in=team_ids)
        .select_related(
            "team",
            "team__contract",
            "team__contract__unit__street",
            "team__evaluator_contract",
        )
    )
    found: dict[int, list] = {}
    for m in others:
        found.setdefault(m.person_id, []).append(m)
    return found


def _count_check(book, code, n, minimum, what) -> Check:
    status = MET if n >= minimum else NOT_MET
    return book.check(code, status, f"{what}{n}名(要求≥{minimum})")


def team_checks(*, team, memberships, book: RuleBook, on: date, doubles=None) -> CheckResult:
    """A team's current members against Annex 2 (service) or Annex 3 (evaluation).

    ``doubles`` (person id → other current memberships) may be passed in by a caller that
    checks many teams at once, to keep the query count flat.
    """
    memberships = [m for m in memberships if m.left_on is None]
    facts = {m.pk: person_facts(m.person, book, on) for m in memberships}
    if doubles is None:
        doubles = double_team_members(memberships)
    if team.kind == TeamKind.EVALUATION:
        return _evaluation_team_checks(memberships, facts, doubles, book)
    result = CheckResult()
    full = [m for m in memberships if facts[m.pk].full_time]
    p = book.params("A2-2-STAFF")
    result.checks.append(_count_check(book, "A2-2-STAFF", len(full), p["min_full_time"], "全职"))
    prof = [m for m in full if facts[m.pk].professional]
    p = book.params("A2-2-PROFESSIONAL")
    result.checks.append(
        _count_check(book, "A2-2-PROFESSIONAL", len(prof), p["min_professional"], "全职专业社工")
    )
    p = book.params("A2-2-MANAGER")
    managers = [m for m in memberships if m.role == TeamRole.MANAGER]
    if len(managers) != p["count"]:
        result.checks.append(
            book.check("A2-2-MANAGER", NOT_MET, f"项目主管{len(managers)}名(要求{p['count']}名)")
        )
    else:
        m = managers[0]
        problems = []
        if not facts[m.pk].professional:
            problems.append("不是专业社工")
        if m.person.years_experience < Decimal(p["min_years"]):
            problems.append(f"相关经验{m.person.years_experience}年,不足{p['min_years']}年")
        status = NOT_MET if problems else MET
        detail = f"{m.person.name}:" + ("、".join(problems) if problems else "符合")
        result.checks.append(book.check("A2-2-MANAGER", status, detail))
    p = book.params("A2-2-SUPERVISORS")
    sups = [m for m in memberships if m.role == TeamRole.SUPERVISOR]
    unqualified = [m.person.name for m in sups if not facts[m.pk].supervisor]
    local = [m for m in sups if m.local_supervisor and facts[m.pk].supervisor]
    problems = []
    if not p["min"] <= len(sups) <= p["max"]:
        problems.append(f"督导{len(sups)}名(要求{p['min']}~{p['max']}名)")
    if unqualified:
        problems.append(f"不符合督导资质:{'、'.join(unqualified)}")
    if len(local) < p["min_local"]:
        problems.append(f"本土督导{len(local)}名(要求≥{p['min_local']}名)")
    detail = "；".join(problems) if problems else f"督导{len(sups)}名,其中本土{len(local)}名"
    result.checks.append(book.check("A2-2-SUPERVISORS", NOT_MET if problems else MET, detail))
    p = book.params("A2-2-OTHERS")
    experienced = [
        m
        for m in memberships
        if m.role != TeamRole.MANAGER and m.person.years_experience >= Decimal(p["min_years"])
    ]
    result.checks.append(
        _count_check(
            book,
            "A2-2-OTHERS",
            len(experienced),
            p["min_count"],
            f"{p['min_years']}年以上经验的成员",
        )
    )
    result.checks.append(_double_check(book, "A2-2-SINGLE-TEAM", memberships, facts, doubles))
    return result


def _double_check(book, code, memberships, facts, doubles) -> Check:
    clashes = [
        f"{m.person.name}(同时在{_team_label(doubles[m.person_id][0].team)})"
        for m in memberships
        if facts[m.pk].full_time and m.person_id in doubles
    ]
    if clashes:
        return book.check(code, NOT_MET, "；".join(clashes))
    return book.check(code, MET, "无全职人员同时在其他团队")


def _team_label(team) -> str:
    if team.kind == TeamKind.SERVICE:
        return f"{team.contract.unit.street.name}团队"
    return "评估团队"


def _evaluation_team_checks(memberships, facts, doubles, book) -> CheckResult:
    p = book.params("A3-2-TEAM")
    code = "A3-2-TEAM"
    result = CheckResult()
    staff = [m for m in memberships if m.role != TeamRole.EXPERT]
    full = [m for m in staff if facts[m.pk].full_time]
    problems = []
    if len(full) < p["min_full_time"]:
        problems.append(f"全职员工{len(full)}名(要求≥{p['min_full_time']})")
    leads = [m for m in staff if m.role == TeamRole.LEAD]
    if len(leads) != p["lead_count"]:
        problems.append(f"项目负责人{len(leads)}名(要求{p['lead_count']}名)")
    elif leads[0].person.years_experience < Decimal(p["lead_min_years"]):
        problems.append(f"项目负责人经验不足{p['lead_min_years']}年")
    prof = [m for m in full if facts[m.pk].professional]
    if len(prof) < p["min_professional"]:
        problems.append(f"专业社工{len(prof)}名(要求≥{p['min_professional']})")
    junior = [
        m.person.name
        for m in staff
        if m.role == TeamRole.MEMBER and m.person.years_experience < Decimal(p["member_min_years"])
    ]
    if junior:
        problems.append(f"经验不足{p['member_min_years']}年:{'、'.join(junior)}")
    experts = [m for m in memberships if m.role == TeamRole.EXPERT]
    if len(experts) < p["min_experts"]:
        problems.append(f"专家组{len(experts)}人(要求≥{p['min_experts']})")
    detail = "；".join(problems) if problems else f"全职{len(full)}名,专家{len(experts)}人"
    result.checks.append(book.check(code, NOT_MET if problems else MET, detail))
    result.checks.append(_double_check(book, "A2-2-SINGLE-TEAM", staff, facts, doubles))
    return result


def coordinator_check(*, count: int, book: RuleBook) -> Check:
    """1–2 pilot coordinators per street and community (§六(二))."""
    p = book.params("S6-COORDINATORS")
    status = MET if p["min"] <= count <= p["max"] else NOT_MET
    return book.check("S6-COORDINATORS", status, f"{count}名(要求{p['min']}~{p['max']}名)")


def handles_missing_rules(view):
    """Page views: a round without its rules gets a notice page, not a server error."""
    from functools import wraps

    from django.shortcuts import render

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except RulesMissing as exc:
            return render(request, "agencies/rules_missing.html", {"message": str(exc)})

    return wrapper
