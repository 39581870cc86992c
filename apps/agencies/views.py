"""Pages: registry with Annex 2/3 checks, staff, and each contract's team checked live."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE
from apps.core.forms import DecisionForm
from apps.core.posting import PageForms, inline_post_view, post_and_return
from apps.procurement.permissions import contracts_visible_to
from apps.procurement.selectors import current_round

from .forms import (
    ChangeRequestForm,
    MemberLeaveForm,
    PersonForm,
    ProfileForm,
    TeamMemberForm,
)
from .models import EVALUATION_ROLES, OrganizationProfile, Person, Team, TeamKind, TeamMembership
from .permissions import (
    REQUEST,
    can_decide_team_changes,
    change_request_get_for_user_or_404,
    contract_team_get_for_user_or_404,
    staff_organization_get_for_user_or_404,
    staff_organizations_visible_to,
    team_get_for_user_or_404,
    teams_visible_to,
)
from .rules import handles_missing_rules
from .selectors import (
    organization_check,
    staff_rows,
    team_check,
    team_checks_for_contracts,
    team_members,
)
from .services import (
    person_create,
    profile_save,
    team_change_decide,
    team_change_request,
    team_for_contract,
    team_member_add,
    team_member_remove,
)


@login_required
@handles_missing_rules
def index(request):
    """Agencies and evaluators in scope, and the teams of the contracts in scope."""
    orgs = list(staff_organizations_visible_to(user=request.user).order_by("kind", "code"))
    contracts = list(contracts_visible_to(user=request.user).order_by("unit_id", "pk"))
    checks = team_checks_for_contracts(contracts=contracts) if contracts else {}
    rows = [(c, checks.get(c.pk)) for c in contracts]
    eval_teams = list(teams_visible_to(user=request.user).filter(kind=TeamKind.EVALUATION))
    return render(
        request,
        "agencies/index.html",
        {"orgs": orgs, "rows": rows, "eval_teams": eval_teams},
    )


@login_required
@handles_missing_rules
def organization_detail(request, pk):
    org = staff_organization_get_for_user_or_404(user=request.user, pk=pk)
    pilot_round = current_round()
    profile = OrganizationProfile.objects.filter(organization=org).first()
    can_manage = _can(request.user, org)
    return render(
        request,
        "agencies/organization_detail.html",
        {
            "org": org,
            "profile": profile,
            "result": organization_check(organization=org, pilot_round=pilot_round),
            "staff": staff_rows(organization=org, pilot_round=pilot_round),
            "can_manage": can_manage,
            "person_form": PersonForm() if can_manage else None,
            "profile_form": ProfileForm(instance=profile) if can_manage else None,
        },
    )


def _can(user, org) -> bool:
    try:
        staff_organization_get_for_user_or_404(user=user, pk=org.pk, perm=CHANGE)
    except PermissionDenied:
        return False
    return True


# The forms of an organization's page.
_organization_forms = PageForms(
    staff_organization_get_for_user_or_404, CHANGE, "organization", "agencies:organization_detail"
)
person_add = _organization_forms.view(
    PersonForm, person_create, lambda person: f"已登记人员 {person.name}。"
)
profile_edit = _organization_forms.view(
    ProfileForm,
    profile_save,
    "资质档案已保存。",
    form_kwargs=lambda org: {
        "instance": OrganizationProfile.objects.filter(organization=org).first()
    },
)


def _team_page(request, team, *, can_change, can_request, add_form=None, request_form=None):
    owner = team.owner
    staff_qs = Person.objects.filter(organization=owner).order_by("name")
    roles = EVALUATION_ROLES if team.kind == TeamKind.EVALUATION else None
    if can_change and add_form is None and team.kind == TeamKind.SERVICE:
        add_form = TeamMemberForm(staff=staff_qs)
    if can_request and request_form is None:
        request_form = ChangeRequestForm(staff=staff_qs)
    return render(
        request,
        "agencies/team_detail.html",
        {
            "team": team,
            "members": team_members(team=team) if team.pk else [],
            "result": team_check(team=team) if team.pk else _empty_check(team),
            "can_change": can_change,
            "add_form": add_form,
            "leave_form": MemberLeaveForm(),
            "request_form": request_form,
            "change_requests": list(team.change_requests.select_related("person", "decided_by"))
            if team.pk and team.kind == TeamKind.EVALUATION
            else [],
            "decision_form": DecisionForm() if can_decide_team_changes(user=request.user) else None,
            "roles": roles,
        },
    )


def _allowed(user, team, perm) -> bool:
    try:
        team_get_for_user_or_404(user=user, pk=team.pk, perm=perm)
    except PermissionDenied:
        return False
    return True


@login_required
@handles_missing_rules
def contract_team(request, contract_pk):
    """The team of one contract, checked live; an unsaved empty team until the first member."""
    contract, team = contract_team_get_for_user_or_404(user=request.user, contract_pk=contract_pk)
    if team is None:
        team = Team(kind=TeamKind.SERVICE, contract=contract)
    try:
        contract_team_get_for_user_or_404(user=request.user, contract_pk=contract_pk, perm=CHANGE)
        can_change = True
    except PermissionDenied:
        can_change = False
    return _team_page(request, team, can_change=can_change, can_request=False)


@login_required
@handles_missing_rules
def team_detail(request, pk):
    team = team_get_for_user_or_404(user=request.user, pk=pk)
    if team.kind == TeamKind.SERVICE:
        return redirect("agencies:contract_team", contract_pk=team.contract_id)
    return _team_page(
        request,
        team,
        can_change=False,
        can_request=_allowed(request.user, team, REQUEST),
    )


@login_required
@require_POST
def member_add(request, contract_pk):
    contract, _ = contract_team_get_for_user_or_404(
        user=request.user, contract_pk=contract_pk, perm=CHANGE
    )
    team = team_for_contract(contract=contract)
    staff_qs = Person.objects.filter(organization=team.owner)
    form = TeamMemberForm(request.POST, staff=staff_qs)
    return post_and_return(
        request,
        form=form,
        service=team_member_add,
        done=lambda _: f"{form.cleaned_data['person'].name} 已加入团队。",
        back=reverse("agencies:contract_team", args=[team.contract_id]),
        team=team,
    )


@login_required
@require_POST
def member_remove(request, pk, membership_pk):
    team = team_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    membership = TeamMembership.objects.filter(team=team, pk=membership_pk).first()
    if membership is None:
        raise Http404
    return post_and_return(
        request,
        form=MemberLeaveForm(request.POST),
        service=team_member_remove,
        done=f"{membership.person.name} 已离开团队(记录保留)。",
        back=reverse("agencies:contract_team", args=[team.contract_id]),
        membership=membership,
    )


def _team_detail(team) -> str:
    return reverse("agencies:team_detail", args=[team.pk])


change_request_add = inline_post_view(
    team_get_for_user_or_404,
    REQUEST,
    ChangeRequestForm,
    team_change_request,
    "变更申请已提交,待市民政局审批。",
    _team_detail,
    "team",
    form_kwargs=lambda team: {"staff": Person.objects.filter(organization=team.owner)},
)


change_request_decide = inline_post_view(
    change_request_get_for_user_or_404,
    CHANGE,
    DecisionForm,
    team_change_decide,
    "已记录审批意见。",
    lambda req: reverse("agencies:team_detail", args=[req.team_id]),
    "request",
)


def _empty_check(team):
    from .rules import RuleBook, team_checks
    from .selectors import team_check_date

    return team_checks(
        team=team, memberships=[], book=RuleBook(team.pilot_round), on=team_check_date(team)
    )
