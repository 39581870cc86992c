"""Access gates for community-work records (this app's; the scope rule itself is shared with
apps.volunteers through apps.records).

Seeing: the record's contract must be visible (``contracts_visible_to``), and then
agency staff see their agency's records, area staff the records of their subtree (a
community's records; street-level ones for street and district staff), city-wide roles all.
Writing: the contract's agency staff record the agency's work; community coordinators record
their community's weekly meetings, street coordinators their street's monthly meetings.
Everybody else who can see is refused with 403 (evaluators are read-only).
"""

from django.http import Http404

from apps.accounts.gates import VIEW, get_in_scope_or_404, require, scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to
from apps.records.kinds import kind_for_model, kind_for_slug
from apps.records.permissions import (  # noqa: F401 (the shared rules, re-exported here)
    WRITE_MESSAGE,
    can_write_for_contract,
    contract_for_writing_or_404,
    scoped_records,
)

from .models import Attachment, Meeting, MeetingKind, QuarterlyReport

WRITE = "write"


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
    attachment = get_in_scope_or_404(Attachment.objects.select_related("content_type"), pk=pk)
    kind = kind_for_model(attachment.content_type.model_class())
    if kind is None:
        raise Http404
    kind.get_for_user_or_404(user=user, pk=attachment.object_id)
    return attachment


def record_kind_or_404(slug: str, *, exclude=()):
    """The registered record kind ``slug`` (404 for an unknown one or one in ``exclude``)."""
    kind = kind_for_slug(slug)
    if kind is None or slug in exclude:
        raise Http404
    return kind


def _sees_area(*, user, contract, organization_id) -> bool:
    scope = scope_for(user)
    if _sees_whole_contract(scope, contract):
        return True
    if not scope.area_ids:
        return False
    return Organization.objects.in_subtree_of(scope.area_ids).filter(pk=organization_id).exists()


def community_page_get_or_404(*, user, contract_pk, community_pk):
    """A contract in scope and one of its communities the user may look at."""
    contract = contract_get_for_user_or_404(user=user, pk=contract_pk)
    community = get_in_scope_or_404(contract.communities.all(), pk=community_pk)
    if not _sees_area(user=user, contract=contract, organization_id=community.pk):
        raise Http404
    return contract, community


def street_page_get_or_404(*, user, contract_pk):
    """The street-level page of a contract: not for a single community's coordinator."""
    contract = contract_get_for_user_or_404(user=user, pk=contract_pk)
    if not _sees_area(user=user, contract=contract, organization_id=contract.unit.street_id):
        raise Http404
    return contract


def _sees_whole_contract(scope, contract) -> bool:
    return scope.city_wide or contract.agency_id in scope.agency_ids


def visible_community_ids(*, user, contract) -> set[int]:
    """The contract's communities whose pages the user may open."""
    ids = {c.pk for c in contract.communities.all()}
    scope = scope_for(user)
    if _sees_whole_contract(scope, contract):
        return ids
    if not scope.area_ids:
        return set()
    return set(
        Organization.objects.in_subtree_of(scope.area_ids)
        .filter(pk__in=ids)
        .values_list("pk", flat=True)
    )


def community_pages_for(*, user) -> list[dict]:
    """Per contract in scope: the communities the user may open and whether the street-level
    page is theirs (a community coordinator: their community only, no street page). Contracts
    with neither are left out."""
    scope = scope_for(user)
    area = set()
    if scope.area_ids:
        area = set(Organization.objects.in_subtree_of(scope.area_ids).values_list("pk", flat=True))
    rows = []
    for contract in contracts_visible_to(user=user).order_by("unit_id", "pk"):
        full = _sees_whole_contract(scope, contract)
        communities = [c for c in contract.communities.all() if full or c.pk in area]
        street = full or contract.unit.street_id in area
        if communities or street:
            rows.append({"contract": contract, "communities": communities, "street": street})
    return rows
