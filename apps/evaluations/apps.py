from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    verbose_name = "评估与付款"
    name = "apps.evaluations"
    label = "evaluations"
