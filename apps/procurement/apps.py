from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    verbose_name = "试点轮次与采购"
    name = "apps.procurement"
    label = "procurement"
