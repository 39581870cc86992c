"""Pages: teams in scope, a team with its members and activities, new teams."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.community.forms import AttachmentForm
from apps.core.posting import form_page
from apps.records.permissions import (
    can_write_for_contract,
    contract_for_writing_or_404,
    is_agency_staff,
)
from apps.records.views import post_and_return

from . import services
from .forms import ActivityForm, MemberForm, TeamForm
from .permissions import team_for_writing_or_404, team_get_for_user_or_404, teams_visible_to
from .selectors import team_hours, teams_with_counts


@login_required
def index(request):
    teams = teams_with_counts(teams_visible_to(user=request.user)).order_by(
        "contract__unit_id", "community__code", "name"
    )
    return render(
        request,
        "volunteers/index.html",
        {"teams": teams, "can_bulk": is_agency_staff(user=request.user)},
    )


@login_required
def team_create(request, contract_pk):
    contract = contract_for_writing_or_404(user=request.user, pk=contract_pk)
    initial = {"community": request.GET.get("community")} if request.GET.get("community") else {}
    form = TeamForm(request.POST or None, contract=contract, initial=initial)

    def page(bound):
        return render(
            request,
            "community/form.html",
            {"contract": contract, "form": bound, "title": "新建志愿者队伍"},
        )

    return form_page(
        request,
        form=form,
        page=page,
        service=services.team_create,
        done="志愿者队伍已建立,请添加队员。",
        success_url=lambda team: reverse("volunteers:team", args=[team.pk]),
        contract=contract,
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
    team = team_for_writing_or_404(user=request.user, pk=pk)
    return post_and_return(
        request,
        form=MemberForm(request.POST),
        service=services.member_add,
        done=f"{request.POST.get('name', '').strip()}已加入队伍。",
        back=reverse("volunteers:team", args=[team.pk]),
        invalid_message="请填写姓名、手机号和加入日期。",
        team=team,
    )


@login_required
@require_POST
def activity_add(request, pk):
    team = team_for_writing_or_404(user=request.user, pk=pk)
    return post_and_return(
        request,
        form=ActivityForm(request.POST, team=team),
        service=services.activity_create,
        done="活动已登记。",
        back=reverse("volunteers:team", args=[team.pk]),
        invalid_message="请检查活动信息。",
        team=team,
    )
