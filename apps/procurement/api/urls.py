from apps.core.api import api_router

from .views import EvaluatorContractViewSet, TenderViewSet

# Units and contracts are on the shared router (suzhou_pilot/urls.py), listed in the API root.
urlpatterns = api_router(
    ("tenders", TenderViewSet, "tender"),
    ("evaluator-contracts", EvaluatorContractViewSet, "evaluator-contract"),
).urls
