"""Writes for qualification rules, profiles, staff, teams and evaluator team changes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.audit import audit_record, audited_save
from apps.core.fixture_rows import FixtureRows
from apps.orgs.models import OrganizationKind
from apps.procurement.models import PilotRound

from .models import (
    EVALUATION_ROLES,
    SERVICE_ROLES,
    ChangeAction,
    ChangeStatus,
    OrganizationProfile,
    Person,
    QualificationRule,
    Team,
    TeamChangeRequest,
    TeamKind,
    TeamMembership,
    TeamRole,
)

QUALIFICATION_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "qualifications_2018.json"
STAFF_KINDS = (OrganizationKind.AGENCY, OrganizationKind.EVALUATOR)
QUALIFICATION_RULES = FixtureRows(
    QualificationRule, ("subject", "name", "clause", "params", "source_text")
)


@transaction.atomic
def qualification_rules_load(
    *, path: Path = QUALIFICATION_FIXTURE, overwrite: bool = False
) -> PilotRound:
    """Load Annex 2/3 conditions for the fixture's round. Idempotent; keeps the bureau's edits."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    pilot_round = PilotRound.objects.get(code=data["round"])
    for r in data["rules"]:
        QUALIFICATION_RULES.seed(r, {"pilot_round": pilot_round}, overwrite=overwrite)
    return pilot_round


def _require_staff_org(organization):
    if organization.kind not in STAFF_KINDS:
        raise ValidationError({"organization": "只有承接机构和监管评估机构可登记资质与人员。"})


@transaction.atomic
def profile_save(*, actor, organization, **fields) -> OrganizationProfile:
    """Create or update an agency's or evaluator's qualification record."""
    _require_staff_org(organization)
    profile, _ = OrganizationProfile.objects.get_or_create(organization=organization)
    for name, value in fields.items():
        setattr(profile, name, value)
    return audited_save(profile, actor=actor, action="profile_save", fields=sorted(fields))


@transaction.atomic
def person_create(*, actor, organization, name: str, **fields) -> Person:
    """Register a staff or board member of an agency or evaluator."""
    _require_staff_org(organization)
    person = Person(organization=organization, name=name, **fields)
    return audited_save(person, actor=actor, action="person_create", name=name)


@transaction.atomic
def person_update(*, actor, person: Person, **fields) -> Person:
    for name, value in fields.items():
        setattr(person, name, value)
    audited_save(
        person,
        actor=actor,
        action="person_update",
        update_fields=list(fields),
        fields=sorted(fields),
    )
    return person


def team_for_contract(*, contract) -> Team:
    """The contract's team, created empty on first use."""
    team, _ = Team.objects.get_or_create(contract=contract, defaults={"kind": TeamKind.SERVICE})
    return team


def team_for_evaluator_contract(*, evaluator_contract) -> Team:
    team, _ = Team.objects.get_or_create(
        evaluator_contract=evaluator_contract, defaults={"kind": TeamKind.EVALUATION}
    )
    return team


def _validate_join(*, team: Team, person: Person, role: str):
    errors = {}
    if person.organization_id != team.owner.pk:
        errors["person"] = f"{person.name}不是{team.owner.name}的人员。"
    allowed = SERVICE_ROLES if team.kind == TeamKind.SERVICE else EVALUATION_ROLES
    if role not in allowed:
        errors["role"] = f"{team.get_kind_display()}没有“{TeamRole(role).label}”角色。"
    if TeamMembership.objects.current().filter(team=team, person=person).exists():
        errors["person"] = f"{person.name}已在本团队中。"
    if errors:
        raise ValidationError(errors)


def _join(*, team, person, role, local_supervisor, joined_on, note="") -> TeamMembership:
    membership = TeamMembership(
        team=team,
        person=person,
        role=role,
        local_supervisor=bool(local_supervisor) and role == TeamRole.SUPERVISOR,
        joined_on=joined_on,
        note=note,
    )
    membership.full_clean()
    membership.save()
    return membership


def _leave(*, membership: TeamMembership, left_on: date):
    if membership.left_on is not None:
        raise ValidationError("该成员已离开团队。")
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": "离开日期不能早于加入日期。"})
    membership.left_on = left_on
    membership.save(update_fields=["left_on"])


@transaction.atomic
def team_member_add(
    *,
    actor,
    team: Team,
    person: Person,
    role: str,
    joined_on: date,
    local_supervisor: bool = False,
) -> TeamMembership:
    """Put a person on a service team. Evaluator teams change only through an approved request."""
    if team.kind == TeamKind.EVALUATION and team.memberships.exists():
        raise ValidationError("评估团队组建后的人员变更须书面申请并经市民政局批准(附件3)。")
    _validate_join(team=team, person=person, role=role)
    membership = _join(
        team=team, person=person, role=role, local_supervisor=local_supervisor, joined_on=joined_on
    )
    audit_record(actor=actor, action="team_member_add", obj=team, person=person.pk, role=role)
    return membership


@transaction.atomic
def team_compose(*, actor, team: Team, members: list[dict], joined_on: date) -> list:
    """Form an empty team in one act: ``members`` are ``{"person", "role", "local_supervisor"}``.

    An evaluator's team is composed this way at the start; later changes need requests.
    """
    if team.memberships.exists():
        raise ValidationError("团队已组建;请逐一变更成员。")
    created = []
    for m in members:
        _validate_join(team=team, person=m["person"], role=m["role"])
        created.append(
            _join(
                team=team,
                person=m["person"],
                role=m["role"],
                local_supervisor=m.get("local_supervisor", False),
                joined_on=joined_on,
            )
        )
    audit_record(actor=actor, action="team_compose", obj=team, size=len(created))
    return created


@transaction.atomic
def team_member_remove(*, actor, membership: TeamMembership, left_on: date) -> TeamMembership:
    """End a membership (the row stays as history)."""
    if membership.team.kind == TeamKind.EVALUATION:
        raise ValidationError("评估团队人员变更须书面申请并经市民政局批准(附件3)。")
    _leave(membership=membership, left_on=left_on)
    audit_record(
        actor=actor, action="team_member_remove", obj=membership.team, person=membership.person_id
    )
    return membership


@transaction.atomic
def team_change_request(
    *,
    actor,
    team: Team,
    action: str,
    person: Person,
    effective_on: date,
    written_request: str,
    role: str = "",
) -> TeamChangeRequest:
    """The evaluator's written request to change its team during the term (Annex 3)."""
    if team.kind != TeamKind.EVALUATION:
        raise ValidationError("只有评估团队的变更需要书面申请。")
    if not written_request.strip():
        raise ValidationError({"written_request": "请填写书面申请内容。"})
    if action == ChangeAction.ADD:
        _validate_join(team=team, person=person, role=role)
    elif not TeamMembership.objects.current().filter(team=team, person=person).exists():
        raise ValidationError({"person": f"{person.name}不在本团队中。"})
    req = TeamChangeRequest(
        team=team,
        action=action,
        person=person,
        role=role,
        effective_on=effective_on,
        written_request=written_request,
        requested_by=actor,
    )
    return audited_save(req, actor=actor, action="team_change_request", change=action)


@transaction.atomic
def team_change_decide(
    *, actor, request: TeamChangeRequest, approve: bool, reason: str = ""
) -> TeamChangeRequest:
    """The bureau approves (the change is applied) or refuses (a reason is required)."""
    if request.status != ChangeStatus.PENDING:
        raise ValidationError("该申请已处理。")
    if not approve and not reason.strip():
        raise ValidationError({"reason": "不批准时请说明理由。"})
    if approve:
        if request.action == ChangeAction.ADD:
            _validate_join(team=request.team, person=request.person, role=request.role)
            _join(
                team=request.team,
                person=request.person,
                role=request.role,
                local_supervisor=False,
                joined_on=request.effective_on,
                note=f"经变更申请#{request.pk}批准",
            )
        else:
            membership = TeamMembership.objects.current().get(
                team=request.team, person=request.person
            )
            _leave(membership=membership, left_on=request.effective_on)
    request.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    audit_record(actor=actor, action="team_change_decide", obj=request, approve=approve)
    return request
