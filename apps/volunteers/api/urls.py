from apps.core.api import api_router

from . import views

urlpatterns = api_router(
    ("volunteers/teams", views.TeamViewSet, "volunteer-team"),
    ("volunteers/people", views.VolunteerViewSet, "volunteer"),
).urls
