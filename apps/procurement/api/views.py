from rest_framework import serializers

from apps.core.api import ScopedViewSet

from ..models import Contract, EvaluatorContract, ProcurementUnit, Tender
from ..permissions import (
    contracts_visible_to,
    evaluator_contracts_visible_to,
    tenders_visible_to,
    units_visible_to,
)


class UnitSerializer(serializers.ModelSerializer):
    street_name = serializers.CharField(source="street.name", read_only=True)
    district_name = serializers.CharField(source="street.parent.name", read_only=True)

    class Meta:
        model = ProcurementUnit
        fields = [
            "id",
            "code",
            "pilot_round",
            "street",
            "street_name",
            "district_name",
            "annual_amount",
        ]


class ContractSerializer(serializers.ModelSerializer):
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    street_name = serializers.CharField(source="unit.street.name", read_only=True)
    communities = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "number",
            "unit",
            "street_name",
            "agency",
            "agency_name",
            "communities",
            "start_date",
            "end_date",
            "annual_amount",
            "status",
            "team_formed_on",
        ]


class UnitViewSet(ScopedViewSet):
    """Procurement units in the caller's scope."""

    serializer_class = UnitSerializer
    visible_to = staticmethod(units_visible_to)
    ordering = ("id",)


class ContractViewSet(ScopedViewSet):
    """Contracts in the caller's scope (an agency sees only its own)."""

    serializer_class = ContractSerializer
    visible_to = staticmethod(contracts_visible_to)
    ordering = ("number",)


class TenderSerializer(serializers.ModelSerializer):
    bidders = serializers.SerializerMethodField()

    class Meta:
        model = Tender
        fields = [
            "id",
            "unit",
            "purchaser_district",
            "purchaser_street",
            "announced_on",
            "status",
            "result",
            "bidders",
        ]

    def get_bidders(self, tender) -> list[int]:
        return [b.bidder_id for b in tender.bids.all()]


class EvaluatorContractSerializer(serializers.ModelSerializer):
    class Meta:
        model = EvaluatorContract
        fields = ["id", "number", "evaluator", "start_date", "end_date", "amount", "budget_line"]


class TenderViewSet(ScopedViewSet):
    """Tenders of the units in the caller's scope."""

    serializer_class = TenderSerializer
    visible_to = staticmethod(tenders_visible_to)


class EvaluatorContractViewSet(ScopedViewSet):
    """The evaluator's contracts: the bureau and evaluators only (others get an empty list)."""

    serializer_class = EvaluatorContractSerializer
    visible_to = staticmethod(evaluator_contracts_visible_to)
