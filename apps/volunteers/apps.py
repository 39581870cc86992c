from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    verbose_name = "志愿者"
    name = "apps.volunteers"
    label = "volunteers"

    def ready(self):
        from .records import register_all

        register_all()
