"""Read endpoints for every community-work record, and writes of archives through the service."""

from django.core.exceptions import ValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response

from apps.accounts.masking import mask_members, names_masked_for, person_name
from apps.catalogue.models import BASIC_GROUPS_CATEGORY, Item
from apps.orgs.models import Organization
from apps.procurement.models import Contract
from apps.procurement.permissions import contracts_visible_to
from apps.records.kinds import kind_for_slug

from .. import services
from ..models import (
    GovernanceProject,
    HouseholdArchive,
    Incubation,
    Meeting,
    QuarterlyReport,
    ResearchStudy,
    Resource,
    TrainingSession,
)
from ..permissions import can_write_for_contract
from ..records import HOUSEHOLD_FIELDS

COMMON = ["id", "contract", "community", "item", "sub_item", "project_year", "created_at"]


def _serializer(model, fields):
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    return type(f"{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


class ArchiveSerializer(serializers.ModelSerializer):
    contract = serializers.PrimaryKeyRelatedField(queryset=Contract.objects.none())
    community = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())
    distressed_groups = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Item.objects.none(), required=False
    )

    class Meta:
        model = HouseholdArchive
        fields = [
            *COMMON,
            *HOUSEHOLD_FIELDS,
            "distressed_groups",
            "client_reference",
            "worker",
            "recorded_on",
            "consent_by",
            "consent_on",
            "guardian_name",
        ]
        read_only_fields = ["item", "sub_item", "project_year", "created_at", "worker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Related choices are scoped too: only contracts and communities the caller sees.
            contracts = contracts_visible_to(user=request.user)
            self.fields["contract"].queryset = contracts
            self.fields["community"].queryset = Organization.objects.filter(
                served_by_contracts__in=contracts.values("pk")
            ).distinct()
            self.fields["distressed_groups"].child_relation.queryset = Item.objects.filter(
                category__code=BASIC_GROUPS_CATEGORY
            )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        masked = names_masked_for(request.user if request is not None else None)
        data["household_head"] = person_name(data.get("household_head", ""), masked)
        data["members"] = mask_members(data.get("members"), masked)
        data["guardian_name"] = person_name(data.get("guardian_name", ""), masked)
        return data


class RecordViewSet(viewsets.ReadOnlyModelViewSet):
    kind = ""

    def get_queryset(self):
        return kind_for_slug(self.kind).visible_to(user=self.request.user).order_by("pk")


class ArchiveViewSet(mixins.CreateModelMixin, RecordViewSet):
    """Household needs archives in scope; POST creates one through the service (agency only)."""

    kind = "archive"
    serializer_class = ArchiveSerializer

    def get_queryset(self):
        return super().get_queryset().prefetch_related("distressed_groups")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        contract = data.pop("contract")
        if not can_write_for_contract(user=request.user, contract=contract):
            raise PermissionDenied("只有本合同承接机构的工作人员可以录入该记录。")
        try:
            archive = services.archive_create(actor=request.user, contract=contract, **data)
        except ValidationError as exc:
            raise ApiValidationError({"detail": exc.messages}) from exc
        return Response(self.get_serializer(archive).data, status=status.HTTP_201_CREATED)


def _viewset(kind, model, fields, doc):
    return type(
        f"{model.__name__}ViewSet",
        (RecordViewSet,),
        {"kind": kind, "serializer_class": _serializer(model, fields), "__doc__": doc},
    )


ResourceViewSet = _viewset(
    "resource",
    Resource,
    [
        *COMMON,
        "kind",
        "name",
        "description",
        "grid_x",
        "grid_y",
        "latitude",
        "longitude",
        "is_active",
    ],
    "Resource library entries in scope.",
)
StudyViewSet = _viewset(
    "study",
    ResearchStudy,
    [*COMMON, "title", "started_on", "finished_on", "summary"],
    "Research studies in scope.",
)
TrainingViewSet = _viewset(
    "training",
    TrainingSession,
    [*COMMON, "held_on", "topic", "hours", "trainer", "attendee_count"],
    "Community-worker training sessions in scope.",
)
IncubationViewSet = _viewset(
    "incubation",
    Incubation,
    [*COMMON, "organization_name", "started_on", "stage", "results"],
    "Incubation records in scope.",
)
ProjectViewSet = _viewset(
    "project",
    GovernanceProject,
    [*COMMON, "title", "started_on", "consultation", "conventions", "results", "fund_amount"],
    "Governance projects in scope.",
)
MeetingViewSet = _viewset(
    "meeting",
    Meeting,
    [
        "id",
        "contract",
        "kind",
        "organization",
        "project_year",
        "held_on",
        "attendees",
        "minutes",
        "decisions",
    ],
    "Joint meetings in scope.",
)
QuarterlyViewSet = _viewset(
    "quarterly",
    QuarterlyReport,
    [
        "id",
        "contract",
        "year",
        "quarter",
        "period_start",
        "period_end",
        "figures",
        "narrative",
        "issues",
        "submitted_on",
    ],
    "Quarterly progress reports in scope.",
)
