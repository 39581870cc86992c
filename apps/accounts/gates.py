"""The access gates' common helpers: a user's scope, worked out from role memberships.

Each app's ``permissions.py`` builds its object gates on these (``*_visible_to`` and
``*_get_for_user_or_404``). This module and those gates are the only callers of
django-guardian: object-level grants add single objects to a person's scope (say, an
outside expert given one contract); they never replace the role rules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import AGENCY_ROLES, AREA_ROLES, CITY_WIDE_ROLES, Role, RoleMembership

VIEW = "view"
CHANGE = "change"


@dataclass(frozen=True)
class Scope:
    """What a user's active memberships open to them."""

    authenticated: bool
    roles: frozenset
    city_wide: bool  # bureau staff and evaluators see the whole round
    can_administer: bool  # bureau staff (and superusers) configure the round
    area_ids: frozenset  # districts/streets/communities whose subtree is visible
    agency_ids: frozenset  # agencies whose contracts are visible
    memberships: tuple

    def has_role(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))


_EMPTY = Scope(False, frozenset(), False, False, frozenset(), frozenset(), ())


def scope_for(user) -> Scope:
    """The user's scope, computed once per request (cached on the user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return _EMPTY
    cached = getattr(user, "_portal_scope", None)
    if cached is not None:
        return cached
    memberships = tuple(
        RoleMembership.objects.active()
        .filter(user=user)
        .select_related("organization", "organization__parent")
        .order_by("role", "organization__code")
    )
    roles = frozenset(Role(m.role) for m in memberships)
    scope = Scope(
        authenticated=True,
        roles=roles,
        city_wide=user.is_superuser or bool(roles & CITY_WIDE_ROLES),
        can_administer=user.is_superuser or Role.BUREAU_STAFF in roles,
        area_ids=frozenset(m.organization_id for m in memberships if m.role in AREA_ROLES),
        agency_ids=frozenset(m.organization_id for m in memberships if m.role in AGENCY_ROLES),
        memberships=memberships,
    )
    user._portal_scope = scope
    return scope


def guardian_granted(user, perm: str, model):
    """Objects of ``model`` granted to ``user`` one by one through django-guardian.

    A model-level permission (from a group, say) never opens every object (see field notes):
    only object grants count, the user's own and their groups'. Superusers: every object
    (as guardian's ``get_objects_for_user``).
    """
    if not user.is_authenticated:
        return model.objects.none()
    if user.is_superuser:
        return model.objects.all()
    return model.objects.filter(pk__in=guardian_granted_pks(user, perm, model))


def guardian_granted_pks(user, perm: str, model):
    """The primary keys of the objects of ``model`` granted to ``user`` one by one (their
    own grants and their groups'), as a subquery for ``pk__in`` or a gate's union.

    Decision: read from guardian's two tables alone, each grant's ``object_pk`` cast to an
    integer (every gated model has integer keys; the cast applies to the grant rows of this
    model only). Guardian's own ``get_objects_for_user`` compares the other way round, each
    row's key cast to text, which makes PostgreSQL read the whole gated table (every case,
    every client) on each request just to find the few objects granted.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import BigIntegerField
    from django.db.models.functions import Cast
    from guardian.models import GroupObjectPermission, UserObjectPermission

    if not user.is_authenticated:
        return model.objects.none().values("pk")
    if user.is_superuser:
        return model.objects.order_by().values("pk")
    grant = {
        "content_type": ContentType.objects.get_for_model(model),
        "permission__codename": f"{perm}_{model._meta.model_name}",
    }
    as_pk = Cast("object_pk", BigIntegerField())
    own = UserObjectPermission.objects.filter(user=user, **grant).order_by().values(obj=as_pk)
    grouped = (
        GroupObjectPermission.objects.filter(group__user=user, **grant).order_by().values(obj=as_pk)
    )
    return own.union(grouped, all=True)


def get_in_scope_or_404(queryset, *, pk):
    """Fetch ``pk`` from an already scoped queryset; outside scope is indistinguishable from absent."""
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(condition: bool, message: str = "您没有执行此操作的权限。") -> None:
    """In scope but not allowed → 403."""
    if not condition:
        raise PermissionDenied(message)


def rows_in_scope(
    user,
    queryset,
    *,
    area: Callable[[object], Q] | None = None,
    agency: Callable[[frozenset], Q] | None = None,
    granted: bool = True,
):
    """The rows of ``queryset`` in the user's scope, by the one rule most gates share.

    Nobody signed in: none. City-wide roles: all. Otherwise the union of ``area(subtree)``
    for area staff (the subtree of their districts/streets/communities, as a values
    queryset), ``agency(agency_ids)`` for agency staff and, unless ``granted`` is off for a
    model that has no grants, the rows given to the person one by one (django-guardian).
    The union is applied as a primary-key subquery: joins over many-valued relations never
    repeat a row, and the caller's ``select_related`` and ordering stay as they are.
    """
    scope = scope_for(user)
    if not scope.authenticated:
        return queryset.none()
    if scope.city_wide:
        return queryset.all()
    model = queryset.model
    q = Q(pk__in=[])
    if scope.area_ids and area is not None:
        # The organisation model as the memberships know it (accounts stays below orgs'
        # gates: orgs imports this module, so this module does not import orgs).
        organization = RoleMembership.organization.field.related_model
        q |= area(organization.objects.in_subtree_of(scope.area_ids).values("pk"))
    if scope.agency_ids and agency is not None:
        q |= agency(scope.agency_ids)
    if granted:
        q |= Q(pk__in=guardian_granted(user, VIEW, model).values("pk"))
    return queryset.filter(pk__in=model.objects.filter(q).values("pk"))


def get_for_perm_or_404(queryset, *, pk, perm: str, may_change: Callable[[object], bool]):
    """``get_in_scope_or_404``, then for CHANGE ``may_change(obj)`` or 403.

    The gate of an object whose only guarded action is changing it (reading follows the
    scope alone).
    """
    obj = get_in_scope_or_404(queryset, pk=pk)
    if perm == CHANGE:
        require(may_change(obj))
    return obj
