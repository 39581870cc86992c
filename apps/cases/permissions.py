"""Access gates for clients, list imports and cases.

Clients and cases are sensitive personal information (domain §7): everybody sees only their
scope, identity numbers masked; unmasking is a separate, logged permission.
"""

from django.db.models import Q

from apps.accounts.gates import (
    CHANGE,
    VIEW,
    get_in_scope_or_404,
    guardian_granted_pks,
    require,
    scope_for,
)
from apps.accounts.models import Role
from apps.orgs.models import Organization, OrganizationKind
from apps.procurement.models import Contract

from .models import Case, Client, Household, ImportStatus, TargetListEntry, TargetListImport

UNMASK = "unmask"
REVIEW = "review"
UPLOAD_ROLES = (Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR)
REVIEW_ROLES = (Role.AGENCY_MANAGER, Role.SUPERVISOR)


def _subtree(scope):
    return Organization.objects.in_subtree_of(scope.area_ids).values("pk")


def _agency_communities(scope):
    return Contract.objects.filter(agency__in=scope.agency_ids).values("communities")


def upload_communities_for(*, user):
    """Communities a person may upload a list for: a street coordinator's street's, a
    community coordinator's own."""
    scope = scope_for(user)
    street_ids = [m.organization_id for m in scope.memberships if m.role == Role.STREET_COORDINATOR]
    community_ids = [
        m.organization_id for m in scope.memberships if m.role == Role.COMMUNITY_COORDINATOR
    ]
    return (
        Organization.objects.communities()
        .filter(Q(parent_id__in=street_ids) | Q(pk__in=community_ids))
        .select_related("parent")
        .order_by("parent__code", "code")
    )


def upload_organizations_for(*, user):
    """The organizations on whose behalf the person uploads (their street or community)."""
    scope = scope_for(user)
    return [m.organization for m in scope.memberships if m.role in UPLOAD_ROLES]


def can_upload(*, user, organization=None) -> bool:
    """May ``user`` upload target lists: at all (``organization`` None), or on behalf of
    ``organization`` (they coordinate that street or community). The one upload gate: pages
    and the import service both ask it."""
    scope = scope_for(user)
    if organization is None:
        return scope.has_role(*UPLOAD_ROLES)
    return any(
        m.role in UPLOAD_ROLES and m.organization_id == organization.pk for m in scope.memberships
    )


def _any_of(branches):
    """The ids of several branches of a scope, as one subquery (``UNION``).

    Decision: a gate's scope is the union of its branches' ids (each branch reads its own
    index: a worker's cases, an agency's contracts' cases, a street's list entries), not one
    ``WHERE a OR b OR c`` over joins, which PostgreSQL answers by reading every row of the
    table (and, through a list-entry join, every row once per listing) on each request.
    ``UNION`` rather than ``UNION ALL``: PostgreSQL flattens an ``IN (… UNION ALL …)`` into
    a nested loop over every pair of rows when the query is sorted and cut (a page, a
    to-do list); a distinct union is hashed once.
    """
    first, *rest = [b.order_by() for b in branches]
    return first.union(*rest) if rest else first


def _visible(user, qs, branches):
    """``qs`` as ``user`` may read it: nothing signed out, all for a city-wide role, else the
    rows given to the person one by one (django-guardian) and those of ``branches(scope)``
    (primary-key value querysets)."""
    scope = scope_for(user)
    if not scope.authenticated:
        return qs.none()
    if scope.city_wide:
        return qs
    granted = guardian_granted_pks(user, VIEW, qs.model)
    return qs.filter(pk__in=_any_of([granted, *branches(scope)]))


def clients_visible_to(*, user):
    """Current (not merged) clients in scope.

    City-wide: all. Area staff: clients living in or listed by their subtree. Agency staff:
    clients in the communities their agency's contracts serve, and their cases' clients.
    """

    def branches(scope):
        if scope.area_ids:
            subtree = _subtree(scope)
            yield Client.objects.filter(community__in=subtree).values("pk")
            yield TargetListEntry.objects.filter(community__in=subtree).values("client_id")
        if scope.agency_ids:
            yield Client.objects.filter(community__in=_agency_communities(scope)).values("pk")
            yield Case.objects.filter(
                contract__agency__in=scope.agency_ids, client__isnull=False
            ).values("client_id")

    return _visible(user, Client.objects.current().with_related(), branches)


def client_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Client:
    """One client in scope. ``UNMASK``: bureau staff, the agency manager/supervisor of a
    contract with a case for the client, or the worker assigned to one of its cases."""
    client = get_in_scope_or_404(clients_visible_to(user=user), pk=pk)
    if perm == UNMASK:
        require(can_unmask(user=user, client=client), "您没有查看完整身份证号的权限。")
    elif perm == CHANGE:
        require(can_edit_client(user=user, client=client))
    return client


def can_unmask(*, user, client) -> bool:
    scope = scope_for(user)
    if scope.can_administer:
        return True
    cases = Case.objects.filter(client=client)
    manager_agencies = [m.organization_id for m in scope.memberships if m.role in REVIEW_ROLES]
    if manager_agencies and cases.filter(contract__agency__in=manager_agencies).exists():
        return True
    return scope.has_role(Role.SOCIAL_WORKER) and cases.filter(assigned_worker=user).exists()


def can_edit_client(*, user, client) -> bool:
    """Consent and household: agency staff of a contract serving the client's community."""
    scope = scope_for(user)
    if not scope.agency_ids:
        return False
    return Contract.objects.filter(
        agency__in=scope.agency_ids, communities=client.community_id
    ).exists()


def can_merge(*, user) -> bool:
    return scope_for(user).can_administer


def imports_visible_to(*, user):
    """List imports: the bureau all, area staff those of their subtree."""
    scope = scope_for(user)
    qs = TargetListImport.objects.select_related("organization", "uploaded_by", "job")
    if not scope.authenticated:
        return qs.none()
    if scope.can_administer:
        return qs
    if scope.area_ids:
        return qs.filter(organization__in=_subtree(scope))
    return qs.none()


def can_confirm_import(*, user, list_import) -> bool:
    """A checked list is imported by the person who uploaded it."""
    return list_import.status == ImportStatus.VALIDATED and list_import.uploaded_by_id == user.pk


def import_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> TargetListImport:
    """One import; confirming it is for its uploader only."""
    list_import = get_in_scope_or_404(imports_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(list_import.uploaded_by_id == user.pk, "只有上传人可以确认导入。")
    return list_import


def can_download_original(*, user, list_import) -> bool:
    """An original list holds every row's full identity number: downloading it is an
    unmasked view of all of them, so it takes the reveal permission that covers any client
    (the bureau's), with a stated reason and an access-log row (see the service)."""
    return scope_for(user).can_administer


def cases_visible_to(*, user):
    """Cases in scope.

    City-wide: all (evaluators read-only, identifiers masked). Area staff: cases in their
    subtree's communities. Agency managers and supervisors: their agency's contracts'. A
    social worker: the cases assigned to them.
    """

    def branches(scope):
        if scope.area_ids:
            yield Case.objects.filter(community__in=_subtree(scope)).values("pk")
        managed = [m.organization_id for m in scope.memberships if m.role in REVIEW_ROLES]
        if managed:
            yield Case.objects.filter(contract__agency__in=managed).values("pk")
        if scope.has_role(Role.SOCIAL_WORKER):
            yield Case.objects.filter(
                assigned_worker=user, contract__agency__in=scope.agency_ids
            ).values("pk")

    return _visible(user, Case.objects.with_related(), branches)


def _manages(scope, agency_id) -> bool:
    return any(m.role in REVIEW_ROLES and m.organization_id == agency_id for m in scope.memberships)


def can_review_case(*, user, case) -> bool:
    """The case's agency's project manager or supervisor."""
    return _manages(scope_for(user), case.contract.agency_id)


def can_change_case(*, user, case) -> bool:
    """Log records, refer, close: the assigned worker (of the case's agency) and the
    agency's manager or supervisor."""
    scope = scope_for(user)
    agency_id = case.contract.agency_id
    return _manages(scope, agency_id) or (
        case.assigned_worker_id == user.pk and agency_id in scope.agency_ids
    )


def case_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Case:
    """One case in scope. ``CHANGE`` needs ``can_change_case``, ``REVIEW`` needs
    ``can_review_case`` (else 403)."""
    case = get_in_scope_or_404(cases_visible_to(user=user), pk=pk)
    if perm == CHANGE:
        require(
            can_change_case(user=user, case=case), "只有负责社工、项目主管或督导可以记录该个案。"
        )
    elif perm == REVIEW:
        require(can_review_case(user=user, case=case), "只有项目主管或督导可以审核个案。")
    return case


def can_open_cases(*, user) -> bool:
    return contracts_for_case_opening(user=user).exists()


def contracts_for_case_opening(*, user):
    """Contracts on which the person may open cases: their agency's, for agency staff."""
    scope = scope_for(user)
    if not scope.agency_ids:
        return Contract.objects.none()
    return Contract.objects.with_related().filter(agency__in=scope.agency_ids)


def streets_for_reconciliation(*, user):
    """Streets whose reconciliation the person may see."""
    scope = scope_for(user)
    streets = Organization.objects.streets().select_related("parent").order_by("code")
    if not scope.authenticated:
        return streets.none()
    if scope.city_wide:
        return streets
    q = Q(pk__in=[])
    if scope.area_ids:
        q |= Q(pk__in=_subtree(scope)) | Q(children__in=scope.area_ids)
    if scope.agency_ids:
        q |= Q(units__contracts__agency__in=scope.agency_ids)
    return streets.filter(pk__in=Organization.objects.filter(q).values("pk"))


def street_get_for_user_or_404(*, user, pk):
    street = get_in_scope_or_404(streets_for_reconciliation(user=user), pk=pk)
    require(street.kind == OrganizationKind.STREET)
    return street


def can_see_access_log(*, user) -> bool:
    return scope_for(user).can_administer


def is_area_or_bureau(*, user) -> bool:
    """Area staff and the bureau (the registry pages' wider tools)."""
    scope = scope_for(user)
    return bool(scope.area_ids) or scope.can_administer


def reconciliation_communities_for(*, user, street):
    """The street's communities the person may reconcile: a community coordinator only their
    own; everybody else who may see the street, all of them."""
    scope = scope_for(user)
    communities = Organization.objects.communities().filter(parent=street).order_by("code")
    whole_street = (
        scope.city_wide
        or bool(scope.agency_ids)
        or scope.has_role(Role.DISTRICT_STAFF, Role.STREET_COORDINATOR)
        and Organization.objects.filter(
            Q(pk=street.pk) | Q(pk=street.parent_id), pk__in=scope.area_ids
        ).exists()
    )
    if whole_street:
        return communities
    return communities.filter(pk__in=scope.area_ids)


def households_visible_to(*, user):
    """Households in scope, like clients: city-wide all; area staff those of their subtree;
    agency staff those of their contracts' communities; anyone, the households of the cases
    they see."""
    scope = scope_for(user)
    qs = Household.objects.all()
    if not scope.authenticated:
        return qs.none()
    if scope.city_wide:
        return qs
    q = Q(pk__in=cases_visible_to(user=user).filter(household__isnull=False).values("household"))
    if scope.area_ids:
        q |= Q(community__in=_subtree(scope))
    if scope.agency_ids:
        q |= Q(community__in=_agency_communities(scope))
    return qs.filter(q)
