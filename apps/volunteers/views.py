"""Pages: teams in scope, a team with its members and activities, new teams."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.gates import require
from apps.community.forms import AttachmentForm
from apps.community.permissions import (
    WRITE_MESSAGE,
    can_write_for_contract,
    contract_for_writing_or_404,
)

from . import services
from .forms import ActivityForm, MemberForm, TeamForm
from .permissions import team_get_for_user_or_404, teams_visible_to
from .selectors import team_hours, teams_with_counts


def _errors(request, exc):
    for msg in exc.messages:
        messages.error(request, msg)


@login_required
def index(request):
    teams = teams_with_counts(teams_visible_to(user=request.user)).order_by(
        "contract__unit_id", "community__code", "name"
    )
    return render(request, "volunteers/index.html", {"teams": teams})


@login_required
def team_create(request, contract_pk):
    contract = contract_for_writing_or_404(user=request.user, pk=contract_pk)
    initial = {"community": request.GET.get("community")} if request.GET.get("community") else {}
    form = TeamForm(request.POST or None, contract=contract, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, contract=contract, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "志愿者队伍已建立,请添加队员。")
            return redirect("volunteers:team", pk=team.pk)
    return render(
        request,
        "community/form.html",
        {"contract": contract, "form": form, "title": "新建志愿者队伍"},
    )


@login_required
def team_detail(request, pk):
    team = team_get_for_user_or_404(user=request.user, pk=pk)
    can_write = can_write_for_contract(user=request.user, contract=team.contract)
    return render(
        request,
        "volunteers/team.html",
        {
            "team": team,
            "memberships": team.memberships.select_related("volunteer"),
            "activities": team.activities.prefetch_related("participants"),
            "hours": team_hours(team=team),
            "attachments": team.attachments.all(),
            "can_write": can_write,
            # Phone numbers are for the agency that works with the team; others see them masked.
            "show_phone": can_write,
            "member_form": MemberForm(),
            "activity_form": ActivityForm(team=team),
            "upload_form": AttachmentForm(),
        },
    )


@login_required
@require_POST
def member_add(request, pk):
    team = team_get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=team.contract), WRITE_MESSAGE)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.member_add(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, f"{form.cleaned_data['name']}已加入队伍。")
    else:
        messages.error(request, "请填写姓名、手机号和加入日期。")
    return redirect("volunteers:team", pk=team.pk)


@login_required
@require_POST
def activity_add(request, pk):
    team = team_get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=team.contract), WRITE_MESSAGE)
    form = ActivityForm(request.POST, team=team)
    if form.is_valid():
        try:
            services.activity_create(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "活动已登记。")
    else:
        messages.error(request, "请检查活动信息。")
    return redirect("volunteers:team", pk=team.pk)
