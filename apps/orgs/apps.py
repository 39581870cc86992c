from django.apps import AppConfig


class OrgsConfig(AppConfig):
    verbose_name = "组织机构"
    name = "apps.orgs"
    label = "orgs"
