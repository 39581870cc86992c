"""Read-only API over the same gates as the pages (identity numbers masked)."""

from rest_framework import viewsets

from ..models import ServiceRecord
from ..permissions import cases_visible_to, clients_visible_to, imports_visible_to
from .serializers import CaseSerializer, ClientSerializer, ImportSerializer, ServiceRecordSerializer


class ClientViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ClientSerializer

    def get_queryset(self):
        return clients_visible_to(user=self.request.user).order_by("pk")


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer

    def get_queryset(self):
        return cases_visible_to(user=self.request.user).prefetch_related("sub_items").order_by("pk")


class ServiceRecordViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ServiceRecordSerializer

    def get_queryset(self):
        visible = cases_visible_to(user=self.request.user).values("pk")
        return (
            ServiceRecord.objects.filter(case__in=visible).select_related("sub_item").order_by("pk")
        )


class ImportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ImportSerializer

    def get_queryset(self):
        return imports_visible_to(user=self.request.user).order_by("pk")
