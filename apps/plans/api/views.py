from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from apps.core.api import ScopedViewSet

from ..models import COMMISSION_TERMS, ExecutionPlan, PlanAdjustment, ServiceCommission
from ..permissions import (
    DECIDE,
    adjustment_get_for_user_or_404,
    adjustments_visible_to,
    commissions_visible_to,
    plans_visible_to,
)
from ..services import adjustment_decide


class PlanSerializer(serializers.ModelSerializer):
    current_version = serializers.SerializerMethodField()

    class Meta:
        model = ExecutionPlan
        fields = ["id", "contract", "current_version"]

    def get_current_version(self, plan) -> int | None:
        numbers = [v.number for v in plan.versions.all()]
        return max(numbers) if numbers else None


class AdjustmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanAdjustment
        fields = ["id", "plan", "base_version", "reason", "proposal", "stage", "filed_at"]


class CommissionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceCommission
        fields = ["id", "contract", *COMMISSION_TERMS]


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class PlanViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlanSerializer

    def get_queryset(self):
        return plans_visible_to(user=self.request.user).prefetch_related("versions").order_by("pk")


class AdjustmentViewSet(ScopedViewSet):
    """Adjustments in scope; POST decide/ at the stage you are responsible for."""

    serializer_class = AdjustmentSerializer
    visible_to = staticmethod(adjustments_visible_to)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        adjustment = adjustment_get_for_user_or_404(user=request.user, pk=pk, perm=DECIDE)
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        adjustment = adjustment_decide(
            actor=request.user, adjustment=adjustment, **data.validated_data
        )
        return Response(AdjustmentSerializer(adjustment).data)


class CommissionViewSet(ScopedViewSet):
    serializer_class = CommissionSerializer
    visible_to = staticmethod(commissions_visible_to)
