"""Writes for commissions, execution plans, their approvals and adjustments (§三(三), §六(二))."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_record, audited_save
from apps.core.changes import contract_changed_on_commit
from apps.orgs.models import Organization

from .checks import community_checks, plan_rules, sub_items_index
from .models import (
    AdjustmentStage,
    AdjustmentStep,
    ExecutionPlan,
    PlanAdjustment,
    PlanCommunity,
    PlanVersion,
    ServiceCommission,
    StepDecision,
)
from .permissions import files_for_own_street

# The path an adjustment takes: each stage's approval moves it to the next (§三(三)).
NEXT_STAGE = {
    AdjustmentStage.STREET: AdjustmentStage.DISTRICT,
    AdjustmentStage.DISTRICT: AdjustmentStage.BUREAU,
    AdjustmentStage.BUREAU: AdjustmentStage.APPROVED,
}
APPROVAL_STEPS = ("residents_consulted_on", "committee_approved_on", "filed_with_street_on")


# ---- commissions ---------------------------------------------------------------------------


@transaction.atomic
def commission_save(*, actor, contract, organization: Organization, **fields) -> ServiceCommission:
    """The commission with the contract's street or one of its communities (§六(二))."""
    allowed = {contract.unit.street_id, *contract.communities.values_list("pk", flat=True)}
    if organization.pk not in allowed:
        raise ValidationError({"organization": "委托方须为本合同的街道(镇)或服务社区(村)。"})
    commission = ServiceCommission.objects.filter(
        contract=contract, organization=organization
    ).first() or ServiceCommission(contract=contract, organization=organization)
    for name, value in fields.items():
        setattr(commission, name, value)
    return audited_save(commission, actor=actor, action="commission_save")


# ---- plan content --------------------------------------------------------------------------


def _normalise(contract, content: dict) -> dict[int, dict]:
    """``{community id: {"sub_items": set(ids), "people_served": n}}``, validated against the contract."""
    communities = set(contract.communities.values_list("pk", flat=True))
    index = sub_items_index(contract.unit.pilot_round)
    out: dict[int, dict] = {}
    errors = []
    for key, value in content.items():
        cid = int(key)
        if cid not in communities:
            errors.append(f"社区#{cid}不是本合同的服务社区。")
            continue
        ids = {int(s) for s in value.get("sub_items", [])}
        unknown = ids - set(index)
        if unknown:
            errors.append(f"未知细项:{sorted(unknown)}。")
        served = int(value.get("people_served", 0) or 0)
        if served < 0:
            errors.append("服务人数不能为负。")
        out[cid] = {"sub_items": ids & set(index), "people_served": served}
    missing = communities - set(out)
    if missing:
        names = Organization.objects.filter(pk__in=missing).order_by("code")
        errors.append(f"缺少以下社区的方案:{'、'.join(n.name for n in names)}。")
    if errors:
        raise ValidationError(errors)
    return out


def content_problems(*, contract, content: dict[int, dict]) -> list[str]:
    """Catalogue-rule failures of the content, one message per community and rule."""
    pilot_round = contract.unit.pilot_round
    rules = plan_rules(pilot_round)
    index = sub_items_index(pilot_round)
    names = dict(Organization.objects.filter(pk__in=content).values_list("pk", "name"))
    problems = []
    for cid, value in sorted(content.items()):
        result = community_checks(
            rules=rules,
            district_code=contract.unit.street.parent.code,
            sub_item_ids=value["sub_items"],
            sub_items_by_id=index,
        )
        for c in result.problems:
            problems.append(f"{names[cid]}:{c.name}不符合({c.clause},{c.detail})")
    return problems


def version_content(version: PlanVersion) -> dict[int, dict]:
    return {
        pc.community_id: {
            "sub_items": {s.pk for s in pc.sub_items.all()},
            "people_served": pc.people_served,
        }
        for pc in version.communities.prefetch_related("sub_items")
    }


def _write_version(*, plan, number, content, actor, note="", adjustment=None) -> PlanVersion:
    version = PlanVersion.objects.create(
        plan=plan, number=number, note=note, adjustment=adjustment, created_by=actor
    )
    for cid, value in content.items():
        pc = PlanCommunity.objects.create(
            version=version, community_id=cid, people_served=value["people_served"]
        )
        pc.sub_items.set(value["sub_items"])
    # The chosen sub-items decide where a rule applies (the public-welfare fund).
    contract_changed_on_commit(contract_id=plan.contract_id)
    return version


def current_version(plan: ExecutionPlan) -> PlanVersion | None:
    return plan.versions.order_by("-number").first()


@transaction.atomic
def plan_save(*, actor, contract, content: dict, note: str = "") -> PlanVersion:
    """Write the plan's first version, or replace it while no community has approved it.

    Refused when any community's choice breaks a catalogue rule. Once an approval is
    recorded, the plan changes only through an adjustment (§三(三)).
    """
    normal = _normalise(contract, content)
    problems = content_problems(contract=contract, content=normal)
    if problems:
        raise ValidationError(problems)
    plan, _ = ExecutionPlan.objects.get_or_create(contract=contract)
    version = current_version(plan)
    if version is not None:
        touched = version.communities.exclude(residents_consulted_on=None).exists()
        if touched or version.number > 1:
            raise ValidationError(
                "方案已进入审定程序,修改须提出调整申请,经街道、区和市民政局审批。"
            )
        version.delete()
    version = _write_version(plan=plan, number=1, content=normal, actor=actor, note=note)
    audit_record(actor=actor, action="plan_save", obj=plan, version=1)
    return version


@transaction.atomic
def plan_approval_record(*, actor, plan_community: PlanCommunity, step: str, on: date):
    """Residents' representatives consulted → committee approved → filed with the street (§六(二))."""
    if step not in APPROVAL_STEPS:
        raise ValidationError("未知的审定环节。")
    index = APPROVAL_STEPS.index(step)
    if index and getattr(plan_community, APPROVAL_STEPS[index - 1]) is None:
        raise ValidationError("请按顺序登记:居民代表协商 → 居(村)委会审定 → 报街道(镇)备案。")
    previous = getattr(plan_community, APPROVAL_STEPS[index - 1]) if index else None
    if previous and on < previous:
        raise ValidationError("日期不能早于上一环节。")
    setattr(plan_community, step, on)
    plan_community.save(update_fields=[step])
    audit_record(actor=actor, action="plan_approval_record", obj=plan_community, step=step)
    return plan_community


# ---- adjustments ---------------------------------------------------------------------------


def _reductions(*, contract, base: dict[int, dict], proposed: dict[int, dict]) -> list[str]:
    """Composition (items) and numbers served may not go down (§三(三))."""
    index = sub_items_index(contract.unit.pilot_round)
    names = dict(Organization.objects.filter(pk__in=base).values_list("pk", "name"))
    problems = []
    for cid, old in base.items():
        new = proposed[cid]
        old_items = {index[s].item_id for s in old["sub_items"]}
        new_items = {index[s].item_id for s in new["sub_items"]}
        dropped = old_items - new_items
        if dropped:
            codes = sorted(
                {index[s].item.code for s in old["sub_items"] if index[s].item_id in dropped}
            )
            problems.append(f"{names[cid]}:不得减少服务大项({'、'.join(codes)})。")
        if new["people_served"] < old["people_served"]:
            problems.append(
                f"{names[cid]}:不得减少服务人数({old['people_served']} → {new['people_served']})。"
            )
    return problems


def _validate_proposal(*, plan, base_version, proposal) -> dict[int, dict]:
    contract = plan.contract
    proposed = _normalise(contract, proposal)
    base = version_content(base_version)
    if proposed == base:
        raise ValidationError("调整后的内容与现行方案相同。")
    problems = _reductions(contract=contract, base=base, proposed=proposed)
    problems += content_problems(contract=contract, content=proposed)
    if problems:
        raise ValidationError(problems)
    return proposed


def _serialise(content: dict[int, dict]) -> dict:
    return {
        str(cid): {"sub_items": sorted(v["sub_items"]), "people_served": v["people_served"]}
        for cid, v in content.items()
    }


def _first_stage(actor, plan) -> tuple[str, bool]:
    """Street coordinators file with their own approval; an agency's request starts at the street."""
    if files_for_own_street(actor, plan.contract):
        return AdjustmentStage.DISTRICT, True
    return AdjustmentStage.STREET, False


def _filed(*, actor, adjustment, stage, by_street, reason) -> None:
    """The step that files (or files again) a request at its first stage."""
    AdjustmentStep.objects.create(
        adjustment=adjustment,
        stage=AdjustmentStage.STREET if by_street else stage,
        decision=StepDecision.FILE,
        reason=reason,
        actor=actor,
    )


@transaction.atomic
def adjustment_file(*, actor, plan: ExecutionPlan, reason: str, proposal: dict) -> PlanAdjustment:
    """Ask to change the plan (items or groups); it goes street → district → bureau."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写调整理由。"})
    if plan.adjustments.exclude(
        stage__in=[AdjustmentStage.APPROVED, AdjustmentStage.SENT_BACK]
    ).exists():
        raise ValidationError("本方案已有一项调整申请在审批中。")
    base = current_version(plan)
    if base is None:
        raise ValidationError("方案尚无版本。")
    proposed = _validate_proposal(plan=plan, base_version=base, proposal=proposal)
    stage, by_street = _first_stage(actor, plan)
    adjustment = PlanAdjustment.objects.create(
        plan=plan,
        base_version=base,
        reason=reason,
        proposal=_serialise(proposed),
        stage=stage,
        filed_by=actor,
    )
    _filed(actor=actor, adjustment=adjustment, stage=stage, by_street=by_street, reason=reason)
    audit_record(actor=actor, action="adjustment_file", obj=adjustment, stage=stage)
    return adjustment


@transaction.atomic
def adjustment_resubmit(
    *, actor, adjustment: PlanAdjustment, reason: str, proposal: dict
) -> PlanAdjustment:
    """A sent-back request, changed and filed again; it restarts at its first stage."""
    if adjustment.stage != AdjustmentStage.SENT_BACK:
        raise ValidationError("只有被退回的申请可以重新提交。")
    if not reason.strip():
        raise ValidationError({"reason": "请填写调整理由。"})
    plan = adjustment.plan
    base = current_version(plan)
    proposed = _validate_proposal(plan=plan, base_version=base, proposal=proposal)
    stage, by_street = _first_stage(actor, plan)
    adjustment.base_version = base
    adjustment.proposal = _serialise(proposed)
    adjustment.reason = reason
    adjustment.stage = stage
    adjustment.save(update_fields=["base_version", "proposal", "reason", "stage"])
    _filed(actor=actor, adjustment=adjustment, stage=stage, by_street=by_street, reason=reason)
    audit_record(actor=actor, action="adjustment_resubmit", obj=adjustment)
    return adjustment


@transaction.atomic
def adjustment_decide(
    *, actor, adjustment: PlanAdjustment, approve: bool, reason: str = ""
) -> PlanAdjustment:
    """Approve (to the next stage; the bureau's approval makes a new version) or send back.

    Who may decide at which stage is the gate's business (``adjustment_get_for_user_or_404``).
    """
    adjustment = PlanAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    stage = adjustment.stage
    if stage not in NEXT_STAGE:
        raise ValidationError("该申请不在审批中。")
    if not approve and not reason.strip():
        raise ValidationError({"reason": "退回时请说明理由。"})
    AdjustmentStep.objects.create(
        adjustment=adjustment,
        stage=stage,
        decision=StepDecision.APPROVE if approve else StepDecision.SEND_BACK,
        reason=reason,
        actor=actor,
    )
    if not approve:
        adjustment.stage = AdjustmentStage.SENT_BACK
        adjustment.save(update_fields=["stage"])
        audit_record(actor=actor, action="adjustment_send_back", obj=adjustment, stage=stage)
        return adjustment
    adjustment.stage = NEXT_STAGE[stage]
    adjustment.save(update_fields=["stage"])
    if adjustment.stage == AdjustmentStage.APPROVED:
        plan = adjustment.plan
        base = current_version(plan)
        if base.pk != adjustment.base_version_id:
            raise ValidationError("方案在审批期间已有新版本,请退回后重新提交。")
        # Checked again: rules or the catalogue may have changed while the request travelled.
        proposed = _validate_proposal(plan=plan, base_version=base, proposal=adjustment.proposal)
        _write_version(
            plan=plan,
            number=base.number + 1,
            content=proposed,
            actor=actor,
            note=f"调整申请#{adjustment.pk}批准",
            adjustment=adjustment,
        )
    audit_record(actor=actor, action="adjustment_approve", obj=adjustment, stage=stage)
    return adjustment
