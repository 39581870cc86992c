from django.apps import AppConfig


class CasesConfig(AppConfig):
    verbose_name = "服务对象与个案"
    name = "apps.cases"
    label = "cases"

    def ready(self):
        from .bulk import register_kind

        register_kind()
