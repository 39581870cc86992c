from django.apps import AppConfig


class CasesConfig(AppConfig):
    verbose_name = "服务对象与个案"
    name = "apps.cases"
    label = "cases"

    def ready(self):
        from apps.core.bulk.kinds import register

        from .bulk import KIND as bulk_kind

        register(bulk_kind)
