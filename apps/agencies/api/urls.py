from apps.core.api import api_router
from apps.procurement.api.views import EvaluatorContractViewSet, TenderViewSet

from .views import PersonViewSet, ProfileViewSet, TeamViewSet

urlpatterns = api_router(
    ("qualification-profiles", ProfileViewSet, "qualification-profile"),
    ("staff", PersonViewSet, "staff"),
    ("teams", TeamViewSet, "team"),
    # Procurement's new endpoints ride on this router until the shared router lists them.
    ("tenders", TenderViewSet, "tender"),
    ("evaluator-contracts", EvaluatorContractViewSet, "evaluator-contract"),
).urls
