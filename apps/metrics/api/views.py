from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..drilldown import snapshot_drilldown, visible_record_ids
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
            "excluded",
            "applicable",
            "expected_to_date",
            "projected",
            "will_miss",
            "computed_at",
        ]


BOOLEAN = {"true": True, "1": True, "false": False, "0": False}


class SnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """Current indicator snapshots in the caller's scope, each with the records it counted.

    Filters (all optional, combined): ``contract`` and ``community`` (ids), ``project_year``
    (the year's number), ``rule_code``, ``met``, ``applicable`` and ``will_miss``
    (true/false). A malformed id or year matches nothing. Outside the caller's scope a
    snapshot is absent (404), as on the pages.
    """

    serializer_class = SnapshotSerializer

    def get_queryset(self):
        qs = snapshots_visible_to(user=self.request.user).current().order_by("pk")
        params = self.request.query_params
        for param, field in (("contract", "contract_id"), ("community", "community_id")):
            value = params.get(param)
            if value:
                qs = qs.filter(**{field: value}) if value.isdigit() else qs.none()
        year = params.get("project_year")
        if year:
            qs = qs.filter(project_year__number=year) if year.isdigit() else qs.none()
        if params.get("rule_code"):
            qs = qs.filter(rule_code=params["rule_code"])
        for param in ("met", "applicable", "will_miss"):
            value = params.get(param, "").lower()
            if value in BOOLEAN:
                qs = qs.filter(**{param: BOOLEAN[value]})
        return qs

    @action(detail=True)
    def records(self, request, pk=None):
        """The drill-down: the ids counted and the ids not counted yet with their reasons
        (as stored), and the same records described (names masked for evaluators; records the caller may not open are only counted)."""
        snapshot = self.get_object()
        drill = snapshot_drilldown(snapshot=snapshot, user=request.user)
        record_ids, excluded = visible_record_ids(snapshot=snapshot, user=request.user)
        return Response(
            {
                "snapshot": snapshot.pk,
                "rule_code": snapshot.rule_code,
                "clause": snapshot.rule.clause,
                "computed_at": snapshot.computed_at,
                "record_ids": record_ids,
                "excluded_reasons": excluded,
                "counted": drill["counted"],
                "excluded": drill["excluded"],
            }
        )
