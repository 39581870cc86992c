"""Gates for volunteer records, built on the shared record gates of apps.records."""

from apps.accounts.gates import get_in_scope_or_404, require, scope_for
from apps.records.permissions import WRITE_MESSAGE, can_write_for_contract, scoped_records

from .models import Volunteer, VolunteerActivity, VolunteerTeam


def teams_visible_to(*, user):
    return scoped_records(
        user=user,
        queryset=VolunteerTeam.objects.select_related(
            "contract", "contract__unit__street", "community", "project_year"
        ),
    )


def team_get_for_user_or_404(*, user, pk) -> VolunteerTeam:
    return get_in_scope_or_404(teams_visible_to(user=user), pk=pk)


def team_for_writing_or_404(*, user, pk) -> VolunteerTeam:
    """A team in scope whose contract's agency the user works for (404 outside, 403 otherwise)."""
    team = team_get_for_user_or_404(user=user, pk=pk)
    require(can_write_for_contract(user=user, contract=team.contract), WRITE_MESSAGE)
    return team


def activities_visible_to(*, user):
    return scoped_records(
        user=user,
        queryset=VolunteerActivity.objects.select_related("team", "project_year"),
        contract_path="team__contract",
        place_path="team__community",
    )


def volunteers_visible_to(*, user):
    """A person is visible through any team of theirs the user can see."""
    teams = teams_visible_to(user=user).values("pk")
    return Volunteer.objects.filter(memberships__team__in=teams).distinct()


def phones_shown_in_full_to(*, user) -> bool:
    """Agency staff read volunteers' phone numbers in full (API); everybody else masked."""
    scope = scope_for(user)
    return bool(scope.agency_ids) and not scope.city_wide
