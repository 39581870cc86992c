"""Access gates for community-work records (this app's and apps.volunteers').

Seeing: the record's contract must be visible (``contracts_visible_to``), and then
agency staff see their agency's records, area staff the records of their subtree (a
community's records; street-level ones for street and district staff), city-wide roles all.
Writing: the contract's agency staff record the agency's work; community coordinators record
their community's weekly meetings, street coordinators their street's monthly meetings.
Everybody else who can see is refused with 403 (evaluators are read-only).
"""

from django.db.models import Q

from apps.accounts.gates import VIEW, get_in_scope_or_404, require, scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to

from .models import Attachment, Meeting, MeetingKind, QuarterlyReport

WRITE = "write"
WRITE_MESSAGE = "只有本合同承接机构的工作人员可以录入该记录。"


def _area_subtree(scope):
    return Organization.objects.in_subtree_of(scope.area_ids).values("pk")


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
        subtree = _area_subtree(scope)
        street = Q(**{f"{contract_path}__unit__street__in": subtree})
        if place_path is None:
            q |= street
        elif place_path.endswith("community"):
            q |= Q(**{f"{place_path}__in": subtree})
            q |= Q(**{f"{place_path}__isnull": True}) & street
        else:
            q |= Q(**{f"{place_path}__in": subtree})
    return qs.filter(q)


def can_write_for_contract(*, user, contract) -> bool:
    """Agency staff (manager, supervisor, social worker) of the contract's agency."""
    scope = scope_for(user)
    return any(
        m.organization_id == contract.agency_id
        and m.role in (Role.AGENCY_MANAGER, Role.SUPERVISOR, Role.SOCIAL_WORKER)
        for m in scope.memberships
    )


def can_record_meeting(*, user, kind, organization) -> bool:
    """Community coordinators hold the weekly meeting, street coordinators the monthly one."""
    role = Role.COMMUNITY_COORDINATOR if kind == MeetingKind.WEEKLY else Role.STREET_COORDINATOR
    return any(
        m.role == role and m.organization_id == organization.pk for m in scope_for(user).memberships
    )


def meeting_places_for(*, user, contract, kind):
    """Where the user may hold a meeting of ``kind`` under ``contract``."""
    role = Role.COMMUNITY_COORDINATOR if kind == MeetingKind.WEEKLY else Role.STREET_COORDINATOR
    own = [m.organization_id for m in scope_for(user).memberships if m.role == role]
    if kind == MeetingKind.WEEKLY:
        return contract.communities.filter(pk__in=own)
    return Organization.objects.filter(pk__in=own, pk=contract.unit.street_id)


def contract_for_writing_or_404(*, user, pk):
    """A contract in scope whose agency the user works for (404 outside, 403 otherwise)."""
    contract = contract_get_for_user_or_404(user=user, pk=pk)
    require(can_write_for_contract(user=user, contract=contract), WRITE_MESSAGE)
    return contract


def record_get_for_user_or_404(*, user, queryset, pk, perm=VIEW, **paths):
    """One record in scope; ``perm=WRITE`` also needs the contract's agency (else 403)."""
    record = get_in_scope_or_404(scoped_records(user=user, queryset=queryset, **paths), pk=pk)
    if perm == WRITE:
        require(can_write_for_contract(user=user, contract=record.contract), WRITE_MESSAGE)
    return record


def meetings_visible_to(*, user):
    return scoped_records(
        user=user,
        queryset=Meeting.objects.select_related("organization", "contract", "project_year"),
        place_path="organization",
    )


def quarterly_reports_visible_to(*, user):
    return scoped_records(
        user=user,
        queryset=QuarterlyReport.objects.select_related("contract"),
        place_path=None,
    )


def can_upload_to(*, user, record) -> bool:
    if isinstance(record, Meeting):
        return can_record_meeting(user=user, kind=record.kind, organization=record.organization)
    contract = getattr(record, "contract", None) or record.team.contract
    return can_write_for_contract(user=user, contract=contract)


def attachment_get_for_user_or_404(*, user, pk) -> Attachment:
    """An attachment is visible when the record it belongs to is."""
    from .records import KINDS_BY_MODEL

    attachment = get_in_scope_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    model = attachment.content_type.model_class()
    kind = KINDS_BY_MODEL.get(model)
    if kind is None:
        raise_404()
    kind.get_for_user_or_404(user=user, pk=attachment.object_id)
    return attachment


def raise_404():
    from django.http import Http404

    raise Http404


def _sees_area(*, user, contract, organization_id) -> bool:
    scope = scope_for(user)
    if scope.city_wide or contract.agency_id in scope.agency_ids:
        return True
    if not scope.area_ids:
        return False
    return Organization.objects.in_subtree_of(scope.area_ids).filter(pk=organization_id).exists()


def community_page_get_or_404(*, user, contract_pk, community_pk):
    """A contract in scope and one of its communities the user may look at."""
    contract = contract_get_for_user_or_404(user=user, pk=contract_pk)
    community = get_in_scope_or_404(contract.communities.all(), pk=community_pk)
    if not _sees_area(user=user, contract=contract, organization_id=community.pk):
        raise_404()
    return contract, community


def street_page_get_or_404(*, user, contract_pk):
    """The street-level page of a contract: not for a single community's coordinator."""
    contract = contract_get_for_user_or_404(user=user, pk=contract_pk)
    if not _sees_area(user=user, contract=contract, organization_id=contract.unit.street_id):
        raise_404()
    return contract


def visible_community_ids(*, user, contract) -> set[int]:
    ids = {c.pk for c in contract.communities.all()}
    scope = scope_for(user)
    if scope.city_wide or contract.agency_id in scope.agency_ids:
        return ids
    if not scope.area_ids:
        return set()
    return set(
        Organization.objects.in_subtree_of(scope.area_ids)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )
