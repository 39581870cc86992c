from rest_framework.routers import SimpleRouter

from .views import CaseViewSet, ClientViewSet, ImportViewSet, ServiceRecordViewSet

router = SimpleRouter()
router.register("clients", ClientViewSet, basename="client")
router.register("cases", CaseViewSet, basename="case")
router.register("service-records", ServiceRecordViewSet, basename="service-record")
router.register("target-list-imports", ImportViewSet, basename="target-list-import")
urlpatterns = router.urls
