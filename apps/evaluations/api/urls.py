from apps.core.api import api_router

from .views import EvaluationViewSet, PaymentViewSet, ResultViewSet, RubricViewSet, ScoreViewSet

urlpatterns = api_router(
    ("evaluation-rubrics", RubricViewSet, "evaluation-rubric"),
    ("evaluations", EvaluationViewSet, "evaluation"),
    ("evaluation-scores", ScoreViewSet, "evaluation-score"),
    ("evaluation-results", ResultViewSet, "evaluation-result"),
    ("payments", PaymentViewSet, "payment"),
).urls
