from rest_framework.routers import SimpleRouter

from .views import AdjustmentViewSet, CommissionViewSet, PlanViewSet

router = SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("plan-adjustments", AdjustmentViewSet, basename="plan-adjustment")
router.register("commissions", CommissionViewSet, basename="commission")
urlpatterns = router.urls
