from django.apps import AppConfig


class PortalConfig(AppConfig):
    verbose_name = "门户"
    name = "apps.portal"
    label = "portal"
