"""Access gate for organizations (bureau, districts, streets, communities, agencies)."""

from django.db.models import Q

from apps.accounts.gates import (
    CHANGE,
    VIEW,
    get_in_scope_or_404,
    guardian_granted,
    require,
    scope_for,
)

from .models import Organization


def organizations_visible_to(*, user):
    """Organizations the user may look at.

    City-wide roles: all. District/street/community staff: their subtree and the agencies
    serving it. Agency staff: their agency and the streets/communities of its contracts.
    """
    scope = scope_for(user)
    qs = Organization.objects.select_related("parent")
    if not scope.authenticated:
        return qs.none()
    if scope.city_wide:
        return qs.all()
    q = Q(pk__in=[])
    if scope.area_ids:
        subtree = Organization.objects.in_subtree_of(scope.area_ids).values("pk")
        q |= Q(pk__in=subtree)
        q |= Q(contracts__communities__in=subtree) | Q(contracts__unit__street__in=subtree)
    if scope.agency_ids:
        q |= Q(pk__in=scope.agency_ids)
        q |= Q(served_by_contracts__agency__in=scope.agency_ids)
        q |= Q(units__contracts__agency__in=scope.agency_ids)
    q |= Q(pk__in=guardian_granted(user, VIEW, Organization).values("pk"))
    return qs.filter(q).distinct()


def organization_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Organization:
    """One organization in the user's scope; 404 outside it, 403 if in scope but not allowed."""
    org = get_in_scope_or_404(organizations_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(scope_for(user).can_administer)
    return org
