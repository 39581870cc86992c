"""Gates of the portal's own pages (home, overviews): which memberships a home shows."""

from apps.accounts.gates import scope_for


def home_memberships(*, user) -> tuple:
    """The active role memberships whose sections the person's home shows (none when anonymous)."""
    return scope_for(user).memberships


def can_open_admin(*, user) -> bool:
    """Bureau staff with staff status see the admin link (it configures round data)."""
    return bool(user.is_authenticated and user.is_staff and scope_for(user).can_administer)
