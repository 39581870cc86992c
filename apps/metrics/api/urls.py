from apps.core.api import api_router

from .views import SnapshotViewSet

urlpatterns = api_router(("snapshots", SnapshotViewSet, "snapshot")).urls
