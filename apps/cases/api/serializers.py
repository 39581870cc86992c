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

    def to_representation(self, instance):
        """The fields above, read straight from the row (the list's 50 rows went through
        DRF's field machinery one field at a time, most of the endpoint's time); the same
        output: ids for relations, ISO dates, the sub-items' codes."""
        return {
            "id": instance.pk,
            "contract": instance.contract_id,
            "community": instance.community_id,
            "kind": instance.kind,
            "client": instance.client_id,
            "client_masked": instance.client.id_masked if instance.client_id else "",
            "household": instance.household_id,
            "sub_items": [s.code for s in instance.sub_items.all()],
            "assigned_worker": instance.assigned_worker_id,
            "status": instance.status,
            "opened_on": _iso(instance.opened_on),
            "closed_on": _iso(instance.closed_on),
        }


def _iso(day):
    return day.isoformat() if day is not None else None


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
