from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    verbose_name = "志愿者"
    name = "apps.volunteers"
    label = "volunteers"
