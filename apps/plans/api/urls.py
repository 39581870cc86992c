from apps.core.api import api_router

from .views import AdjustmentViewSet, CommissionViewSet, PlanViewSet

urlpatterns = api_router(
    ("plans", PlanViewSet, "plan"),
    ("plan-adjustments", AdjustmentViewSet, "plan-adjustment"),
    ("commissions", CommissionViewSet, "commission"),
).urls
