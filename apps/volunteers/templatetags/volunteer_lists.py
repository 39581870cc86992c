"""``{% load volunteer_lists %}{% community_teams contract=… community=… %}``: a community's
volunteer teams on apps.community's page (a template-level use: community never imports
this app)."""

from django import template

from ..models import VolunteerTeam
from ..selectors import teams_with_counts

register = template.Library()


@register.inclusion_tag("volunteers/_community_teams.html")
def community_teams(*, contract, community):
    teams = VolunteerTeam.objects.filter(contract=contract, community=community).order_by("name")
    return {"teams": teams_with_counts(teams)}
