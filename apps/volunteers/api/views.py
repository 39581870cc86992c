"""Volunteer teams and volunteers in scope (phones masked unless the caller's agency's)."""

from rest_framework import serializers, viewsets

from apps.accounts.masking import names_masked_for, person_name
from apps.core.api import ScopedViewSet

from ..models import Volunteer, VolunteerTeam
from ..permissions import phones_shown_in_full_to, teams_visible_to, volunteers_visible_to
from ..selectors import teams_with_counts


class VolunteerTeamSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    activity_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = [
            "id",
            "contract",
            "community",
            "item",
            "project_year",
            "name",
            "founded_on",
            "governance_role",
            "is_active",
            "member_count",
            "activity_count",
        ]


class VolunteerSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = ["id", "name", "phone", "registered_on", "registration_number"]

    def get_name(self, volunteer) -> str:
        return person_name(volunteer.name, self.context.get("names_masked", True))

    def get_phone(self, volunteer) -> str:
        return volunteer.phone if self.context.get("full_phone") else volunteer.masked_phone


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Volunteer teams in scope, with members and activities counted."""

    serializer_class = VolunteerTeamSerializer

    def get_queryset(self):
        return teams_with_counts(teams_visible_to(user=self.request.user)).order_by("pk")


class VolunteerViewSet(ScopedViewSet):
    """Volunteers (persons) in the teams in scope; phones are shown in full to agency staff."""

    serializer_class = VolunteerSerializer
    visible_to = staticmethod(volunteers_visible_to)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["full_phone"] = phones_shown_in_full_to(user=self.request.user)
        context["names_masked"] = names_masked_for(self.request.user)
        return context
