from django.apps import AppConfig


class MetricsConfig(AppConfig):
    verbose_name = "完成指标"
    name = "apps.metrics"
    label = "metrics"
