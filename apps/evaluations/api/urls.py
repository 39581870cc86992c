from rest_framework.routers import SimpleRouter

from .views import EvaluationViewSet, PaymentViewSet, ResultViewSet, RubricViewSet, ScoreViewSet

router = SimpleRouter()
router.register("evaluation-rubrics", RubricViewSet, basename="evaluation-rubric")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register("evaluation-scores", ScoreViewSet, basename="evaluation-score")
router.register("evaluation-results", ResultViewSet, basename="evaluation-result")
router.register("payments", PaymentViewSet, basename="payment")
urlpatterns = router.urls
