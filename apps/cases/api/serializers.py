from rest_framework import serializers

from apps.accounts.masking import names_masked_for, person_name

from ..models import Case, Client, ServiceRecord, TargetListImport


class ClientSerializer(serializers.ModelSerializer):
    """Never the cipher or the hash: the masked number only."""

    name = serializers.SerializerMethodField()
    community_name = serializers.CharField(source="community.name", read_only=True)
    groups = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Client
        fields = [
            "id",
            "name",
            "id_masked",
            "sex",
            "community",
            "community_name",
            "groups",
            "source",
            "consent_by",
        ]
        read_only_fields = fields

    def get_name(self, obj) -> str:
        return person_name(obj.name, names_masked_for(self.context["request"].user))


# The case columns the serializer reads (besides the client's masked number and the sub-items).
CASE_COLUMNS = (
    "id",
    "contract",
    "community",
    "kind",
    "client",
    "household",
    "assigned_worker",
    "status",
    "opened_on",
    "closed_on",
)


class CaseSerializer(serializers.ModelSerializer):
    sub_items = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    client_masked = serializers.CharField(source="client.id_masked", read_only=True, default="")

    class Meta:
        model = Case
        fields = [
            "id",
            "contract",
            "community",
            "kind",
            "client",
            "client_masked",
            "household",
            "sub_items",
            "assigned_worker",
            "status",
            "opened_on",
            "closed_on",
        ]
        read_only_fields = fields


class ServiceRecordSerializer(serializers.ModelSerializer):
    sub_item = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = ServiceRecord
        fields = ["id", "case", "date", "duration_minutes", "mode", "sub_item", "note"]
        read_only_fields = fields


class ImportSerializer(serializers.ModelSerializer):
    class Meta:
        model = TargetListImport
        fields = [
            "id",
            "organization",
            "uploaded_by",
            "original_name",
            "status",
            "row_count",
            "new_count",
            "known_count",
            "rejected_count",
            "created_at",
            "confirmed_at",
            "outcome",
        ]
        read_only_fields = fields
