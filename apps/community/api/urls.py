from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("community/archives", views.ArchiveViewSet, basename="community-archive")
router.register("community/resources", views.ResourceViewSet, basename="community-resource")
router.register("community/studies", views.StudyViewSet, basename="community-study")
router.register("community/trainings", views.TrainingViewSet, basename="community-training")
router.register("community/incubations", views.IncubationViewSet, basename="community-incubation")
router.register("community/projects", views.ProjectViewSet, basename="community-project")
router.register("community/meetings", views.MeetingViewSet, basename="community-meeting")
router.register(
    "community/quarterly-reports", views.QuarterlyViewSet, basename="community-quarterly"
)
urlpatterns = router.urls
