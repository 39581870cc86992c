from apps.core.api import api_router

from .views import PersonViewSet, ProfileViewSet, TeamViewSet

urlpatterns = api_router(
    ("qualification-profiles", ProfileViewSet, "qualification-profile"),
    ("staff", PersonViewSet, "staff"),
    ("teams", TeamViewSet, "team"),
).urls
