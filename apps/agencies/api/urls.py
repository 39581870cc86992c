from rest_framework.routers import SimpleRouter

from apps.procurement.api.views import EvaluatorContractViewSet, TenderViewSet

from .views import PersonViewSet, ProfileViewSet, TeamViewSet

router = SimpleRouter()
router.register("qualification-profiles", ProfileViewSet, basename="qualification-profile")
router.register("staff", PersonViewSet, basename="staff")
router.register("teams", TeamViewSet, basename="team")
# Procurement's new endpoints ride on this router until the shared router lists them.
router.register("tenders", TenderViewSet, basename="tender")
router.register("evaluator-contracts", EvaluatorContractViewSet, basename="evaluator-contract")
urlpatterns = router.urls
