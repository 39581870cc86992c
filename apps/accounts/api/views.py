from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from ..gates import scope_for


class MembershipSerializer(serializers.Serializer):
    role = serializers.CharField()
    role_display = serializers.CharField(source="get_role_display")
    organization = serializers.IntegerField(source="organization_id")
    organization_name = serializers.CharField(source="organization.name")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    memberships = MembershipSerializer(many=True)


class MeView(APIView):
    """The caller and the role memberships their scope comes from."""

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        scope = scope_for(request.user)
        data = {
            "username": request.user.username,
            "full_name": request.user.full_name,
            "memberships": scope.memberships,
        }
        return Response(MeSerializer(data).data)
