from apps.core.api import api_router

from . import views

urlpatterns = api_router(
    ("community/archives", views.ArchiveViewSet, "community-archive"),
    ("community/resources", views.ResourceViewSet, "community-resource"),
    ("community/studies", views.StudyViewSet, "community-study"),
    ("community/trainings", views.TrainingViewSet, "community-training"),
    ("community/incubations", views.IncubationViewSet, "community-incubation"),
    ("community/projects", views.ProjectViewSet, "community-project"),
    ("community/meetings", views.MeetingViewSet, "community-meeting"),
    ("community/quarterly-reports", views.QuarterlyViewSet, "community-quarterly"),
).urls
