from rest_framework.routers import SimpleRouter

from .views import SnapshotViewSet

router = SimpleRouter()
router.register("snapshots", SnapshotViewSet, basename="snapshot")
urlpatterns = router.urls
