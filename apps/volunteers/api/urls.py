from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("volunteers/teams", views.TeamViewSet, basename="volunteer-team")
router.register("volunteers/people", views.VolunteerViewSet, basename="volunteer")
urlpatterns = router.urls
