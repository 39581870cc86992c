"""Writes for cases: open, log a service record, refer, close, review."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.accounts.models import AGENCY_ROLES, RoleMembership
from apps.catalogue import selectors as catalogue_selectors
from apps.core.audit import audit_record, audited_save
from apps.core.changes import contract_changed_on_commit
from apps.core.clock import today

from ..models import (
    Case,
    CaseKind,
    CaseReview,
    CaseStatus,
    Referral,
    ReviewDecision,
    ServiceMode,
    ServiceRecord,
)
from .registry import client_consent_record

# A single service record longer than a working day is a typing mistake, not a visit.
MAX_RECORD_MINUTES = 24 * 60


def table1_sub_items(*, pilot_round):
    """Sub-items of Annex 1 Table 1 (the ten groups), which cases serve."""
    return catalogue_selectors.table1_sub_items(pilot_round=pilot_round).select_related("item")


@transaction.atomic
def case_open(
    *,
    actor,
    contract,
    community,
    kind: str,
    sub_items,
    assessment: str,
    plan: str,
    assigned_worker,
    opened_on: date,
    client=None,
    household=None,
) -> Case:
    """Open a case in one of the contract's communities for a consenting client or a household."""
    errors = {}
    if kind not in CaseKind.values:
        errors["kind"] = "服务类型无效。"
    if (client is None) == (household is None):
        errors["client"] = "请选择一位服务对象或一个家庭(二者选一)。"
    if community is None or not contract.communities.filter(pk=community.pk).exists():
        errors["community"] = "服务社区必须是该合同覆盖的社区(村)。"
    if client is not None:
        if client.merged_into_id:
            errors["client"] = "该记录已合并,请选择保留的记录。"
        elif not client.consent_by:
            errors["client"] = "服务对象尚未记录知情同意(未满14周岁须监护人同意),不能开案。"
    sub_items = list(sub_items)
    allowed = set(
        table1_sub_items(pilot_round=contract.unit.pilot_round).values_list("pk", flat=True)
    )
    if not sub_items:
        errors["sub_items"] = "请至少选择一个服务细项。"
    elif any(s.pk not in allowed for s in sub_items):
        errors["sub_items"] = "服务细项必须是附件1表1(十类困境人群)的细项。"
    works_there = RoleMembership.objects.active().filter(
        user=assigned_worker, organization=contract.agency, role__in=AGENCY_ROLES
    )
    if assigned_worker is None or not works_there.exists():
        errors["assigned_worker"] = "负责社工必须是承接该合同的机构的工作人员。"
    if not (contract.start_date <= opened_on <= contract.end_date):
        errors["opened_on"] = "开案日期须在合同期内。"
    elif opened_on > today():
        errors["opened_on"] = "开案日期不能晚于今天。"
    if not assessment.strip():
        errors["assessment"] = "请填写需求评估。"
    if not plan.strip():
        errors["plan"] = "请填写服务计划。"
    if errors:
        raise ValidationError(errors)
    case = Case(
        contract=contract,
        community=community,
        kind=kind,
        client=client,
        household=household,
        assessment=assessment.strip(),
        plan=plan.strip(),
        assigned_worker=assigned_worker,
        opened_on=opened_on,
        opened_by=actor,
    )
    audited_save(case, actor=actor, action="case_open", kind=kind)
    case.sub_items.set(sub_items)
    contract_changed_on_commit(contract_id=case.contract_id)
    return case


@transaction.atomic
def case_open_with_consent(
    *,
    actor,
    contract,
    consent_given_by: str = "",
    consent_on: date | None = None,
    consent_guardian_name: str = "",
    may_record_consent: bool = False,
    **case_fields,
) -> Case:
    """Open a case, first recording the client's missing consent given on the same form.

    Both in one transaction: a consent that is recorded while the case is refused is rolled
    back with it. ``may_record_consent`` is the caller's gate (``can_edit_client``).
    """
    client = case_fields.get("client")
    if client is not None and not client.consent_by and consent_given_by:
        if not may_record_consent:
            raise ValidationError({"consent_given_by": "您不能为该服务对象记录知情同意。"})
        try:
            client_consent_record(
                actor=actor,
                client=client,
                given_by=consent_given_by,
                on=consent_on or today(),
                guardian_name=consent_guardian_name,
            )
        except ValidationError as exc:
            names = {"given_by": "consent_given_by", "on": "consent_on"}
            names["guardian_name"] = "consent_guardian_name"
            raise ValidationError(
                {names.get(k, k): v for k, v in exc.message_dict.items()}
            ) from exc
    elif client is not None and not client.consent_by:
        raise ValidationError(
            {
                "consent_given_by": "服务对象尚未记录知情同意:请在此记录(未满14周岁须监护人同意),"
                "然后开案。"
            }
        )
    return case_open(actor=actor, contract=contract, **case_fields)


@transaction.atomic
def service_record_add(
    *,
    actor,
    case: Case,
    date: date,
    duration_minutes: int,
    mode: str,
    sub_item,
    note: str,
) -> ServiceRecord:
    """Log one service to an open case: on or after opening, not in the future, in term."""
    errors = {}
    if case.status != CaseStatus.OPEN:
        errors["date"] = "个案已结案,不能再记录服务。"
    if date < case.opened_on:
        errors["date"] = "服务日期不能早于开案日期。"
    elif date > today():
        errors["date"] = "服务日期不能晚于今天。"
    elif date > case.contract.end_date:
        errors["date"] = "服务日期不能晚于合同结束日期。"
    if duration_minutes is None or duration_minutes < 1:
        errors["duration_minutes"] = "服务时长至少1分钟。"
    elif duration_minutes > MAX_RECORD_MINUTES:
        errors["duration_minutes"] = f"单次服务时长不能超过{MAX_RECORD_MINUTES}分钟。"
    if mode not in ServiceMode.values:
        errors["mode"] = "服务方式无效。"
    if sub_item is None or not case.sub_items.filter(pk=sub_item.pk).exists():
        errors["sub_item"] = "服务细项必须是该个案所服务的细项之一。"
    if not note.strip():
        errors["note"] = "请填写服务记录。"
    if errors:
        raise ValidationError(errors)
    record = ServiceRecord(
        case=case,
        date=date,
        duration_minutes=duration_minutes,
        mode=mode,
        sub_item=sub_item,
        note=note.strip(),
        worker=actor,
    )
    audited_save(record, actor=actor, action="service_record_add", case=case.pk)
    # Where the new record lies: the engine recomputes only the scopes it can move.
    contract_changed_on_commit(
        contract_id=case.contract_id,
        community_id=case.community_id,
        on=date,
        model="cases.servicerecord",
    )
    return record


@transaction.atomic
def referral_add(*, actor, case: Case, date: date, to_organization: str, reason: str) -> Referral:
    """Record a referral of the case's client to another service."""
    errors = {}
    if date < case.opened_on:
        errors["date"] = "转介日期不能早于开案日期。"
    if not to_organization.strip():
        errors["to_organization"] = "请填写转介机构。"
    if not reason.strip():
        errors["reason"] = "请填写转介原因。"
    if errors:
        raise ValidationError(errors)
    referral = Referral.objects.create(
        case=case,
        date=date,
        to_organization=to_organization.strip(),
        reason=reason.strip(),
        created_by=actor,
    )
    audit_record(actor=actor, action="referral_add", obj=referral, case=case.pk)
    return referral


@transaction.atomic
def case_close(*, actor, case: Case, closed_on: date, summary: str) -> Case:
    """Close an open case with a summary, on or after its last service record."""
    errors = {}
    if case.status != CaseStatus.OPEN:
        errors["closed_on"] = "个案已结案。"
    last = case.records.order_by("-date").values_list("date", flat=True).first()
    if closed_on < (last or case.opened_on):
        errors["closed_on"] = "结案日期不能早于开案日期或最后一次服务日期。"
    elif closed_on > today():
        errors["closed_on"] = "结案日期不能晚于今天。"
    if not summary.strip():
        errors["summary"] = "请填写结案小结。"
    if errors:
        raise ValidationError(errors)
    case.status = CaseStatus.CLOSED
    case.closed_on = closed_on
    case.closing_summary = summary.strip()
    case.save(update_fields=["status", "closed_on", "closing_summary"])
    audit_record(actor=actor, action="case_close", obj=case)
    contract_changed_on_commit(contract_id=case.contract_id)
    return case


@transaction.atomic
def case_review(*, actor, case: Case, decision: str, comment: str = "") -> CaseReview:
    """The project manager's or supervisor's review (the gate checks the role)."""
    if decision not in ReviewDecision.values:
        raise ValidationError({"decision": "请选择审核结论。"})
    if decision == ReviewDecision.RETURNED and not comment.strip():
        raise ValidationError({"comment": "退回修改时请填写意见。"})
    membership = (
        RoleMembership.objects.active()
        .filter(user=actor, organization=case.contract.agency_id)
        .first()
    )
    review = CaseReview.objects.create(
        case=case,
        reviewer=actor,
        role=membership.get_role_display() if membership else "",
        decision=decision,
        comment=comment.strip(),
    )
    audit_record(actor=actor, action="case_review", obj=case, decision=decision)
    return review
