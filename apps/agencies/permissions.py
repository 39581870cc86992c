"""Access gates for agencies' and evaluators' records, staff and teams."""

from django.db.models import Q

from apps.accounts.gates import (
    CHANGE,
    VIEW,
    get_for_perm_or_404,
    get_in_scope_or_404,
    guardian_granted,
    require,
    scope_for,
)
from apps.accounts.models import Role
from apps.orgs.models import Organization, OrganizationKind
from apps.procurement.permissions import contracts_visible_to

from .models import Person, Team, TeamChangeRequest, TeamKind

REQUEST = "request"  # an evaluator's written request to change its own team


def staff_organizations_visible_to(*, user):
    """Agencies and evaluators the user may look at.

    City-wide roles: all. Agency staff: their own agency. District/street/community staff:
    the agencies holding contracts in their area. Evaluators as organisations: city-wide only.
    """
    scope = scope_for(user)
    qs = Organization.objects.filter(kind__in=[OrganizationKind.AGENCY, OrganizationKind.EVALUATOR])
    if not scope.authenticated:
        return qs.none()
    if scope.city_wide:
        return qs
    agency_ids = set(scope.agency_ids) | set(
        contracts_visible_to(user=user).values_list("agency_id", flat=True)
    )
    q = Q(pk__in=agency_ids) | Q(pk__in=guardian_granted(user, VIEW, Organization).values("pk"))
    return qs.filter(q)


def _can_manage_org(scope, org) -> bool:
    if scope.can_administer:
        return True
    if org.kind == OrganizationKind.AGENCY:
        return any(
            m.role == Role.AGENCY_MANAGER and m.organization_id == org.pk for m in scope.memberships
        )
    return False


def staff_organization_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Organization:
    """One agency/evaluator; changing its record is for its project manager or the bureau."""
    return get_for_perm_or_404(
        staff_organizations_visible_to(user=user),
        pk=pk,
        perm=perm,
        may_change=lambda org: _can_manage_org(scope_for(user), org),
    )


def persons_visible_to(*, user):
    """Staff of the organisations in scope (their team memberships follow the teams' gate)."""
    return Person.objects.with_related().filter(
        organization__in=staff_organizations_visible_to(user=user)
    )


def teams_visible_to(*, user):
    """Service teams of visible contracts; evaluation teams for city-wide roles only."""
    qs = Team.objects.with_related()
    if scope_for(user).city_wide:
        return qs
    # Nobody signed in sees no contract, hence no team.
    return qs.filter(
        kind=TeamKind.SERVICE, contract__in=contracts_visible_to(user=user).values("pk")
    )


def team_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> Team:
    """CHANGE: the agency's project manager (service team) or the bureau.

    REQUEST: staff of the evaluator holding the evaluation team's contract.
    """
    team = get_in_scope_or_404(teams_visible_to(user=user), pk=pk)
    scope = scope_for(user)
    if perm == CHANGE:
        allowed = scope.can_administer or (
            team.kind == TeamKind.SERVICE and _can_manage_org(scope, team.contract.agency)
        )
        require(allowed)
    elif perm == REQUEST:
        require(
            team.kind == TeamKind.EVALUATION
            and any(
                m.role == Role.EVALUATOR and m.organization_id == team.owner.pk
                for m in scope.memberships
            )
        )
    return team


def can_decide_team_changes(*, user) -> bool:
    """Deciding an evaluator's team change request is the bureau's."""
    return scope_for(user).can_administer


def change_request_get_for_user_or_404(*, user, pk, perm: str = VIEW) -> TeamChangeRequest:
    """Deciding an evaluator team change is the bureau's."""
    visible = TeamChangeRequest.objects.select_related("team", "person").filter(
        team__in=teams_visible_to(user=user).values("pk")
    )
    return get_for_perm_or_404(
        visible, pk=pk, perm=perm, may_change=lambda _: can_decide_team_changes(user=user)
    )


def contract_team_get_for_user_or_404(*, user, contract_pk, perm: str = VIEW):
    """The contract (in scope) and its team, if one exists yet; CHANGE as for the team."""
    from apps.procurement.permissions import contract_get_for_user_or_404

    contract = contract_get_for_user_or_404(user=user, pk=contract_pk)
    if perm == CHANGE:
        require(_can_manage_org(scope_for(user), contract.agency))
    return contract, Team.objects.filter(contract=contract).first()
