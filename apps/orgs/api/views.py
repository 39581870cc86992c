from rest_framework import serializers, viewsets

from ..models import Organization
from ..permissions import organizations_visible_to


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organization
        fields = ["id", "code", "name", "kind", "kind_display", "parent", "is_demo"]


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organizations in the caller's scope."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        qs = organizations_visible_to(user=self.request.user).order_by("kind", "code")
        kind = self.request.query_params.get("kind")
        return qs.filter(kind=kind) if kind else qs
