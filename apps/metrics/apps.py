from django.apps import AppConfig


class MetricsConfig(AppConfig):
    verbose_name = "完成指标"
    name = "apps.metrics"
    label = "metrics"

    def ready(self):
        from apps.core.changes import contract_changed

        from .services import contract_changed_receiver

        contract_changed.connect(contract_changed_receiver, dispatch_uid="metrics.recompute")
