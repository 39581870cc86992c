from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "公共基础"
    name = "apps.core"
    label = "core"
