from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.accounts.gates import CHANGE
from apps.core.api import ScopedViewSet
from apps.core.clock import today

from ..models import PROFILE_CHECK_FIELDS, OrganizationProfile, Person, Team, TeamRole
from ..permissions import (
    persons_visible_to,
    staff_organizations_visible_to,
    team_get_for_user_or_404,
    teams_visible_to,
)
from ..selectors import team_check
from ..services import team_member_add


class ProfileSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = OrganizationProfile
        fields = [
            "id",
            "organization",
            "organization_name",
            "authority_level",
            "legal_form",
            *PROFILE_CHECK_FIELDS,
        ]


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "organization",
            "name",
            "on_board",
            "education",
            "major",
            "certificate_level",
            "suzhou_trainee_supervisor",
            "years_experience",
            "labour_contract_start",
            "labour_contract_end",
            "social_insurance_paid",
        ]


class TeamSerializer(serializers.ModelSerializer):
    compliant = serializers.SerializerMethodField()
    checks = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = ["id", "kind", "contract", "evaluator_contract", "compliant", "checks"]

    def _result(self, team):
        cache = self.context.setdefault("_checks", {})
        if team.pk not in cache:
            cache[team.pk] = team_check(team=team)
        return cache[team.pk]

    def get_compliant(self, team) -> bool:
        return self._result(team).compliant

    def get_checks(self, team) -> list[dict]:
        return [
            {"code": c.code, "clause": c.clause, "status": c.status, "detail": c.detail}
            for c in self._result(team).checks
        ]


class MemberInSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    role = serializers.ChoiceField(choices=TeamRole.choices)
    joined_on = serializers.DateField(default=today)
    local_supervisor = serializers.BooleanField(default=False)

    def __init__(self, *args, team=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: only the team owner's staff can be named.
        self.fields["person"].queryset = Person.objects.filter(organization=team.owner)


class ProfileViewSet(viewsets.ReadOnlyModelViewSet):
    """Qualification records of the agencies/evaluators in the caller's scope."""

    serializer_class = ProfileSerializer

    def get_queryset(self):
        orgs = staff_organizations_visible_to(user=self.request.user)
        return (
            OrganizationProfile.objects.filter(organization__in=orgs)
            .select_related("organization")
            .order_by("pk")
        )


class PersonViewSet(ScopedViewSet):
    serializer_class = PersonSerializer
    visible_to = staticmethod(persons_visible_to)


class TeamViewSet(ScopedViewSet):
    """Teams in scope with their live Annex 2/3 checks; POST members/ to add one (managers)."""

    serializer_class = TeamSerializer
    visible_to = staticmethod(teams_visible_to)

    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        team = team_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
        data = MemberInSerializer(data=request.data, team=team)
        data.is_valid(raise_exception=True)
        team_member_add(actor=request.user, team=team, **data.validated_data)
        return Response(TeamSerializer(team, context={}).data, status=201)
