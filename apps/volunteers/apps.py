from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    verbose_name = "志愿者"
    name = "apps.volunteers"
    label = "volunteers"

    def ready(self):
        from apps.core.bulk.kinds import register

        from .bulk import KIND as bulk_kind
        from .records import register_all

        register_all()
        register(bulk_kind)
