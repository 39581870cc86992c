"""The one scope rule of community-work records (apps.community and apps.volunteers).

Seeing: the record's contract must be visible (``contracts_visible_to``), and then agency staff
see their agency's records, area staff the records of their subtree (a community's records;
street-level ones for street and district staff), city-wide roles all. Writing: the contract's agency staff.
"""

from django.db.models import Q

from apps.accounts.gates import get_in_scope_or_404, require, scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to

WRITE_MESSAGE = "只有本合同承接机构的工作人员可以录入该记录。"


def scoped_records(*, user, queryset, contract_path="contract", place_path="community"):
    """Filter ``queryset`` (any model reaching a contract and a place) to the user's scope.

    ``place_path`` is the community (null = street level) or the organisation a record
    belongs to; ``None`` for records that belong to the contract's street as a whole.
    """
    scope = scope_for(user)
    if not scope.authenticated:
        return queryset.none()
    visible = contracts_visible_to(user=user).values("pk")
    qs = queryset.filter(**{f"{contract_path}__in": visible})
    if scope.city_wide:
        return qs
    q = Q(**{f"{contract_path}__agency__in": scope.agency_ids})
    if scope.area_ids:
        subtree = Organization.objects.in_subtree_of(scope.area_ids).values("pk")
        street = Q(**{f"{contract_path}__unit__street__in": subtree})
        if place_path is None:
            q |= street
        elif place_path.endswith("community"):
            q |= Q(**{f"{place_path}__in": subtree})
            q |= Q(**{f"{place_path}__isnull": True}) & street
        else:
            q |= Q(**{f"{place_path}__in": subtree})
    return qs.filter(q)


def record_in_scope_or_404(*, user, kind, pk):
    """One record of ``kind`` (a ``RecordKind``) in the user's scope, else 404."""
    return get_in_scope_or_404(kind.visible_to(user=user), pk=pk)


def can_write_for_contract(*, user, contract) -> bool:
    """Agency staff (manager, supervisor, social worker) of the contract's agency."""
    scope = scope_for(user)
    return any(
        m.organization_id == contract.agency_id
        and m.role in (Role.AGENCY_MANAGER, Role.SUPERVISOR, Role.SOCIAL_WORKER)
        for m in scope.memberships
    )


def contract_for_writing_or_404(*, user, pk):
    """A contract in scope whose agency the user works for (404 outside, 403 otherwise)."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    require(can_write_for_contract(user=user, contract=contract), WRITE_MESSAGE)
    return contract


def contracts_for_writing(*, user):
    """The contracts in scope whose agency the person works for (they may record on them)."""
    scope = scope_for(user)
    agencies = [
        m.organization_id
        for m in scope.memberships
        if m.role in (Role.AGENCY_MANAGER, Role.SUPERVISOR, Role.SOCIAL_WORKER)
    ]
    if not agencies:
        return contracts_visible_to(user=user).none()
    return (
        contracts_visible_to(user=user)
        .filter(agency__in=agencies)
        .select_related("unit__street", "agency")
        .order_by("number")
    )


def contract_choice_label(contract) -> str:
    """How a contract is named in a picker: its number and street."""
    return f"{contract.number} · {contract.unit.street.name}"


def is_agency_staff(*, user) -> bool:
    """Whether the person records for an agency at all (read from the cached scope, no query):
    the pages offer bulk entry on that; the bulk pages then check the contracts themselves."""
    return any(
        m.role in (Role.AGENCY_MANAGER, Role.SUPERVISOR, Role.SOCIAL_WORKER)
        for m in scope_for(user).memberships
    )
