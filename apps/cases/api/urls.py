from apps.core.api import api_router

from .views import CaseViewSet, ClientViewSet, ImportViewSet, ServiceRecordViewSet

urlpatterns = api_router(
    ("clients", ClientViewSet, "client"),
    ("cases", CaseViewSet, "case"),
    ("service-records", ServiceRecordViewSet, "service-record"),
    ("target-list-imports", ImportViewSet, "target-list-import"),
).urls
