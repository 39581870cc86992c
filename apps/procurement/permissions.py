"""Access gates for procurement units and contracts."""

from django.db.models import Q

from apps.accounts.gates import VIEW, get_for_perm_or_404, rows_in_scope, scope_for

from .models import Contract, ProcurementUnit


def contracts_visible_to(*, user):
    """Contracts the user may look at.

    City-wide roles: every contract of the round (evaluators read-only). District and
    street staff: contracts of their streets. Community coordinators: contracts serving
    their community. Agency staff: their agency's contracts only.
    """
    return rows_in_scope(
        user,
        Contract.objects.with_related(),
        area=lambda subtree: Q(unit__street__in=subtree) | Q(communities__in=subtree),
        agency=lambda ids: Q(agency__in=ids),
    )


def can_manage_procurement(*, user) -> bool:
    """Tenders, awards, contracts' team dates and lateness decisions are the bureau's."""
    return scope_for(user).can_administer


def _bureau_changes(visible, *, user, pk, perm):
    """One row of ``visible``; changing it (CHANGE) is the bureau's."""
    return get_for_perm_or_404(
        visible, pk=pk, perm=perm, may_change=lambda _: can_manage_procurement(user=user)
    )


def contract_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Contract:
    """One contract in scope; changing one is for the bureau (the full life comes later)."""
    return _bureau_changes(contracts_visible_to(user=user), user=user, pk=pk, perm=perm)


def units_visible_to(*, user):
    """Procurement units: their street's for area staff, their contracts' for agencies."""
    return rows_in_scope(
        user,
        ProcurementUnit.objects.with_related(),
        # A community coordinator sees the unit of the street their community belongs to.
        area=lambda subtree: Q(street__in=subtree) | Q(street__children__in=subtree),
        agency=lambda ids: Q(contracts__agency__in=ids),
    )


def unit_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> ProcurementUnit:
    return _bureau_changes(units_visible_to(user=user), user=user, pk=pk, perm=perm)


def tenders_visible_to(*, user):
    """Tenders of the units in scope."""
    from .models import Tender

    return Tender.objects.with_related().filter(unit__in=units_visible_to(user=user).values("pk"))


def tender_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    """One tender of a unit in scope; bids and awards (CHANGE) are the bureau's."""
    return _bureau_changes(tenders_visible_to(user=user), user=user, pk=pk, perm=perm)


def evaluator_contracts_visible_to(*, user):
    """The evaluator's contract: city-wide roles only (the bureau and evaluators)."""
    from .models import EvaluatorContract

    qs = EvaluatorContract.objects.select_related("evaluator", "pilot_round", "budget_line")
    if not scope_for(user).city_wide:
        return qs.none()
    return qs


def evaluator_contract_get_for_user_or_404(*, user, pk, perm: str = VIEW):
    return _bureau_changes(evaluator_contracts_visible_to(user=user), user=user, pk=pk, perm=perm)
