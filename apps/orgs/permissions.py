"""Access gate for organizations (bureau, districts, streets, communities, agencies)."""

from django.db.models import Q

from apps.accounts.gates import VIEW, get_for_perm_or_404, rows_in_scope, scope_for

from .models import Organization


def organizations_visible_to(*, user):
    """Organizations the user may look at.

    City-wide roles: all. District/street/community staff: their subtree and the agencies
    serving it. Agency staff: their agency and the streets/communities of its contracts.
    """

    def area(subtree):
        return (
            Q(pk__in=subtree)
            | Q(contracts__communities__in=subtree)
            | Q(contracts__unit__street__in=subtree)
        )

    def agency(ids):
        return (
            Q(pk__in=ids)
            | Q(served_by_contracts__agency__in=ids)
            | Q(units__contracts__agency__in=ids)
        )

    return rows_in_scope(
        user, Organization.objects.select_related("parent"), area=area, agency=agency
    )


def organization_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Organization:
    """One organization in the user's scope; 404 outside it, 403 if in scope but not allowed."""
    return get_for_perm_or_404(
        organizations_visible_to(user=user),
        pk=pk,
        perm=perm,
        may_change=lambda _: scope_for(user).can_administer,
    )
