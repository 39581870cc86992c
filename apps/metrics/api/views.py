from rest_framework import serializers, viewsets

from ..models import Snapshot
from ..permissions import snapshots_visible_to


class SnapshotSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(source="rule.clause", read_only=True)
    rule_version = serializers.IntegerField(source="rule.version", read_only=True)
    project_year_number = serializers.IntegerField(
        source="project_year.number", read_only=True, allow_null=True
    )

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "rule_code",
            "rule_version",
            "clause",
            "contract",
            "community",
            "project_year_number",
            "value",
            "values",
            "thresholds",
            "met",
            "record_ids",
            "expected_to_date",
            "projected",
            "will_miss",
            "computed_at",
        ]


class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """Current indicator snapshots in the caller's scope, each with the records it counted."""

    serializer_class = SnapshotSerializer

    def get_queryset(self):
        qs = snapshots_visible_to(user=self.request.user).current().order_by("pk")
        contract = self.request.query_params.get("contract")
        code = self.request.query_params.get("rule_code")
        if contract:
            qs = qs.filter(contract_id=contract) if contract.isdigit() else qs.none()
        if code:
            qs = qs.filter(rule_code=code)
        return qs
