"""Read endpoints for rubrics, evaluations, scores, results and payments, scoped like the pages.

Writes stay on the pages (the same services); the API serves reporting tools.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from apps.core.api import ScopedViewSet

from ..models import (
    EvaluationResult,
    GradeBand,
    Payment,
    Rubric,
    RubricIndicator,
    Score,
)
from ..permissions import (
    evaluations_visible_to,
    payments_visible_to,
    results_visible_to,
    rubrics_visible_to,
)


class IndicatorSerializer(serializers.ModelSerializer):
    dimension = serializers.CharField(source="dimension.name")

    class Meta:
        model = RubricIndicator
        fields = [
            "id",
            "dimension",
            "code",
            "name",
            "clause",
            "weight",
            "max_points",
            "source",
            "rule_code",
        ]


class BandSerializer(serializers.ModelSerializer):
    class Meta:
        model = GradeBand
        fields = ["label", "min_score", "payment_factor"]


class RubricSerializer(serializers.ModelSerializer):
    indicators = serializers.SerializerMethodField()
    bands = BandSerializer(many=True, read_only=True)

    class Meta:
        model = Rubric
        fields = [
            "id",
            "pilot_round",
            "name",
            "sample_share",
            "sample_minimum",
            "difference_threshold",
            "indicators",
            "bands",
        ]

    @extend_schema_field(IndicatorSerializer(many=True))
    def get_indicators(self, rubric):
        qs = RubricIndicator.objects.filter(dimension__rubric=rubric).select_related("dimension")
        return IndicatorSerializer(qs.order_by("dimension__order", "order"), many=True).data


class RubricViewSet(viewsets.ReadOnlyModelViewSet):
    """The round's rubric: every signed-in person reads what they are judged by."""

    serializer_class = RubricSerializer

    def get_queryset(self):
        return rubrics_visible_to(user=self.request.user).prefetch_related("bands").order_by("pk")


class EvaluationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    contract = serializers.IntegerField(source="contract_id")
    contract_number = serializers.CharField(source="contract.number")
    project_year = serializers.IntegerField(source="project_year.number")
    kind = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    grade = serializers.CharField()
    evaluator_org = serializers.CharField(source="evaluator_org.name")


class EvaluationViewSet(ScopedViewSet):
    """Evaluations: the bureau all, an evaluator their organization's, nobody else any."""

    serializer_class = EvaluationSerializer
    visible_to = staticmethod(evaluations_visible_to)


class ScoreSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="indicator.code")
    max_points = serializers.DecimalField(
        source="indicator.max_points", max_digits=6, decimal_places=2
    )

    class Meta:
        model = Score
        fields = [
            "id",
            "evaluation",
            "code",
            "max_points",
            "points",
            "suggested",
            "basis",
            "comment",
            "evidence_links",
        ]


class ScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of the evaluations the caller sees (filter: ``evaluation``)."""

    serializer_class = ScoreSerializer

    def get_queryset(self):
        qs = Score.objects.select_related("indicator").filter(
            evaluation__in=evaluations_visible_to(user=self.request.user).values("pk")
        )
        evaluation = self.request.query_params.get("evaluation")
        if evaluation:
            qs = qs.filter(evaluation_id=evaluation) if evaluation.isdigit() else qs.none()
        return qs.order_by("pk")


class ResultSerializer(serializers.ModelSerializer):
    project_year_number = serializers.IntegerField(source="project_year.number")

    class Meta:
        model = EvaluationResult
        fields = [
            "id",
            "contract",
            "project_year_number",
            "kind",
            "total",
            "grade",
            "payment_factor",
            "per_indicator",
            "approved_at",
        ]


class ResultViewSet(ScopedViewSet):
    """Approved results of the contracts the caller sees (agencies: only their own)."""

    serializer_class = ResultSerializer
    visible_to = staticmethod(results_visible_to)


class PaymentSerializer(serializers.ModelSerializer):
    contract = serializers.IntegerField(source="instalment.contract_id")
    instalment_name = serializers.CharField(source="instalment.name")

    class Meta:
        model = Payment
        fields = [
            "id",
            "contract",
            "instalment",
            "instalment_name",
            "amount",
            "cut_applied",
            "steps",
            "paid_on",
            "fiscal_year",
        ]


class PaymentViewSet(ScopedViewSet):
    """Recorded payments of the contracts the caller sees, with their explanation steps."""

    serializer_class = PaymentSerializer
    visible_to = staticmethod(payments_visible_to)
