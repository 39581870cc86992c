"""Read-only API over the same gates as the pages (identity numbers masked)."""

from rest_framework import viewsets

from apps.core.api import ScopedViewSet

from ..models import ServiceRecord
from ..permissions import cases_visible_to, clients_visible_to, imports_visible_to
from .serializers import CaseSerializer, ClientSerializer, ImportSerializer, ServiceRecordSerializer


class ClientViewSet(ScopedViewSet):
    serializer_class = ClientSerializer
    visible_to = staticmethod(clients_visible_to)


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


class ImportViewSet(ScopedViewSet):
    serializer_class = ImportSerializer
    visible_to = staticmethod(imports_visible_to)
