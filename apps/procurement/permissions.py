"""Access gates for procurement units and contracts."""

from django.db.models import Q

from apps.accounts.gates import (
    CHANGE,
    VIEW,
    get_in_scope_or_404,
    guardian_granted,
    require,
    scope_for,
)
from apps.orgs.models import Organization

from .models import Contract, ProcurementUnit


def _in_scope(user, model, *, area, agency):
    """Rows of ``model`` in the user's scope.

    City-wide roles: all. Area staff: ``area(subtree)``; agency staff: ``agency(agency_ids)``;
    anybody: the rows granted to them one by one.
    """
    scope = scope_for(user)
    qs = model.objects.with_related()
    if not scope.authenticated:
        return qs.none()
    if scope.city_wide:
        return qs.all()
    q = Q(pk__in=[])
    if scope.area_ids:
        q |= area(Organization.objects.in_subtree_of(scope.area_ids).values("pk"))
    if scope.agency_ids:
        q |= agency(scope.agency_ids)
    q |= Q(pk__in=guardian_granted(user, VIEW, model).values("pk"))
    return qs.filter(pk__in=model.objects.filter(q).values("pk"))


def contracts_visible_to(*, user):
    """Contracts the user may look at.

    City-wide roles: every contract of the round (evaluators read-only). District and
    street staff: contracts of their streets. Community coordinators: contracts serving
    their community. Agency staff: their agency's contracts only.
    """
    return _in_scope(
        user,
        Contract,
        area=lambda subtree: Q(unit__street__in=subtree) | Q(communities__in=subtree),
        agency=lambda ids: Q(agency__in=ids),
    )


def can_manage_procurement(*, user) -> bool:
    """Tenders, awards, contracts' team dates and lateness decisions are the bureau's."""
    return scope_for(user).can_administer


def contract_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Contract:
    """One contract in scope; changing one is for the bureau (the full life comes later)."""
    contract = get_in_scope_or_404(contracts_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(can_manage_procurement(user=user))
    return contract


def units_visible_to(*, user):
    """Procurement units: their street's for area staff, their contracts' for agencies."""
    return _in_scope(
        user,
        ProcurementUnit,
        # A community coordinator sees the unit of the street their community belongs to.
        area=lambda subtree: Q(street__in=subtree) | Q(street__children__in=subtree),
        agency=lambda ids: Q(contracts__agency__in=ids),
    )


def unit_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> ProcurementUnit:
    unit = get_in_scope_or_404(units_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(can_manage_procurement(user=user))
    return unit


def tenders_visible_to(*, user):
    """Tenders of the units in scope."""
    from .models import Tender

    return Tender.objects.with_related().filter(unit__in=units_visible_to(user=user).values("pk"))


def tender_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    """One tender of a unit in scope; bids and awards (CHANGE) are the bureau's."""
    tender = get_in_scope_or_404(tenders_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(can_manage_procurement(user=user))
    return tender


def evaluator_contracts_visible_to(*, user):
    """The evaluator's contract: city-wide roles only (the bureau and evaluators)."""
    from .models import EvaluatorContract

    qs = EvaluatorContract.objects.select_related("evaluator", "pilot_round", "budget_line")
    if not scope_for(user).city_wide:
        return qs.none()
    return qs


def evaluator_contract_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    contract = get_in_scope_or_404(evaluator_contracts_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(can_manage_procurement(user=user))
    return contract
