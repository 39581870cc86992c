from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    verbose_name = "承接机构与评估机构"
    name = "apps.agencies"
    label = "agencies"
