"""Access gates for commissions, execution plans and adjustments."""

from apps.accounts.gates import (
    CHANGE,
    VIEW,
    get_in_scope_or_404,
    require,
    scope_for,
)
from apps.accounts.models import Role
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to

from .models import AdjustmentStage, ExecutionPlan, PlanAdjustment, PlanCommunity, ServiceCommission

FILE = "file"  # file an adjustment
DECIDE = "decide"  # approve or send back at the adjustment's current stage
APPROVE_PLAN = "approve_plan"  # record residents'/committee approval and filing


def _holds(scope, role, org_id) -> bool:
    return any(m.role == role and m.organization_id == org_id for m in scope.memberships)


def can_write_plan(user, contract) -> bool:
    """The agency's project manager writes the plan; the bureau may too."""
    scope = scope_for(user)
    return scope.can_administer or _holds(scope, Role.AGENCY_MANAGER, contract.agency_id)


def can_file_adjustment(user, contract) -> bool:
    scope = scope_for(user)
    return _holds(scope, Role.AGENCY_MANAGER, contract.agency_id) or _holds(
        scope, Role.STREET_COORDINATOR, contract.unit.street_id
    )


def files_for_own_street(user, contract) -> bool:
    """A street's coordinator filing for their own street approves it in the same act."""
    scope = scope_for(user)
    return scope.has_role(Role.STREET_COORDINATOR) and contract.unit.street_id in scope.area_ids


def can_record_approval(user, plan_community) -> bool:
    """The community's coordinator, the street's coordinator, or the bureau."""
    scope = scope_for(user)
    contract = plan_community.version.plan.contract
    return (
        scope.can_administer
        or _holds(scope, Role.COMMUNITY_COORDINATOR, plan_community.community_id)
        or _holds(scope, Role.STREET_COORDINATOR, contract.unit.street_id)
    )


def can_decide(user, adjustment) -> bool:
    """Street coordinator at the street stage, district staff at the district's, bureau last."""
    scope = scope_for(user)
    street = adjustment.plan.contract.unit.street
    if adjustment.stage == AdjustmentStage.STREET:
        return _holds(scope, Role.STREET_COORDINATOR, street.pk)
    if adjustment.stage == AdjustmentStage.DISTRICT:
        return _holds(scope, Role.DISTRICT_STAFF, street.parent_id)
    if adjustment.stage == AdjustmentStage.BUREAU:
        return scope.can_administer
    return False


def plans_visible_to(*, user):
    return ExecutionPlan.objects.select_related(
        "contract",
        "contract__agency",
        "contract__unit",
        "contract__unit__street",
        "contract__unit__street__parent",
    ).filter(contract__in=contracts_visible_to(user=user).values("pk"))


def plan_contract_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    """The contract whose plan is read or written (the plan may not exist yet)."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    if perm == CHANGE:
        require(can_write_plan(user, contract))
    elif perm == FILE:
        require(can_file_adjustment(user, contract))
    return contract


def plan_community_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> PlanCommunity:
    visible = PlanCommunity.objects.select_related(
        "version__plan__contract__unit__street", "community"
    ).filter(version__plan__in=plans_visible_to(user=user).values("pk"))
    pc = get_in_scope_or_404(visible, pk=pk)
    if perm == APPROVE_PLAN:
        require(can_record_approval(user, pc))
    return pc


def adjustments_visible_to(*, user):
    return PlanAdjustment.objects.select_related(
        "plan__contract__unit__street__parent", "plan__contract__agency", "filed_by"
    ).filter(plan__in=plans_visible_to(user=user).values("pk"))


def adjustment_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> PlanAdjustment:
    adjustment = get_in_scope_or_404(adjustments_visible_to(user=user), pk=pk)
    if perm == DECIDE:
        require(can_decide(user, adjustment), "当前环节不由您审批。")
    elif perm == FILE:
        require(can_file_adjustment(user, adjustment.plan.contract))
    return adjustment


def commissions_visible_to(*, user):
    return ServiceCommission.objects.select_related("contract", "organization").filter(
        contract__in=contracts_visible_to(user=user).values("pk")
    )
