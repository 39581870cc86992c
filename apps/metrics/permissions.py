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


def require_can_run_metrics(*, user) -> None:
    """Only the bureau starts a full run (everyone else gets 403)."""
    require(scope_for(user).can_administer, "只有市民政局可以发起全量计算。")
