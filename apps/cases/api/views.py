"""Read-only API over the same gates as the pages (identity numbers masked)."""

from django.db.models import Prefetch
from rest_framework import viewsets

from apps.catalogue.models import SubItem
from apps.core.api import ScopedViewSet

from ..models import ServiceRecord
from ..permissions import cases_visible_to, clients_visible_to, imports_visible_to
from .serializers import (
    CASE_COLUMNS,
    CaseSerializer,
    ClientSerializer,
    ImportSerializer,
    ServiceRecordSerializer,
)


class ClientViewSet(ScopedViewSet):
    serializer_class = ClientSerializer
    visible_to = staticmethod(clients_visible_to)


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases in scope, by id. The rows carry the serializer's columns only (the client's
    masked number is the one joined row; the sub-items' codes come in one more query), not
    the gate's joins for the pages (contract, street, community, worker, client in full)."""

    serializer_class = CaseSerializer

    def get_queryset(self):
        return (
            cases_visible_to(user=self.request.user)
            .select_related(None)
            .select_related("client")
            .only(*CASE_COLUMNS, "client__id_masked")
            .prefetch_related(Prefetch("sub_items", queryset=SubItem.objects.only("pk", "code")))
            .order_by("pk")
        )


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
