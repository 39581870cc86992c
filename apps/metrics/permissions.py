"""Access gates for snapshots and runs."""

from apps.accounts.gates import get_in_scope_or_404, require, scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.permissions import contracts_visible_to

from .models import Snapshot


def snapshots_visible_to(*, user):
    """Snapshots of contracts the user sees.

    A person whose only area role is a community coordinator sees the street-level indicators
    of the contract serving them and the community-level ones of their own community only.
    """
    scope = scope_for(user)
    qs = Snapshot.objects.with_related()
    if not scope.authenticated:
        return qs.none()
    qs = qs.filter(contract__in=contracts_visible_to(user=user).values("pk"))
    if scope.city_wide or scope.agency_ids:
        return qs
    wider = {Role.DISTRICT_STAFF, Role.STREET_COORDINATOR}
    if not scope.has_role(*wider):
        own = Organization.objects.in_subtree_of(scope.area_ids).values("pk")
        qs = qs.filter(community__isnull=True) | qs.filter(community__in=own)
    return qs


def snapshot_get_for_user_or_404(*, user, pk) -> Snapshot:
    return get_in_scope_or_404(snapshots_visible_to(user=user), pk=pk)


def can_run_metrics(*, user) -> bool:
    """Only the bureau starts a full run."""
    return scope_for(user).can_administer


def require_can_run_metrics(*, user) -> None:
    """Only the bureau starts a full run (everyone else gets 403)."""
    require(can_run_metrics(user=user), "只有市民政局可以发起全量计算。")


def sees_whole_round(*, user) -> bool:
    """City-wide people (bureau, evaluators) see every unit and the round's budget figures."""
    return scope_for(user).city_wide


def unsigned_units_area(*, user):
    """Organizations whose units still without a contract the person's dashboard lists.

    District staff and street coordinators see their area's unsigned units; others (beyond
    the city-wide, who see all) see only units of contracts they see: ``None``.
    """
    scope = scope_for(user)
    if not scope.has_role(Role.DISTRICT_STAFF, Role.STREET_COORDINATOR):
        return None
    return Organization.objects.in_subtree_of(scope.area_ids).values("pk")


def sees_only_own_worker_row(*, user) -> bool:
    """A social worker (and no more than that) sees their own counts only (§7: agency
    staff see, within their contracts, their own assignments)."""
    scope = scope_for(user)
    return (
        scope.has_role(Role.SOCIAL_WORKER)
        and not scope.has_role(Role.AGENCY_MANAGER, Role.SUPERVISOR)
        and not scope.city_wide
        and not scope.area_ids
    )
