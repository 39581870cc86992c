from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "门户"
    name = "apps.core"
    label = "core"
