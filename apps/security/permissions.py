"""Gates for the bureau's security pages: the audit trail and login locks."""

from apps.accounts.gates import require, scope_for


def can_read_audit(*, user) -> bool:
    """The bureau reads the whole audit trail (who saw what, denied access, downloads)."""
    return scope_for(user).can_administer


def require_can_read_audit(*, user) -> None:
    require(can_read_audit(user=user), "只有市民政局工作人员可以查看操作审计。")


def require_can_release_locks(*, user) -> None:
    require(scope_for(user).can_administer, "只有市民政局工作人员可以解除登录锁定。")
